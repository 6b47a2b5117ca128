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
    /// Everything above, and the theme's words, per language of the site (`languages[0]` is the
    /// default language's: the same values as the fields above).
    let languages: [LanguageParts]
    /// Cells per language and dimension value: `cellsIn[l][d][e]` (`cellsIn[0]` is `cellsByValue`).
    let cellsIn: [[[[Int]]]]

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
        let empty = plan.site.entities.map { list in [[Int]](repeating: [], count: list.count) }
        var byValue = [[[[Int]]]](repeating: empty, count: site.config.languages.count)
        for (i, cell) in plan.cells.enumerated() {
            for (d, e) in cell.values.enumerated() { byValue[cell.language][d][e].append(i) }
        }
        cellsIn = byValue
        cellsByValue = byValue[0]
        let languages = site.config.languages.indices.map { LanguageParts(plan: plan, theme: theme, language: $0) }
        self.languages = languages
        ladderValues = languages[0].ladderValues
        criteriaValues = languages[0].criteriaValues
        siteValue = languages[0].siteValue
        helpLists = languages[0].helpLists
        sectionSlugs = site.matrix.sections.map { $0.name.replacingOccurrences(of: "_", with: "-") }
        parts = languages[0].parts
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

    /// "1 guide", "12 guides", in the default language.
    func count(_ n: Int, _ noun: String) -> TemplateValue { .string(languages[0].strings.count(n, noun)) }

    // MARK: Values shared by pages

    static func siteValue(site: Site, plan: SitePlan, theme: Theme, language l: Int, strings: ThemeStrings) -> TemplateValue {
        let config = site.config, base = config.baseURL, language = config.languages[l]
        let nav: [TemplateValue] = site.matrix.dimensions.enumerated().map { d, dim in
            // Index pages are built in the default language only; other languages link to their home's lists.
            let path = l == 0 && d < plan.indexPaths.count ? plan.indexPaths[d] : language.path("/") + "#" + dim.key
            return ["label": .string(dim.label), "plural": .string(dim.plural), "key": .string(dim.key), "url": .string(base.relative(path)),
                    "guides": .string(strings.format("nav.dimension_guides", ["label": dim.label, "label_lower": dim.label.lowercased()]))]
        }
        // Standalone pages are written in the default language: on another language's pages their
        // links say so (`hreflang`, and `lang` on the label, for screen readers).
        let pageLanguage: TemplateValue = l == 0 ? false
            : ["code": .string(site.config.languages[0].code), "tag": .string(site.config.languages[0].tag)]
        func menu(_ place: StandalonePage.Menu) -> TemplateValue {
            .list(plan.site.pages.filter { $0.menu == place }.map {
                ["label": .string($0.menuLabel), "title": .string($0.title), "url": .string(base.relative($0.path)), "otherLanguage": pageLanguage]
            })
        }
        var ogImage: TemplateValue = false
        if let image = theme.ogImage {
            ogImage = ["url": .string(base.absolute("/assets/" + image.asset)), "width": .int(image.width), "height": .int(image.height),
                       "type": .string("image/png")]
        }
        return [
            "name": .string(config.name), "language": .string(language.tag), "languageCode": .string(language.code),
            "disclaimer": .optional(config.disclaimer),
            "tagline": .optional(config.tagline), "homeUrl": .string(base.relative(language.path("/"))),
            "ogLocale": .string(language.tag.replacingOccurrences(of: "-", with: "_")),
            "stylesheetUrl": .string(base.relative("/assets/style.css") + "?v=" + theme.stylesheetVersion),
            "buildDate": .string(plan.buildDate.description), "dimensions": .list(nav),
            "headerPages": menu(.header), "footerPages": menu(.footer), "hasFooterPages": .bool(plan.site.pages.contains { $0.menu == .footer }),
            "ogImage": ogImage,
        ]
    }

    static func ladder(_ p: Policy, strings: ThemeStrings) -> TemplateValue {
        let words = strings.timeWords
        let levels: [TemplateValue] = p.levels.enumerated().map { i, l in
            // The number alone, for emphasis ("120 days"), and the rest ("from receipt of …").
            let amount = l.deadline.amountText(words)
            return [
                "number": .int(i + 1), "name": .string(l.name), "decidedBy": .string(l.decidedBy),
                "deadline": .string(l.deadline.text(words)), "decision": .string(l.decision.text(words)), "citation": .string(l.citation),
                "deadlineAmount": .optional(amount),
                "deadlineFrom": .optional(amount == nil ? nil : l.deadline.from.map { strings.format("time.from_only", ["from": $0]) }),
                "form": .optional(l.form), "note": .optional(l.note),
            ]
        }
        // The first level is what a reader does now; the later ones are folded in the default theme.
        let later = Array(levels.dropFirst())
        // Shared: every page with this policy gets the same object, so a theme partial rendered for it
        // (the default theme's `ladder`) is rendered once per build, not once per page.
        return .shared(TemplateObject([
            "id": .string(p.slug), "name": .string(p.name), "shortName": .string(p.shortName), "sourceUrl": .string(p.source),
            "reviewed": .string(p.reviewed.description), "reviewedText": .string(strings.date(p.reviewed)), "levels": .list(levels),
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

    static func criteria(_ e: Entity, strings: ThemeStrings) -> TemplateValue? {
        guard let c = e.criteria else { return nil }
        return .shared(TemplateObject([
            "title": .string(c.title), "source": .string(c.source), "items": .list(c.items.map { .string($0) }), "entity": .string(e.name),
            "url": .optional(c.url), "codes": .optional(c.codes), "reviewed": .optional(c.reviewed?.description),
            "reviewedText": .optional(c.reviewed.map(strings.date)),
        ]))
    }

    /// The ladders a hub shows: those that apply to at least one of its pages and that its value
    /// brings — listed in its `policies:`, or named by the policy's `for:` in the hub's dimension. The
    /// value's own list comes first, in its order; then the others by slug, as on a cell's page.
    /// So a payer's hub shows every ladder its pages use, and a reason's hub is not filled with every
    /// program's ladder just because each applies to some of its pages.
    public func hubPolicies(dimension d: Int, entity e: Int, language l: Int = 0) -> [String] {
        let entity = site.entities[d][e]
        var shown: [String] = []
        var seen = Set<Int>()
        for c in cellsIn[l][d][e] where seen.insert(plan.cells[c].ladders).inserted {
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
                jsonLd: TemplateValue, breadcrumbs: [(name: String, path: String?)], language l: Int = 0,
                versions: [(language: Int, path: String)] = [], alternates: Bool = false,
                alternateVersions: [(language: Int, path: String)]? = nil) -> TemplateFields {
        let loc = languages[l]
        let meta: TemplateValue = ["title": .string(title), "description": .string(description), "robots": .string(robots),
                                   "ogType": .string(ogType), "canonical": (canonical ?? sitePath.map(base.absolute)).map { .string($0) } ?? false,
                                   "jsonLd": jsonLd]
        let crumbs: [TemplateValue] = breadcrumbs.enumerated().map { i, c in
            ["name": .string(c.name), "last": .bool(i == breadcrumbs.count - 1), "url": .optional(c.path.map(base.relative))]
        }
        var context = TemplateFields(capacity: 44)
        context.append("site", loc.siteValue)
        context.append("meta", meta)
        context.append("breadcrumbs", .list(crumbs))
        context.append("t", loc.strings.value)
        context.append("lang", ["code": .string(loc.language.code), "tag": .string(loc.language.tag), "name": .string(loc.language.name)])
        // The same page in the site's other languages: a switcher, and `hreflang` alternates with an
        // `x-default` (the default language's version) when the page is indexable.
        let others = versions.filter { $0.language != l }
        context.append("otherLanguages", .list(others.map { v in
            let language = site.config.languages[v.language]
            return ["code": .string(language.code), "tag": .string(language.tag), "name": .string(language.name), "url": .string(base.relative(v.path))]
        }))
        context.append("hasOtherLanguages", .bool(!others.isEmpty))
        var links: [TemplateValue] = []
        // hreflang names only the versions search engines may index (all of them unless told).
        let named = alternateVersions ?? versions
        if alternates && named.contains(where: { $0.language != l }) {
            for v in named {
                links.append(["hreflang": .string(site.config.languages[v.language].code), "url": .string(base.absolute(v.path))])
            }
            if let first = named.first(where: { $0.language == 0 }) {
                links.append(["hreflang": "x-default", "url": .string(base.absolute(first.path))])
            }
        }
        context.append("alternates", .list(links))
        return context
    }

    func breadcrumbJSON(_ crumbs: [(name: String, path: String?)]) -> JSON {
        .breadcrumbs(crumbs.compactMap { c in c.path.map { (c.name, base.absolute($0)) } })
    }

    // MARK: Site-level pages

    /// The home pages of the site's languages that have pages, by language index (0 always).
    public func homeLanguages() -> [Int] {
        site.config.languages.indices.filter { l in l == 0 || cellsIn[l].contains { $0.contains { !$0.isEmpty } } }
    }

    public func renderHome(language l: Int = 0) -> String {
        let loc = languages[l], config = loc.site.config, home = loc.language.path("/")
        let description = config.description ?? config.tagline ?? config.name
        let website = JSON.object([("@type", .string("WebSite")), ("name", .string(config.name)), ("url", .string(base.absolute(home)))])
        let versions = homeLanguages().map { (language: $0, path: site.config.languages[$0].path("/")) }
        var context = common(title: config.name, description: description, sitePath: home, robots: "index,follow", ogType: "website",
                             jsonLd: .string(JSON.graph([website]).text), breadcrumbs: [(loc.strings["nav.home"], home)], language: l,
                             versions: versions, alternates: true)
        let count = cellsIn[l].first.map { $0.reduce(0) { $0 + $1.count } } ?? 0
        context["h1"] = .string(config.name)
        context["dimensions"] = dimensionIndex(language: l)
        context["pageCount"] = .int(count)
        context["pageCountText"] = .string(loc.strings.count(count, "guide"))
        return theme.render("home", .object(context))
    }

    func dimensionIndex(language l: Int = 0) -> TemplateValue {
        let loc = languages[l]
        return .list(dimensions.indices.map { d -> TemplateValue in
            var entries: [TemplateValue] = []
            for (e, entity) in loc.site.entities[d].enumerated() where !cellsIn[l][d][e].isEmpty {
                let n = cellsIn[l][d][e].count
                entries.append(["name": .string(entity.name), "url": .string(base.relative(plan.hubPath(d, e, language: l))), "pageCount": .int(n),
                                "pageCountText": .string(loc.strings.count(n, "guide"))])
            }
            let dim = loc.site.matrix.dimensions[d]
            return ["label": .string(dim.label), "plural": .string(dim.plural), "key": .string(dim.key), "entries": .list(entries)]
        })
    }

    public func render404(language l: Int = 0) -> String {
        let loc = languages[l], strings = loc.strings, home = loc.language.path("/")
        var context = common(title: "\(strings["not_found.title"]) · \(loc.site.config.name)", description: strings["not_found.description"], sitePath: nil,
                             robots: "noindex,follow", ogType: "website", jsonLd: false,
                             breadcrumbs: [(strings["nav.home"], home), (strings["not_found.title"], nil)], language: l)
        context["h1"] = .string(strings["not_found.title"])
        context["homeLink"] = .string(strings.format("not_found.home_link", ["site": loc.site.config.name]))
        context["dimensions"] = dimensionIndex(language: l)
        return theme.render("404", .object(context))
    }

    /// Whether value `e` of dimension `d` has a hub page (some page uses that value).
    public func hasHub(dimension d: Int, entity e: Int, language l: Int = 0) -> Bool { !cellsIn[l][d][e].isEmpty }

    /// Hub page of value `e` of dimension `d`, or nil when no page uses that value.
    public func renderHub(dimension d: Int, entity e: Int, language l: Int = 0) -> String? {
        let cells = cellsIn[l][d][e]
        guard !cells.isEmpty else { return nil }
        let loc = languages[l], strings = loc.strings
        let entity = loc.site.entities[d][e], dim = loc.site.matrix.dimensions[d]
        let path = plan.hubPath(d, e, language: l), home = loc.language.path("/")
        let crumbs: [(name: String, path: String?)] = [(strings["nav.home"], home), (dim.plural, l == 0 && d < plan.indexPaths.count ? plan.indexPaths[d] : home + "#" + dim.key), (entity.name, path)]
        let description = strings.format("hub.description", ["label": dim.label, "name": entity.name, "count": String(cells.count)])
        let page = JSON.object([("@type", .string("CollectionPage")), ("name", .string(entity.name)), ("url", .string(base.absolute(path)))])
        let versions = site.config.languages.indices.filter { hasHub(dimension: d, entity: e, language: $0) }.map { (language: $0, path: plan.hubPath(d, e, language: $0)) }
        let indexable = hubIndexable(dimension: d, entity: e, language: l)
        var context = common(title: strings.format("hub.title", ["name": entity.name, "site": loc.site.config.name]), description: description, sitePath: path,
                             robots: indexable ? "index,follow" : "noindex,follow", ogType: "website", jsonLd: .string(JSON.graph([page, breadcrumbJSON(crumbs)]).text),
                             breadcrumbs: crumbs, language: l, versions: versions, alternates: indexable,
                             alternateVersions: versions.filter { hubIndexable(dimension: d, entity: e, language: $0.language) })
        let ladders = hubPolicies(dimension: d, entity: e, language: l).compactMap { loc.ladderValues[$0] }
        // A value's criteria and Markdown body are written in the default language only.
        let criteria = l == 0 ? criteriaValues[d][e].map { [$0] } ?? [] : []
        context["h1"] = .string(entity.name)
        context["dimension"] = ["label": .string(dim.label), "plural": .string(dim.plural)]
        context["bodyHtml"] = .optional(l == 0 ? hubBodies[d][e] : loc.hubBodies[d][e])
        context["ladders"] = .list(ladders)
        context["hasLadders"] = .bool(!ladders.isEmpty)
        let help = Self.freeHelp(hubPolicies(dimension: d, entity: e, language: l).compactMap { loc.site.policies[$0] })
        context["freeHelp"] = .list(help)
        context["hasFreeHelp"] = .bool(!help.isEmpty)
        context["criteria"] = .list(criteria)
        context["hasCriteria"] = .bool(!criteria.isEmpty)
        context["pageCount"] = .int(cells.count)
        context["pageCountText"] = .string(strings.count(cells.count, "appeal_guide"))
        // Group by the next dimension so a payer hub lists procedures, a procedure hub lists payers.
        let g = dimensions.count > 1 ? (d + 1) % dimensions.count : d
        var groups: [Int: [Int]] = [:]
        for c in cells { groups[plan.cells[c].values[g], default: []].append(c) }
        context["groups"] = .list(groups.keys.sorted().map { key -> TemplateValue in
            let links: [TemplateValue] = groups[key]!.map { c in
                let cell = plan.cells[c]
                let name = dimensions.indices.filter { $0 != d && $0 != g }.map { loc.site.entities[$0][cell.values[$0]].name }.joined(separator: " · ")
                return ["name": .string(name.isEmpty ? loc.site.entities[g][key].name : name), "url": .string(base.relative(cell.path)), "thin": .bool(cell.thin)]
            }
            var pairURL: TemplateValue = false
            if l == 0, let i = pairHubIndex(d, e, g, key) { pairURL = .string(base.relative(plan.pairHubs[i].path)) }
            return ["heading": .string(loc.site.entities[g][key].name), "links": .list(links), "url": pairURL, "count": .int(links.count),
                    "countText": .string(strings.count(links.count, "guide"))]
        })
        // Guided hubs are built in the default language only.
        let guided = l == 0 ? guidedLinks(dimension: d, entity: e) : false
        context["guided"] = guided
        if case .object(let g) = guided {
            if case .string(let plural)? = g["plural"], case .string(let next)? = g["nextLabel"] {
                context["guidedTitle"] = .string(strings.format("hub.guided_title", ["plural": plural, "name": entity.name]))
                context["guidedIntro"] = .string(strings.format("hub.guided_intro", ["next": next]))
            }
        }
        context["allGuidesText"] = .string(strings.format("hub.all_guides", ["count": String(cells.count)]))
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

    /// A time limit on a page in language `l`, in that language's words.
    func value(_ binding: Binding, cell: Cell) -> String? {
        switch binding {
        case .timeLimit(let limit): return limit.text(languages[cell.language].words)
        case .offer(.valid_until): return languages[cell.language].strings.date(plan.site.offers.offers[cell.offer].validUntil)
        default: return plan.value(binding, cell: cell)
        }
    }

    /// Plain text of a bound template on a cell's page, time limits in the page's language.
    func text(_ template: BoundTemplate, cell: Cell) -> String { template.text { value($0, cell: cell) } }

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

/// What pages in one language share: the site in that language's words, the theme's strings, and
/// the values made from them once per build.
struct LanguageParts: Sendable {
    let language: Language
    let site: Site
    let strings: ThemeStrings
    let words: TimeWords
    let siteValue: TemplateValue
    let ladderValues: [String: TemplateValue]
    let criteriaValues: [[TemplateValue?]]
    let parts: PageParts
    let helpLists: [[TemplateValue]]
    /// The HTML of each value's body in this language (nil where none is written in it).
    let hubBodies: [[String?]]

    init(plan: SitePlan, theme: Theme, language l: Int) {
        let site = plan.site.localized(to: l)
        language = plan.site.config.languages[l]
        self.site = site
        // The builder checks that every language has its strings; an empty table only in tests that skip it.
        strings = theme.strings[language.code] ?? ThemeStrings(file: "strings/\(language.code).yaml", table: [:], value: false, lines: [:])
        words = strings.timeWords
        let strings = self.strings
        siteValue = SiteRenderer.siteValue(site: site, plan: plan, theme: theme, language: l, strings: strings)
        ladderValues = site.policies.mapValues { SiteRenderer.ladder($0, strings: strings) }
        criteriaValues = site.entities.map { list in list.map { SiteRenderer.criteria($0, strings: strings) } }
        parts = PageParts(plan: plan, site: site, language: l, strings: strings)
        helpLists = plan.ladderLists.map { SiteRenderer.freeHelp($0.compactMap { site.policies[$0] }) }
        let code = language.code, raw = plan.site.config.rawHTML
        hubBodies = l == 0 ? [] : plan.site.entities.map { list in
            list.map { e in e.localizedBody[code].flatMap { $0.allSatisfy(\.isWhitespace) ? nil : Markdown.html($0, allowRawHTML: raw) } }
        }
    }
}
