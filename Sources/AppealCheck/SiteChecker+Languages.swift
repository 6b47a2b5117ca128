import AppealModel
import AppealPlan
import AppealRender

extension SiteChecker {
    /// `hreflang` alternates: each names a page of the site that exists, is indexable, and names this
    /// page back with this page's language; each page's own language is among them, and `x-default`
    /// is there when any alternate is.
    func checkAlternates(_ c: Collected, _ all: inout Tallies) {
        // A site in one language has none: no address table of every page is made for it.
        guard c.records.contains(where: { !$0.alternates.isEmpty }) else { return }
        let codes = Set(site.config.languages.map(\.code))
        var byURL: [String: Int] = [:]
        for (p, page) in pages.enumerated() { byURL[base.absolute(page.path)] = p }
        for (p, record) in c.records.enumerated() where !record.alternates.isEmpty {
            let page = pages[p]
            let at = sources.theme(page.kind, containing: "hreflang")
            let own = record.alternates.filter { byURL[$0.href] == p }
            if own.isEmpty {
                all.add(.seo, .error("the page's hreflang alternates do not name the page itself", at: at,
                                     hint: "list every language version, this one included"), page: p)
            }
            if !record.alternates.contains(where: { $0.hreflang == "x-default" }) {
                all.add(.seo, .warning("hreflang alternates without an `x-default`", at: at, hint: "name the default language's version as x-default"), page: p)
            }
            for alternate in record.alternates {
                if alternate.hreflang != "x-default" && !codes.contains(alternate.hreflang) {
                    all.add(.seo, .error("hreflang `\(alternate.hreflang)` is not one of the site's languages", at: at), page: p)
                }
                guard let target = byURL[alternate.href] else {
                    all.add(.seo, .error("hreflang alternate \(alternate.href) is not a page of this site", at: at,
                                         hint: "an alternate must be a page the build writes"), page: p)
                    continue
                }
                guard target != p else { continue }
                if !pages[target].indexable {
                    all.add(.seo, .error("hreflang alternate \(pages[target].path) is noindex", at: at,
                                         hint: "name only indexable versions, or none"), page: p)
                }
                guard alternate.hreflang != "x-default" else { continue }
                let back = c.records[target].alternates
                let ownCode = own.first { $0.hreflang != "x-default" }?.hreflang
                if !back.contains(where: { byURL[$0.href] == p && $0.hreflang == ownCode }) {
                    all.add(.seo, .error("hreflang is not reciprocal: \(pages[target].path) does not name \(page.path) back", at: at,
                                         hint: "each language version must list all the others"), page: p)
                }
            }
        }
    }
}
