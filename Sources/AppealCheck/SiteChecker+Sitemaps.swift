import AppealModel

extension SiteChecker {
    /// `sitemap.xml` (a urlset, or an index of child urlsets): valid against the schema, within the limits,
    /// listing every indexable page once and no noindex page.
    func checkSitemaps(_ c: Collected, _ files: [(String, SitemapValidator.Report)], _ all: inout Tallies) -> (files: Int, urls: Int) {
        // Sitemaps are written by the engine, not by editors: problems in their structure have no content file.
        func problem(_ message: String, hint: String? = nil) { all.add(.validity, .error(message, at: nil, hint: hint)) }
        let byPath = Dictionary(files, uniquingKeysWith: { a, _ in a })
        guard let root = byPath["/sitemap.xml"] else {
            problem("the site has no /sitemap.xml")
            return (files.count, 0)
        }
        for p in root.problems { problem("sitemap.xml: \(p)") }
        var urlsets: [(String, SitemapValidator.Report)] = []
        switch root.kind {
        case .urlset:
            urlsets = [("/sitemap.xml", root)]
            if files.count > 1 { problem("sitemap.xml is a urlset, but \(files.count - 1) child sitemaps were written too") }
        case .index:
            var listed = Set<String>()
            for loc in root.locs {
                let prefix = base.absolute("/")
                guard loc.hasPrefix(prefix), let child = byPath["/" + loc.dropFirst(prefix.count)] else {
                    problem("sitemap index lists \(loc), which is not a sitemap of this site")
                    continue
                }
                let path = "/" + loc.dropFirst(prefix.count)
                if !listed.insert(path).inserted { problem("sitemap index lists \(loc) twice") }
                for p in child.problems { problem("\(path.dropFirst()): \(p)") }
                if child.kind != .urlset { problem("\(path.dropFirst()) is listed in the index but is not a <urlset>") }
                urlsets.append((path, child))
            }
            for (path, _) in files where path != "/sitemap.xml" && !listed.contains(path) {
                problem("\(path.dropFirst()) was written but the sitemap index does not list it")
            }
        case .unknown:
            break
        }

        var listed = [Bool](repeating: false, count: pages.count)
        var urls = 0
        let prefix = base.absolute("/")
        for (file, report) in urlsets {
            for loc in report.locs {
                urls += 1
                guard loc.hasPrefix(prefix), let p = pageByPath["/" + loc.dropFirst(prefix.count)] else {
                    problem("\(file.dropFirst()) lists \(loc), which is not a page of this site",
                            hint: "a sitemap lists only pages under base_url (\(prefix))")
                    continue
                }
                if listed[p] { all.add(.validity, .error("the sitemap lists this page twice", at: nil), page: p) }
                listed[p] = true
                if c.records[p].noindex || !pages[p].indexable {
                    all.add(.seo, .error("a noindex page is listed in the sitemap", at: sources.theme(pages[p].kind, containing: "robots"),
                                         hint: "a page is either indexable and in the sitemap, or noindex and left out"), page: p)
                }
            }
        }
        for (p, page) in pages.enumerated() where page.indexable && !listed[p] && !c.records[p].noindex && c.records[p].inspected {
            all.add(.seo, .warning("an indexable page is missing from the sitemap", at: sources.theme(page.kind, containing: "robots"),
                                   hint: "its robots meta allows indexing but the sitemap leaves it out; themes should write {{meta.robots}}"), page: p)
        }
        return (files.count, urls)
    }
}
