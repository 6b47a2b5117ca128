import AppealModel
import AppealPlan

extension ContentChecks {
    /// A translation whose source changed since it was marked (or that was never marked): a
    /// warning at the translation, with the pages it keeps out of search engines under `review: required`.
    func staleTranslations() -> [Finding] {
        var findings: [Finding] = []
        for (f, fragment) in site.fragments.enumerated() where fragment.translation == .stale {
            let pages = landing[f]
            let held = site.config.review == .required ? " (its \(pages.count) page\(pages.count == 1 ? " is" : "s are") noindex until then)" : ""
            findings.append(Finding(.content, .warning(
                "translation is stale: `\(fragment.translates ?? "")` changed since this translation was marked, or it was never marked\(held)",
                at: fragment.location,
                hint: "update the translation to match its source, then run `appealpress translate mark \(fragment.location.file)` and review it again"),
                pages: pages, examples: examples(pages)))
        }
        return findings
    }
}
