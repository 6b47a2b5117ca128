import AppealModel
import AppealPlan

extension ContentChecks {
    /// Under `review: required`, one finding per unreviewed file that keeps pages out of search
    /// engines: which file, why (never reviewed, or changed since), and how many pages it holds back.
    func reviewGate() -> [Finding] {
        guard site.config.review == .required else { return [] }
        var held: [String: [Int]] = [:]
        var order: [String] = []
        var ungated = site.config
        ungated.review = .optional
        for (i, cell) in plan.cells.enumerated() where cell.needsReview && cell.isIndexable(under: ungated) {
            for file in plan.inputFiles(cell) where !site.reviews.isReviewed(file) {
                if held[file] == nil { order.append(file) }
                held[file, default: []].append(i)
            }
        }
        let book = site.reviews
        let ids = book.reviewers.keys.sorted()
        let by = ids.count == 1 ? ids[0] : "ID" + (ids.isEmpty ? " (add reviewers to reviewers.yaml first)" : " (one of \(ids.joined(separator: ", ")))")
        return order.sorted().map { file in
            let pages = held[file]!
            let n = pages.count
            var why = "has never been reviewed"
            if let latest = (book.stale[file] ?? []).map({ book.records[$0] }).max(by: { $0.date < $1.date }) {
                why = "changed since `\(latest.reviewer)` reviewed it on \(latest.date)"
            }
            return Finding(.reviews, .warning(
                "\(why), so \(n) page\(n == 1 ? " is" : "s are") built noindex and left out of the sitemap (`review: required` in site.yaml)",
                at: SourceLocation(file: file), hint: "once someone has checked it: appealpress review approve \(file) --by \(by)"),
                pages: pages, examples: examples(pages))
        }
    }
}
