import AppealModel
import AppealPlan
import AppealTemplate
import Foundation

/// Foundation has a `Dimension` too; here the word means a matrix dimension.
typealias Dimension = AppealModel.Dimension

/// Renders every output of a planned site. Pure: returns text and writes nothing, so the caller
/// decides where bytes go and can call it from several threads at once.
///
/// Everything that does not depend on the page — the site's values, each policy's ladder, each
/// value's criteria, each fragment's HTML — is built once here and shared by every page.
public struct SiteRenderer: Sendable {
    public let plan: SitePlan
    public let theme: Theme
    /// Each fragment converted on first use: a rebuild that renders few pages converts few fragments.
    let fragments: FragmentCache
    let hubBodies: [[String]]
    /// Cells per dimension value: `cellsByValue[d][e]`.
    let cellsByValue: [[[Int]]]
    let siteValue: TemplateValue
    let ladderValues: [String: TemplateValue]
    /// The free help of each distinct ladder list (`plan.ladderLists`), as a page shows it.
    let helpLists: [[TemplateValue]]
    let criteriaValues: [[TemplateValue?]]
    /// Section names as CSS classes and ids (`next_steps` → `next-steps`).
    let sectionSlugs: [String]
    let parts: PageParts

    /// `previous`, a renderer of an earlier version of the site, lends the HTML of every fragment and
    /// hub body whose text did not change, so a preview's rebuild converts only what was edited.
    public init(plan: SitePlan, theme: Theme, reusing previous: SiteRenderer? = nil) {
        self.plan = plan
        self.theme = theme
        let site = plan.site
        let raw = site.config.rawHTML
        var knownFragments: [BoundTemplate: FragmentHTML] = [:]
        var knownBodies: [String: String] = [:]
        if let previous, previous.plan.site.config.rawHTML == raw {
            for (body, html) in zip(previous.plan.fragmentBodies, previous.fragments.converted) { if let html { knownFragments[body] = html } }
            for (list, htmls) in zip(previous.plan.site.entities, previous.hubBodies) {
                for (entity, html) in zip(list, htmls) { knownBodies[entity.body] = html }
            }
        }
        fragments = FragmentCache(plan.fragmentBodies, allowRawHTML: raw, known: knownFragments)
        hubBodies = plan.site.entities.map { list in
            list.map { $0.body.allSatisfy(\.isWhitespace) ? "" : knownBodies[$0.body] ?? Markdown.html($0.body, allowRawHTML: raw) }
        }
        var byValue = plan.site.entities.map { list in [[Int]](repeating: [], count: list.count) }
        for (i, cell) in plan.cells.enumerated() {
            for (d, e) in cell.values.enumerated() { byValue[d][e].append(i) }
        }
        cellsByValue = byValue
        ladderValues = site.policies.mapValues(Self.ladder)
        helpLists = plan.ladderLists.map { Self.freeHelp($0.compactMap { site.policies[$0] }) }
        criteriaValues = site.entities.map { list in list.map(Self.criteria) }
        siteValue = Self.siteValue(plan: plan, theme: theme)
        sectionSlugs = site.matrix.sections.map { $0.name.replacingOccurrences(of: "_", with: "-") }
        parts = PageParts(plan: plan)
    }

    var site: Site { plan.site }
    var base: BaseURL { site.config.baseURL }
    var dimensions: [Dimension] { site.matrix.dimensions }

    /// The HTML of fragment `f` (`plan.site.fragments[f]`), converted on first use and shared.
    public func fragmentHTML(_ f: Int) -> FragmentHTML { fragments[f] }

    /// How many fragments this renderer has converted from Markdown so far.
    public var fragmentConversions: Int { fragments.conversions.current }

    /// The HTML of the Markdown body of value `e` of dimension `d` ("" when it has none).
    public func bodyHTML(dimension d: Int, entity e: Int) -> String { hubBodies[d][e] }

    public func isIndexable(_ cell: Cell) -> Bool { cell.isIndexable(under: site.config) }

    /// Output file for a site path: `/a/b/` → `a/b/index.html`.
    public static func file(for sitePath: String) -> String {
        let trimmed = String(sitePath.drop { $0 == "/" })
        return trimmed.isEmpty || trimmed.hasSuffix("/") ? trimmed + "index.html" : trimmed
    }

    /// "1 guide", "12 guides".
    static func count(_ n: Int, _ noun: String) -> TemplateValue { .string("\(n) \(noun)\(n == 1 ? "" : "s")") }

    // MARK: Values shared by pages

    static func siteValue(plan: SitePlan, theme: Theme) -> TemplateValue {
        let config = plan.site.config, base = config.baseURL
        let nav: [TemplateValue] = plan.site.matrix.dimensions.enumerated().map { d, dim in
            let path = d < plan.indexPaths.count ? plan.indexPaths[d] : "/#" + dim.key
            return ["label": .string(dim.label), "plural": .string(dim.plural), "key": .string(dim.key), "url": .string(base.relative(path))]
        }
        func menu(_ place: StandalonePage.Menu) -> TemplateValue {
            .list(plan.site.pages.filter { $0.menu == place }.map { ["label": .string($0.menuLabel), "title": .string($0.title), "url": .string(base.relative($0.path))] })
        }
        var ogImage: TemplateValue = false
        if let image = theme.ogImage {
            ogImage = ["url": .string(base.absolute("/assets/" + image.asset)), "width": .int(image.width), "height": .int(image.height),
                       "type": .string("image/png")]
        }
        return [
            "name": .string(config.name), "language": .string(config.language), "disclaimer": .optional(config.disclaimer),
            "tagline": .optional(config.tagline), "homeUrl": .string(base.relative("/")),
            "ogLocale": .string(config.language.replacingOccurrences(of: "-", with: "_")),
            "stylesheetUrl": .string(base.relative("/assets/style.css") + "?v=" + theme.stylesheetVersion),
            "buildDate": .string(plan.buildDate.description), "dimensions": .list(nav),
            "headerPages": menu(.header), "footerPages": menu(.footer), "hasFooterPages": .bool(plan.site.pages.contains { $0.menu == .footer }),
            "ogImage": ogImage,
        ]
    }

    static func ladder(_ p: Policy) -> TemplateValue {
        let levels: [TemplateValue] = p.levels.enumerated().map { i, l in
            // The number alone, for emphasis ("120 days"), and the rest ("from receipt of …").
            let amount = l.deadline.amount.flatMap { a in l.deadline.unit.map { TimeLimit(amount: a, unit: $0, calendar: l.deadline.calendar).description } }
            return [
                "number": .int(i + 1), "name": .string(l.name), "decidedBy": .string(l.decidedBy),
                "deadline": .string(l.deadline.description), "decision": .string(l.decision.description), "citation": .string(l.citation),
                "deadlineAmount": .optional(amount), "deadlineFrom": .optional(amount == nil ? nil : l.deadline.from.map { "from " + $0 }),
                "form": .optional(l.form), "note": .optional(l.note),
            ]
        }
        // The first level is what a reader does now; the later ones are folded in the default theme.
        let later = Array(levels.dropFirst())
        // Shared: every page with this policy gets the same object, so a theme partial rendered for it
        // (the default theme's `ladder`) is rendered once per build, not once per page.
        return .shared(TemplateObject([
            "id": .string(p.slug), "name": .string(p.name), "shortName": .string(p.shortName), "sourceUrl": .string(p.source),
            "reviewed": .string(p.reviewed.description), "reviewedText": .string(p.reviewed.longText), "levels": .list(levels),
            "summary": .optional(p.summary), "regulation": .string(p.regulation ?? p.name), "note": .optional(p.note),
            "firstLevel": levels.first ?? false, "laterLevels": .list(later), "hasLaterLevels": .bool(!later.isEmpty),
            "laterFrom": .int(2), "laterTo": .int(levels.count), "laterCount": .int(later.count),
        ]))
    }

    /// The free help of these policies, in their order, each entry once (the same program may be named
    /// by several ladders, such as 1-800-MEDICARE by Original Medicare and Medicare Advantage). An entry
    /// names every ladder on the page that lists it, not only the first, so a help line shared by two
    /// kinds of coverage is not labelled as if it served one.
    static func freeHelp(_ policies: [Policy]) -> [TemplateValue] {
        var entries: [(help: FreeHelp, programs: [String])] = []
        var index: [String: Int] = [:]
        for p in policies {
            for h in p.help {
                let key = h.name + "\u{0}" + h.url
                if let i = index[key] {
                    if !entries[i].programs.contains(p.shortName) { entries[i].programs.append(p.shortName) }
                } else {
                    index[key] = entries.count
                    entries.append((h, [p.shortName]))
                }
            }
        }
        return entries.map { e in
            ["name": .string(e.help.name), "what": .string(e.help.what), "phone": .optional(e.help.phone), "url": .string(e.help.url),
             "source": .optional(e.help.source.flatMap { $0 == e.help.url ? nil : $0 }),
             "program": .string(e.programs.joined(separator: ", "))]
        }
    }

    static func criteria(_ e: Entity) -> TemplateValue? {
        guard let c = e.criteria else { return nil }
        return .shared(TemplateObject([
            "title": .string(c.title), "source": .string(c.source), "items": .list(c.items.map { .string($0) }), "entity": .string(e.name),
            "url": .optional(c.url), "codes": .optional(c.codes), "reviewed": .optional(c.reviewed?.description),
            "reviewedText": .optional(c.reviewed?.longText),
        ]))
    }

    /// The ladders a hub shows: those that apply to at least one of its pages and that its value
    /// brings — listed in its `policies:`, or named by the policy's `for:` in the hub's dimension. The
    /// value's own list comes first, in its order; then the others by slug, as on a cell's page.
    /// So a payer's hub shows every ladder its pages use, and a reason's hub is not filled with every
    /// program's ladder just because each applies to some of its pages.
    public func hubPolicies(dimension d: Int, entity e: Int) -> [String] {
        let entity = site.entities[d][e]
        var shown: [String] = []
        var seen = Set<Int>()
        for c in cellsByValue[d][e] where seen.insert(plan.cells[c].ladders).inserted {
            for slug in plan.ladderLists[plan.cells[c].ladders] where !shown.contains(slug) { shown.append(slug) }
        }
        func brought(_ slug: String) -> Bool { SitePlan.brings(site, dimension: d, entity: e, slug) }
        let listed = entity.policies.filter { shown.contains($0) }
        var out: [String] = []
        for slug in listed + shown.sorted() where brought(slug) && !out.contains(slug) { out.append(slug) }
        return out
    }

    /// The values every template gets: site, meta, breadcrumbs.
    func common(title: String, description: String, sitePath: String?, canonical: String? = nil, robots: String, ogType: String,
                jsonLd: TemplateValue, breadcrumbs: [(name: String, path: String?)]) -> TemplateFields {
        let meta: TemplateValue = ["title": .string(title), "description": .string(description), "robots": .string(robots),
                                   "ogType": .string(ogType), "canonical": (canonical ?? sitePath.map(base.absolute)).map { .string($0) } ?? false,
                                   "jsonLd": jsonLd]
        let crumbs: [TemplateValue] = breadcrumbs.enumerated().map { i, c in
            ["name": .string(c.name), "last": .bool(i == breadcrumbs.count - 1), "url": .optional(c.path.map(base.relative))]
        }
        var context = TemplateFields(capacity: 40)
        context.append("site", siteValue)
        context.append("meta", meta)
        context.append("breadcrumbs", .list(crumbs))
        return context
    }

    func breadcrumbJSON(_ crumbs: [(name: String, path: String?)]) -> JSON {
        .breadcrumbs(crumbs.compactMap { c in c.path.map { (c.name, base.absolute($0)) } })
    }

    // MARK: Site-level pages

    public func renderHome() -> String {
        let description = site.config.description ?? site.config.tagline ?? site.config.name
        let website = JSON.object([("@type", .string("WebSite")), ("name", .string(site.config.name)), ("url", .string(base.absolute("/")))])
        var context = common(title: site.config.name, description: description, sitePath: "/", robots: "index,follow", ogType: "website",
                             jsonLd: .string(JSON.graph([website]).text), breadcrumbs: [("Home", "/")])
        context["h1"] = .string(site.config.name)
        context["dimensions"] = dimensionIndex()
        context["pageCount"] = .int(plan.cells.count)
        context["pageCountText"] = Self.count(plan.cells.count, "guide")
        return theme.render("home", .object(context))
    }

    func dimensionIndex() -> TemplateValue {
        .list(dimensions.indices.map { d -> TemplateValue in
            var entries: [TemplateValue] = []
            for (e, entity) in site.entities[d].enumerated() where !cellsByValue[d][e].isEmpty {
                let n = cellsByValue[d][e].count
                entries.append(["name": .string(entity.name), "url": .string(base.relative(plan.hubPaths[d][e])), "pageCount": .int(n),
                                "pageCountText": Self.count(n, "guide")])
            }
            let dim = dimensions[d]
            return ["label": .string(dim.label), "plural": .string(dim.plural), "key": .string(dim.key), "entries": .list(entries)]
        })
    }

    public func render404() -> String {
        var context = common(title: "Page not found · \(site.config.name)", description: "This page does not exist.", sitePath: nil,
                             robots: "noindex,follow", ogType: "website", jsonLd: false, breadcrumbs: [("Home", "/"), ("Page not found", nil)])
        context["h1"] = "Page not found"
        context["dimensions"] = dimensionIndex()
        return theme.render("404", .object(context))
    }

    /// Whether value `e` of dimension `d` has a hub page (some page uses that value).
    public func hasHub(dimension d: Int, entity e: Int) -> Bool { !cellsByValue[d][e].isEmpty }

    /// Hub page of value `e` of dimension `d`, or nil when no page uses that value.
    public func renderHub(dimension d: Int, entity e: Int) -> String? {
        let cells = cellsByValue[d][e]
        guard !cells.isEmpty else { return nil }
        let entity = site.entities[d][e], dim = dimensions[d]
        let path = plan.hubPaths[d][e]
        let crumbs: [(name: String, path: String?)] = [("Home", "/"), (dim.plural, plan.indexPaths[d]), (entity.name, path)]
        let description = "\(dim.label): \(entity.name). Appeal guides for \(cells.count) situations, with deadlines and the documents to send."
        let page = JSON.object([("@type", .string("CollectionPage")), ("name", .string(entity.name)), ("url", .string(base.absolute(path)))])
        var context = common(title: "\(entity.name) · \(site.config.name)", description: description, sitePath: path,
                             robots: "index,follow", ogType: "website", jsonLd: .string(JSON.graph([page, breadcrumbJSON(crumbs)]).text),
                             breadcrumbs: crumbs)
        let ladders = hubPolicies(dimension: d, entity: e).compactMap { ladderValues[$0] }
        let criteria = criteriaValues[d][e].map { [$0] } ?? []
        context["h1"] = .string(entity.name)
        context["dimension"] = ["label": .string(dim.label), "plural": .string(dim.plural)]
        context["bodyHtml"] = .optional(hubBodies[d][e])
        context["ladders"] = .list(ladders)
        context["hasLadders"] = .bool(!ladders.isEmpty)
        let help = Self.freeHelp(hubPolicies(dimension: d, entity: e).compactMap { site.policies[$0] })
        context["freeHelp"] = .list(help)
        context["hasFreeHelp"] = .bool(!help.isEmpty)
        context["criteria"] = .list(criteria)
        context["hasCriteria"] = .bool(!criteria.isEmpty)
        context["pageCount"] = .int(cells.count)
        context["pageCountText"] = Self.count(cells.count, "guide")
        // Group by the next dimension so a payer hub lists procedures, a procedure hub lists payers.
        let g = dimensions.count > 1 ? (d + 1) % dimensions.count : d
        var groups: [Int: [Int]] = [:]
        for c in cells { groups[plan.cells[c].values[g], default: []].append(c) }
        context["groups"] = .list(groups.keys.sorted().map { key -> TemplateValue in
            let links: [TemplateValue] = groups[key]!.map { c in
                let cell = plan.cells[c]
                let name = dimensions.indices.filter { $0 != d && $0 != g }.map { site.entities[$0][cell.values[$0]].name }.joined(separator: " · ")
                return ["name": .string(name.isEmpty ? site.entities[g][key].name : name), "url": .string(base.relative(cell.path)), "thin": .bool(cell.thin)]
            }
            var pairURL: TemplateValue = false
            if let i = pairHubIndex(d, e, g, key) { pairURL = .string(base.relative(plan.pairHubs[i].path)) }
            return ["heading": .string(site.entities[g][key].name), "links": .list(links), "url": pairURL, "count": .int(links.count)]
        })
        context["guided"] = guidedLinks(dimension: d, entity: e)
        return theme.render("hub", .object(context))
    }

    // MARK: Sitemap and robots

    /// When a cell's page last really changed: the newest `reviewed` date of its sources and `updated`
    /// date of its fragments. Not the build date, so an unchanged page keeps its `lastmod`.
    public func lastModified(_ cell: Cell) -> Day? {
        let reviewed = sources(cell).compactMap(\.ref.reviewed).max()
        let updated = cell.fragments.compactMap { $0.flatMap { site.fragments[$0].updated } }.max()
        return [reviewed, updated].compactMap { $0 }.max()
    }

    public func robots() -> String {
        "User-agent: *\nAllow: /\n\nSitemap: \(base.absolute("/sitemap.xml"))\n"
    }
}

/// Fragment HTML, converted once on first use and then shared by every thread.
final class FragmentCache: Sendable {
    private let bodies: [BoundTemplate]
    private let allowRawHTML: Bool
    private let storage: Locked<[FragmentHTML?]>
    /// How many fragments went through cmark here, for the test of "each fragment goes through cmark once".
    let conversions = Locked(0)

    init(_ bodies: [BoundTemplate], allowRawHTML: Bool, known: [BoundTemplate: FragmentHTML]) {
        self.bodies = bodies
        self.allowRawHTML = allowRawHTML
        storage = Locked(bodies.map { known[$0] })
    }

    subscript(_ index: Int) -> FragmentHTML {
        if let done = storage.withValue({ $0[index] }) { return done }
        // Converted outside this lock (Markdown has its own); two threads may convert the same
        // fragment once each, with the same result.
        let html = FragmentHTML(bodies[index], allowRawHTML: allowRawHTML)
        conversions.withValue { $0 += 1 }
        storage.withValue { $0[index] = html }
        return html
    }

    /// What has been converted so far, for a later renderer to reuse.
    var converted: [FragmentHTML?] { storage.current }
}
