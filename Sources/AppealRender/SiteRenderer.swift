import Foundation

/// Foundation has a `Dimension` too; here the word means a matrix dimension.
typealias Dimension = AppealModel.Dimension
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

    /// "1 guide", "12 guides".
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
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
        let stylesheet: String = base.relative("/assets/style.css") + "?v=" + theme.stylesheetVersion
        let locale: String = site.config.language.replacingOccurrences(of: "-", with: "_")
        let nav: [[String: Any]] = dimensions.map { dim in ["label": dim.label, "plural": dim.plural, "url": base.relative("/#" + dim.key)] }
        var siteValues: [String: Any] = [
            "name": site.config.name, "language": site.config.language, "disclaimer": site.config.disclaimer,
            "homeUrl": base.relative("/"), "ogLocale": locale, "stylesheetUrl": stylesheet,
            "buildDate": plan.buildDate.description, "dimensions": nav,
        ]
        Self.setOptional(&siteValues, "tagline", site.config.tagline)
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
                    // The number alone, for emphasis ("120 days"), and the rest ("from receipt of …").
                    if let amount = l.deadline.amount, l.deadline.unit != nil {
                        level["deadlineAmount"] = TimeLimit(amount: amount, unit: l.deadline.unit!, calendar: l.deadline.calendar).description
                    }
                    Self.setOptional(&level, "deadlineAmount", level["deadlineAmount"] as? String)
                    Self.setOptional(&level, "deadlineFrom", l.deadline.from.map { "from " + $0 })
                    Self.setOptional(&level, "form", l.form)
                    Self.setOptional(&level, "note", l.note)
                    return level
                },
            ]
            Self.setOptional(&v, "summary", p.summary)
            v["regulation"] = p.regulation ?? p.name
            Self.setOptional(&v, "note", p.note)
            return v
        }
    }

    /// Sets `key` to the value, or to `false` when it is missing or empty. Mustache looks a missing key up
    /// in the enclosing context, so a level without a note would otherwise show its ladder's note.
    static func setOptional(_ dict: inout [String: Any], _ key: String, _ value: String?) {
        if let value, !value.allSatisfy(\.isWhitespace) { dict[key] = value } else { dict[key] = false }
    }

    func criteria(_ entities: [Entity]) -> [[String: Any]] {
        entities.compactMap { e in
            guard let c = e.criteria else { return nil }
            var v: [String: Any] = ["title": c.title, "source": c.source, "items": c.items, "entity": e.name]
            Self.setOptional(&v, "url", c.url)
            Self.setOptional(&v, "codes", c.codes)
            Self.setOptional(&v, "reviewed", c.reviewed?.description)
            Self.setOptional(&v, "reviewedText", c.reviewed?.longText)
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
        context["pageCountText"] = Self.count(plan.cells.count, "guide")
        return theme.render("home", context)
    }

    func dimensionIndex() -> [[String: Any]] {
        dimensions.indices.map { d -> [String: Any] in
            var entries: [[String: Any]] = []
            for (e, entity) in site.entities[d].enumerated() where !cellsByValue[d][e].isEmpty {
                let n = cellsByValue[d][e].count
                entries.append(["name": entity.name, "url": base.relative(plan.hubPaths[d][e]), "pageCount": n, "pageCountText": Self.count(n, "guide")])
            }
            let dim = dimensions[d]
            return ["label": dim.label, "plural": dim.plural, "key": dim.key, "entries": entries]
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
                             breadcrumbs: crumbs)
        context["h1"] = entity.name
        context["dimension"] = ["label": dim.label, "plural": dim.plural]
        Self.setOptional(&context, "bodyHtml", hubBodies[d][e])
        context["ladders"] = ladders(policySlugs([entity]))
        context["criteria"] = criteria([entity])
        context["pageCount"] = cells.count
        context["pageCountText"] = Self.count(cells.count, "guide")
        context["hasLadders"] = !(context["ladders"] as! [Any]).isEmpty
        context["hasCriteria"] = !(context["criteria"] as! [Any]).isEmpty
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

    /// When a cell's page last really changed: the newest `reviewed` date of its sources and `updated`
    /// date of its fragments. Not the build date, so an unchanged page keeps its `lastmod`.
    public func lastModified(_ cell: Cell) -> Day? {
        let reviewed = sources(cell).compactMap(\.reviewed).max()
        let updated = cell.fragments.compactMap { $0.flatMap { site.fragments[$0].updated } }.max()
        return [reviewed, updated].compactMap { $0 }.max()
    }

    public func sitemapFiles(maxURLs: Int = Sitemap.maxURLs, maxBytes: Int = Sitemap.maxBytes) -> [(String, String)] {
        var entries = [Sitemap.Entry(url: base.absolute("/"), lastModified: nil)]
        for d in dimensions.indices {
            for e in site.entities[d].indices where !cellsByValue[d][e].isEmpty {
                entries.append(.init(url: base.absolute(plan.hubPaths[d][e]), lastModified: nil))
            }
        }
        for cell in plan.cells where isIndexable(cell) {
            entries.append(.init(url: base.absolute(cell.path), lastModified: lastModified(cell)))
        }
        return Sitemap.files(entries, absolute: base.absolute, maxURLs: maxURLs, maxBytes: maxBytes)
    }

    public func robots() -> String {
        "User-agent: *\nAllow: /\n\nSitemap: \(base.absolute("/sitemap.xml"))\n"
    }
}
