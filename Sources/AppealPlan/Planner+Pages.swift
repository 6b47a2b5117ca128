import AppealModel

extension Planner {
    /// What the planner adds to the matrix: index pages per dimension, guided hubs, standalone pages.
    struct OtherPages {
        var indexPaths: [String] = []
        var pairHubs: [PairHub] = []
        var pairByValues: [[Int]] = []
        var pageBodies: [BoundTemplate] = []
        var pageIndexable: [Bool] = []
        var pageTitles: [String] = []
        var pageDescriptions: [String] = []
    }

    /// Plans the pages that are not cells or value hubs and claims their URLs: a URL that a cell, a
    /// hub or another such page already has is an error naming both. `claimed` holds the URLs of
    /// cells (their index) and hubs (negative codes, as the cell loop claims them).
    mutating func planOtherPages(cells: [Cell], hubPaths: [[String]], claimed paths: inout [String: Int]) -> OtherPages {
        var out = OtherPages()
        let dims = site.matrix.dimensions
        var owners: [String: String] = [:]
        func owner(of code: Int) -> String {
            if code >= 0 { return "page " + cells[code].values.enumerated().map { site.entities[$0][$1].slug }.joined(separator: " × ") }
            let d = (-1 - code) / 1_000_000, e = (-1 - code) % 1_000_000
            return "the hub of \(dims[d].key) `\(site.entities[d][e].slug)` (\(site.entities[d][e].location.file))"
        }
        func claim(_ path: String, _ name: String, at location: SourceLocation?, hint: String) -> Bool {
            let other = owners[path] ?? paths[path].map(owner)
            if let other {
                diagnostics.error("URL \(path) is used by \(name) and by \(other)", at: location, hint: hint)
                return false
            }
            owners[path] = name
            return true
        }
        for dim in dims {
            let path = "/\(dim.folder)/"
            out.indexPaths.append(path)
            _ = claim(path, "the index page of \(dim.plural.lowercased()) (`folder: \(dim.folder)` in matrix.yaml)", at: site.matrix.url.placeholders.first?.location,
                      hint: "give each dimension its own `folder`, or change the URL pattern so pages do not start with /\(dim.folder)/")
        }
        if dims.count > 2 {
            let count0 = site.entities[0].count, count1 = site.entities[1].count
            var byValues = [[Int]](repeating: [Int](repeating: -1, count: count1), count: count0)
            // Guided hubs are built in the default language only.
            for (i, cell) in cells.enumerated() where cell.language == 0 {
                let a = cell.values[0], b = cell.values[1]
                if byValues[a][b] < 0 {
                    byValues[a][b] = out.pairHubs.count
                    let path = "/\(dims[0].folder)/\(site.entities[0][a].slug)/\(site.entities[1][b].slug)/"
                    out.pairHubs.append(PairHub(first: a, second: b, path: path, cells: []))
                }
                out.pairHubs[byValues[a][b]].cells.append(i)
            }
            let thin = site.matrix.thinSection.flatMap { name in site.matrix.sections.firstIndex { $0.name == name } }
            for h in out.pairHubs.indices {
                let hubCells = out.pairHubs[h].cells
                if let thin, let f = cells[hubCells[0]].fragments[thin], hubCells.allSatisfy({ cells[$0].fragments[thin] == f }), pairOnly(f) {
                    out.pairHubs[h].article = f
                }
                out.pairHubs[h].indexable = site.config.thinPages == .index
                    || (out.pairHubs[h].article != nil && hubCells.contains { cells[$0].isIndexable(under: site.config) })
            }
            for hub in out.pairHubs {
                let name = "the guided hub of \(dims[0].key) `\(site.entities[0][hub.first].slug)` × \(dims[1].key) `\(site.entities[1][hub.second].slug)`"
                _ = claim(hub.path, name, at: site.matrix.url.placeholders.first?.location,
                          hint: "guided hubs live at /\(dims[0].folder)/<\(dims[0].key)>/<\(dims[1].key)>/; change the URL pattern so no page uses that address")
            }
            out.pairByValues = byValues
        }
        for page in site.pages {
            if let language = languageOwning(path: page.path) {
                let place = page.path == language.path("/") ? "is the home page of \(language.name) (`\(language.code)`)" : "lies under the pages of \(language.name) (`\(language.code)`)"
                diagnostics.error("URL \(page.path) of the page \(page.location.file) \(place): \(language.prefix)/ is that language's prefix in site.yaml, and standalone pages are built in the default language only",
                                  at: page.pathLocation, hint: "give the page a `url:` outside \(language.prefix)/, or rename the file")
            } else {
                _ = claim(page.path, "the page \(page.location.file)", at: page.pathLocation,
                          hint: "give the page another `url:` in its front matter, or rename the file")
            }
            out.pageBodies.append(bindSiteWide(page.body))
            for (text, list) in [(page.title, \OtherPages.pageTitles), (page.description, \OtherPages.pageDescriptions)] {
                let parsed = PlaceholderText.parse(text, origin: page.location, diagnostics: &diagnostics)
                let bound = bindSiteWide(parsed)
                out[keyPath: list].append(bound.parts.map { part -> String in
                    switch part {
                    case .text(let s): return s
                    case .value(.constant(let s)): return s
                    case .value: return ""
                    }
                }.joined())
            }
            out.pageIndexable.append(site.config.review != .required || site.reviews.isReviewed(page.location.file))
        }
        return out
    }

    /// Whether fragment `f` reads only values of the first two dimensions and site-wide ones, so it
    /// says the same on every page of a guided hub.
    func pairOnly(_ f: Int) -> Bool {
        site.fragments[f].body.placeholders.allSatisfy { p in
            switch scope.bind(p) {
            case .success(.entityField(let d, _)), .success(.criteria(let d, _)): return d < 2
            case .success(.offer): return false
            case .success(.constant), .success(.timeLimit): return true
            case .failure: return false
            }
        }
    }

    /// A standalone page's text: only placeholders with one value on the whole site (the site's name,
    /// a policy's deadline, the build date) can be used, since the page is no cell.
    mutating func bindSiteWide(_ text: PlaceholderText) -> BoundTemplate {
        for p in text.placeholders {
            guard case .success(let b) = scope.bind(p) else { continue }
            if case .constant = b { continue }
            if case .timeLimit = b { continue }
            diagnostics.error("`{{ \(p.name) }}` cannot be used on a standalone page: it has a value per matrix page, and this page is none",
                              at: p.location, hint: "use site-wide placeholders here, such as `{{ site.name }}` or `{{ policies.<slug>.levels.1.deadline }}`")
        }
        return bind(text)
    }
}
