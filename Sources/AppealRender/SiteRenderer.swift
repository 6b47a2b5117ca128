import AppealModel
import AppealPlan

/// Renders every output of a planned site. Pure: returns (site path, bytes) and writes nothing, so the
/// caller decides where bytes go and can call it from several threads at once.
public struct SiteRenderer: Sendable {
    public let plan: SitePlan
    public let theme: Theme
    let fragments: [FragmentHTML]
    let hubBodies: [[String]]
    /// Cells per dimension value: `cellsByValue[d][e]`.
    let cellsByValue: [[[Int]]]

    public init(plan: SitePlan, theme: Theme) {
        self.plan = plan
        self.theme = theme
        let raw = plan.site.config.rawHTML
        fragments = plan.fragmentBodies.map { FragmentHTML($0, allowRawHTML: raw) }
        hubBodies = plan.site.entities.map { list in list.map { $0.body.allSatisfy(\.isWhitespace) ? "" : Markdown.html($0.body, allowRawHTML: raw) } }
        var byValue = plan.site.entities.map { list in [[Int]](repeating: [], count: list.count) }
        for (i, cell) in plan.cells.enumerated() {
            for (d, e) in cell.values.enumerated() { byValue[d][e].append(i) }
        }
        cellsByValue = byValue
    }

    var site: Site { plan.site }
    var base: BaseURL { site.config.baseURL }
    var dimensions: [Dimension] { site.matrix.dimensions }

    public func isIndexable(_ cell: Cell) -> Bool { !(cell.thin && site.config.thinPages == .noindex) }

    /// Output file for a site path: `/a/b/` → `a/b/index.html`.
    public static func file(for sitePath: String) -> String {
        let trimmed = String(sitePath.drop { $0 == "/" })
        return trimmed.isEmpty || trimmed.hasSuffix("/") ? trimmed + "index.html" : trimmed
    }

    // MARK: Common values

    func common(title: String, description: String, sitePath: String?, robots: String, ogType: String, jsonLd: JSON?,
                breadcrumbs: [(name: String, path: String?)]) -> [String: Any] {
        var meta: [String: Any] = ["title": title, "description": description, "robots": robots, "ogType": ogType]
        if let sitePath { meta["canonical"] = base.absolute(sitePath) }
        if let jsonLd { meta["jsonLd"] = jsonLd.text }
        var siteValues: [String: Any] = [
            "name": site.config.name, "language": site.config.language, "disclaimer": site.config.disclaimer,
            "homeUrl": base.relative("/"), "stylesheetUrl": base.relative("/assets/style.css") + "?v=" + theme.stylesheetVersion,
            "buildDate": plan.buildDate.description,
            "dimensions": dimensions.enumerated().map { d, dim in
                ["label": dim.label, "plural": dim.plural, "url": base.relative("/#" + dim.key)] as [String: Any]
            },
        ]
        if let tagline = site.config.tagline { siteValues["tagline"] = tagline }
        let crumbs: [[String: Any]] = breadcrumbs.enumerated().map { i, c in
            var item: [String: Any] = ["name": c.name, "last": i == breadcrumbs.count - 1]
            if let p = c.path { item["url"] = base.relative(p) }
            return item
        }
        return ["site": siteValues, "meta": meta, "breadcrumbs": crumbs]
    }

    func breadcrumbJSON(_ crumbs: [(name: String, path: String?)]) -> JSON {
        .breadcrumbs(crumbs.compactMap { c in c.path.map { (c.name, base.absolute($0)) } })
    }

    func ladders(_ slugs: [String]) -> [[String: Any]] {
        slugs.compactMap { site.policies[$0] }.map { p in
            var v: [String: Any] = [
                "id": p.slug, "name": p.name, "shortName": p.shortName, "sourceUrl": p.source,
                "reviewed": p.reviewed.description, "reviewedText": p.reviewed.longText,
                "levels": p.levels.enumerated().map { i, l in
                    var level: [String: Any] = ["number": i + 1, "name": l.name, "decidedBy": l.decidedBy,
                                                "deadline": l.deadline.description, "decision": l.decision.description, "citation": l.citation]
                    if let f = l.form { level["form"] = f }
                    if let n = l.note { level["note"] = n }
                    return level
                },
            ]
            if let s = p.summary { v["summary"] = s }
            if let r = p.regulation { v["regulation"] = r }
            if let n = p.note { v["note"] = n }
            return v
        }
    }

    func criteria(_ entities: [Entity]) -> [[String: Any]] {
        entities.compactMap { e in
            guard let c = e.criteria else { return nil }
            var v: [String: Any] = ["title": c.title, "source": c.source, "items": c.items, "entity": e.name]
            if let u = c.url { v["url"] = u }
            if let codes = c.codes { v["codes"] = codes }
            if let r = c.reviewed { v["reviewed"] = r.description; v["reviewedText"] = r.longText }
            return v
        }
    }

    /// Policy slugs of a set of entities, in order, without repeats.
    func policySlugs(_ entities: [Entity]) -> [String] {
        var seen = Set<String>()
        return entities.flatMap(\.policies).filter { seen.insert($0).inserted }
    }

    // MARK: Site-level pages

    public func renderHome() -> String {
        let crumbs: [(name: String, path: String?)] = [("Home", "/")]
        let description = site.config.description ?? site.config.tagline ?? site.config.name
        var context = common(title: site.config.name, description: description, sitePath: "/", robots: "index,follow", ogType: "website",
                             jsonLd: .graph([.object([("@type", .string("WebSite")), ("name", .string(site.config.name)), ("url", .string(base.absolute("/")))])]),
                             breadcrumbs: crumbs)
        context["h1"] = site.config.name
        context["dimensions"] = dimensionIndex()
        context["pageCount"] = plan.cells.count
        return theme.render("home", context)
    }

    func dimensionIndex() -> [[String: Any]] {
        dimensions.enumerated().map { d, dim in
            ["label": dim.label, "plural": dim.plural, "key": dim.key,
             "entries": site.entities[d].enumerated().compactMap { e, entity -> [String: Any]? in
                 cellsByValue[d][e].isEmpty ? nil : ["name": entity.name, "url": base.relative(plan.hubPaths[d][e]), "pageCount": cellsByValue[d][e].count]
             }] as [String: Any]
        }
    }

    public func render404() -> String {
        var context = common(title: "Page not found · \(site.config.name)", description: "This page does not exist.", sitePath: nil,
                             robots: "noindex,follow", ogType: "website", jsonLd: nil, breadcrumbs: [("Home", "/"), ("Page not found", nil)])
        context["h1"] = "Page not found"
        context["dimensions"] = dimensionIndex()
        return theme.render("404", context)
    }

    /// Hub page of value `e` of dimension `d`, or nil when no page uses that value.
    public func renderHub(dimension d: Int, entity e: Int) -> String? {
        let cells = cellsByValue[d][e]
        guard !cells.isEmpty else { return nil }
        let entity = site.entities[d][e], dim = dimensions[d]
        let path = plan.hubPaths[d][e]
        let crumbs: [(name: String, path: String?)] = [("Home", "/"), (dim.plural, "/#" + dim.key), (entity.name, path)]
        let description = "\(dim.label): \(entity.name). Appeal guides for \(cells.count) situations, with deadlines and the documents to send."
        var context = common(title: "\(entity.name) · \(site.config.name)", description: description, sitePath: path,
                             robots: "index,follow", ogType: "website",
                             jsonLd: .graph([.object([("@type", .string("CollectionPage")), ("name", .string(entity.name)), ("url", .string(base.absolute(path)))]),
                                             breadcrumbJSON(crumbs)]),
                             breadcrumbs: crumbs.enumerated().map { $0.offset == 1 ? ($0.element.name, nil) : $0.element })
        context["h1"] = entity.name
        context["dimension"] = ["label": dim.label, "plural": dim.plural]
        if !hubBodies[d][e].isEmpty { context["bodyHtml"] = hubBodies[d][e] }
        context["ladders"] = ladders(policySlugs([entity]))
        context["criteria"] = criteria([entity])
        context["pageCount"] = cells.count
        // Group by the next dimension so a payer hub lists procedures, a procedure hub lists payers.
        let g = dimensions.count > 1 ? (d + 1) % dimensions.count : d
        var groups: [Int: [Int]] = [:]
        for c in cells { groups[plan.cells[c].values[g], default: []].append(c) }
        context["groups"] = groups.keys.sorted().map { key -> [String: Any] in
            ["heading": site.entities[g][key].name,
             "links": groups[key]!.map { c -> [String: Any] in
                 let cell = plan.cells[c]
                 let name = dimensions.indices.filter { $0 != d && $0 != g }.map { site.entities[$0][cell.values[$0]].name }.joined(separator: " · ")
                 return ["name": name.isEmpty ? site.entities[g][key].name : name, "url": base.relative(cell.path), "thin": cell.thin]
             }]
        }
        return theme.render("hub", context)
    }

    // MARK: Sitemap and robots

    public func sitemapFiles(maxURLs: Int = Sitemap.maxURLs) -> [(String, String)] {
        var entries = [Sitemap.Entry(url: base.absolute("/"), lastModified: nil)]
        for d in dimensions.indices {
            for e in site.entities[d].indices where !cellsByValue[d][e].isEmpty {
                entries.append(.init(url: base.absolute(plan.hubPaths[d][e]), lastModified: nil))
            }
        }
        for cell in plan.cells where isIndexable(cell) {
            entries.append(.init(url: base.absolute(cell.path), lastModified: sources(cell).map { $0.reviewed }.compactMap { $0 }.max()))
        }
        return Sitemap.files(entries, absolute: base.absolute, maxURLs: maxURLs)
    }

    public func robots() -> String {
        "User-agent: *\nAllow: /\n\nSitemap: \(base.absolute("/sitemap.xml"))\n"
    }
}
