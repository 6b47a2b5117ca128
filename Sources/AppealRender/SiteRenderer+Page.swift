import Foundation
import AppealModel
import AppealPlan
import AppealTemplate

/// What every page shares, worked out once per build so a page only assembles it: names, links and
/// sources per dimension value, the CTA's fixed fields per offer, each cell's relative URL.
struct PageParts: Sendable {
    /// Entity names per dimension value.
    let names: [[String]]
    /// The cell list entry (`label`, `name`, `url` of the hub) per dimension value.
    let cellTags: [[TemplateValue]]
    /// Sources per dimension value, besides its policies': its criteria's, then its own.
    let entitySources: [[[PageSource]]]
    /// Each policy's entry in a page's sources.
    let policySources: [String: PageSource]
    /// Each cell's relative URL.
    let cellURLs: [String]
    /// Absolute URLs of the home page and of each hub, for JSON-LD breadcrumbs.
    let homeAbsolute: String
    let hubAbsolute: [[String]]
    /// Heading of the related-links group that varies dimension `d`.
    let relatedHeadings: [TemplateValue]
    /// `name=value` CTA parameters per dimension value (nil when that dimension adds none).
    let ctaParameters: [[String?]]
    /// Everything of the CTA but its URL, per offer, and its coupon parameter.
    let offerFields: [TemplateFields]
    let couponParameters: [String]
    /// The target URL and the character that starts its query (`?`, or `&` when it has one already).
    let ctaPrefix: String
    /// The JSON-LD `isPartOf` object every page carries, and the site's language, as JSON.
    let websiteJSON: [UInt8]
    let languageJSON: [UInt8]

    init(plan: SitePlan) {
        let site = plan.site, base = site.config.baseURL, dimensions = site.matrix.dimensions
        names = site.entities.map { $0.map(\.name) }
        cellTags = dimensions.indices.map { d in
            site.entities[d].indices.map { e -> TemplateValue in
                ["label": .string(dimensions[d].label), "name": .string(site.entities[d][e].name),
                 "url": .string(base.relative(plan.hubPaths[d][e]))]
            }
        }
        entitySources = site.entities.map { list in
            list.map { e in
                var refs: [SourceRef] = []
                if let c = e.criteria, let url = c.url { refs.append(SourceRef(title: c.source, url: url, reviewed: c.reviewed)) }
                return (refs + e.sources).map(PageSource.init)
            }
        }
        policySources = site.policies.mapValues {
            PageSource(SourceRef(title: "\($0.name)\($0.regulation.map { " — \($0)" } ?? "")", url: $0.source, reviewed: $0.reviewed))
        }
        cellURLs = plan.cells.map { base.relative($0.path) }
        homeAbsolute = base.absolute("/")
        hubAbsolute = plan.hubPaths.map { $0.map(base.absolute) }
        relatedHeadings = dimensions.indices.map { d in
            let same = dimensions.indices.filter { $0 != d }.map { dimensions[$0].label.lowercased() }
            return .string(same.isEmpty ? "Other \(dimensions[d].plural.lowercased())"
                : "Same \(same.joined(separator: " and ")), other \(dimensions[d].plural.lowercased())")
        }
        let offers = site.offers
        ctaParameters = dimensions.indices.map { d in
            site.entities[d].map { e in
                offers.parameters[d].map { Escape.urlComponent($0) + "=" + Escape.urlComponent(e.slug) }
            }
        }
        offerFields = offers.offers.map { offer in
            ["headline": .string(offer.headline), "text": .string(offer.text), "button": .string(offer.button),
             "code": .string(offer.code), "price": .string(Offer.format(cents: offer.priceCents, currency: offer.currency)),
             "listPrice": .string(Offer.format(cents: offer.listPriceCents, currency: offer.currency)),
             "savings": .string(Offer.format(cents: offer.listPriceCents - offer.priceCents, currency: offer.currency)),
             "currency": .string(offer.currency), "validUntil": .string(offer.validUntil.description),
             "validUntilText": .string(offer.validUntil.longText), "discounted": .bool(offer.priceCents < offer.listPriceCents)]
        }
        couponParameters = offers.offers.map { Escape.urlComponent(offers.couponParameter) + "=" + Escape.urlComponent($0.code) }
        ctaPrefix = offers.target + (offers.target.contains("?") ? "&" : "?")
        var json: [UInt8] = []
        JSON.object([("@type", .string("WebSite")), ("name", .string(site.config.name)), ("url", .string(base.absolute("/")))]).write(into: &json)
        websiteJSON = json
        json = []
        Escape.jsonString(site.config.language, into: &json)
        languageJSON = json
    }
}

/// A source reference and its entry in a page's source list, made once.
struct PageSource: Sendable {
    let ref: SourceRef
    let value: TemplateValue

    init(_ ref: SourceRef) {
        self.ref = ref
        value = ["title": .string(ref.title), "url": .string(ref.url), "reviewed": .optional(ref.reviewed?.description),
                 "reviewedText": .optional(ref.reviewed?.longText)]
    }
}

extension SiteRenderer {
    /// The policies whose ladders cell `cell` shows, in page order: the planner's per-cell decision
    /// (see `SitePlan.policies`), never the values' own `policies:` lists.
    func policySlugs(_ cell: Cell) -> [String] { plan.policies(cell) }

    /// References a cell's page cites: each policy's source, each criteria source, each entity's sources.
    func sources(_ cell: Cell) -> [PageSource] {
        var refs: [PageSource] = []
        refs.reserveCapacity(8)
        func add(_ source: PageSource) {
            if !refs.contains(where: { $0.ref.title == source.ref.title && $0.ref.url == source.ref.url }) { refs.append(source) }
        }
        for slug in policySlugs(cell) { if let source = parts.policySources[slug] { add(source) } }
        for (d, e) in cell.values.enumerated() { parts.entitySources[d][e].forEach(add) }
        return refs
    }

    /// The call-to-action link: target, one parameter per dimension, coupon, then UTM parameters.
    public func ctaURL(_ cell: Cell) -> String {
        var url = parts.ctaPrefix
        var first = true
        func add(_ piece: String) {
            if !first { url += "&" }
            url += piece
            first = false
        }
        for (d, e) in cell.values.enumerated() { if let p = parts.ctaParameters[d][e] { add(p) } }
        add(parts.couponParameters[cell.offer])
        for (name, value) in plan.utm { add(Escape.urlComponent(name) + "=" + Escape.urlComponent(plan.text(value, cell: cell))) }
        return url
    }

    /// The HTML of one matrix cell's page.
    public func renderPage(_ index: Int) -> String {
        var bytes: [UInt8] = [], scratch: [UInt8] = []
        renderPage(index, into: &bytes, scratch: &scratch)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the HTML of one matrix cell's page to `out`. `scratch` holds the page's sections and
    /// JSON-LD while the theme places them; pass the same buffer page after page to reuse its memory.
    public func renderPage(_ index: Int, into out: inout [UInt8], scratch side: inout [UInt8]) {
        side.removeAll(keepingCapacity: true)
        let cell = plan.cells[index]
        let title = plan.text(plan.title, cell: cell)
        let description = plan.text(plan.description, cell: cell)
        let h1 = plan.text(plan.h1, cell: cell)
        let first = cell.values[0]
        // Home › Procedures › Kyphoplasty › Medicare (the guided hub, when the site has them) › this page.
        var crumbs: [(name: String, path: String?)] = [("Home", "/")]
        if !plan.indexPaths.isEmpty { crumbs.append((dimensions[0].plural, plan.indexPaths[0])) }
        crumbs.append((parts.names[0][first], plan.hubPaths[0][first]))
        if let pair = plan.pairHub(of: cell) { crumbs.append((parts.names[1][cell.values[1]], plan.pairHubs[pair].path)) }
        // The last crumb names what the earlier ones do not (the denial reason), not the whole question again.
        let named = plan.pairHub(of: cell) == nil ? 1 : 2
        let rest = cell.values.indices.dropFirst(named).map { parts.names[$0][cell.values[$0]] }.joined(separator: " · ")
        crumbs.append((rest.isEmpty ? h1 : rest, cell.path))
        let refs = sources(cell)
        let review = review(cell)

        let url = base.absolute(cell.path)
        writeJSONLD(title: title, description: description, url: url, review: review,
                    crumbs: crumbs.map { ($0.name, $0.path == cell.path ? url : base.absolute($0.path ?? "/")) }, into: &side)
        var context = common(title: title, description: description, sitePath: cell.path, canonical: url,
                             robots: isIndexable(cell) ? "index,follow" : "noindex,follow", ogType: "article",
                             jsonLd: .side(start: 0, end: side.count), breadcrumbs: crumbs)
        context.append("h1", .string(h1))
        context.append("thin", .bool(cell.thin))

        // By name for themes that place each section, and in matrix.yaml order for themes that loop.
        // The first section declared in matrix.yaml is the lead (shown above the ladders in the default
        // theme); the rest follow in order, so a new section appears without a theme change.
        let specs = site.matrix.sections
        var sections = TemplateFields(capacity: specs.count)
        var ordered: [TemplateValue] = []
        ordered.reserveCapacity(specs.count)
        for (s, spec) in specs.enumerated() {
            guard let f = cell.fragments[s] else { sections.append(spec.name, false); continue }
            let start = side.count
            fragments[f].render(into: &side) { plan.value($0, cell: cell) ?? "" }
            let end = side.count
            // The section's first heading names it in the page's table of contents.
            var title: TemplateValue = false
            var hasTitle = false
            if let heading = Self.firstHeading(side[start..<end]) {
                let titleStart = side.count
                Self.appendWithoutTags(heading, to: &side)
                title = .side(start: titleStart, end: side.count)
                hasTitle = true
            }
            // After the lead and the first body section, a section with a heading may be folded
            // behind it (the default theme does on every screen; print shows it all).
            let bodyIndex = ordered.count - ((cell.fragments.first ?? nil) != nil ? 1 : 0)
            let fold = s > 0 && bodyIndex >= 1 && hasTitle
            let value: TemplateValue = ["name": .string(spec.name), "slug": .string(sectionSlugs[s]),
                                        "html": .side(start: start, end: end), "titleHtml": title, "fold": .bool(fold)]
            sections.append(spec.name, value)
            ordered.append(value)
        }
        context.append("section", .object(sections))
        context.append("sections", .list(ordered))
        let leadPresent = cell.fragments.first.map { $0 != nil } ?? false
        context.append("lead", leadPresent ? ordered[0] : false)
        context.append("bodySections", .list(leadPresent ? Array(ordered.dropFirst()) : ordered))

        let ladderList = policySlugs(cell).compactMap { ladderValues[$0] }
        context.append("ladders", .list(ladderList))
        context.append("hasLadders", .bool(!ladderList.isEmpty))
        context.append("multipleLadders", .bool(ladderList.count > 1))
        let help = helpLists[cell.ladders]
        context.append("freeHelp", .list(help))
        context.append("hasFreeHelp", .bool(!help.isEmpty))
        var criteriaList: [TemplateValue] = []
        for (d, e) in cell.values.enumerated() { if let c = criteriaValues[d][e] { criteriaList.append(c) } }
        context.append("criteria", .list(criteriaList))
        context.append("hasCriteria", .bool(!criteriaList.isEmpty))

        var cta = parts.offerFields[cell.offer]
        cta.append("url", .string(ctaURL(cell)))
        context.append("cta", .object(cta))
        context.append("sources", .list(refs.map(\.value)))
        let reviews = Self.reviewValues(review)
        context.append("reviews", .list(reviews))
        context.append("hasReviews", .bool(!reviews.isEmpty))
        context.append("lastReviewed", .optional(review?.last.description))
        context.append("lastReviewedText", .optional(review?.last.longText))
        context.append("cell", .list(cell.values.enumerated().map { d, e in parts.cellTags[d][e] }))
        let relatedGroups = related(cell)
        context.append("related", .list(relatedGroups))
        context.append("hasRelated", .bool(!relatedGroups.isEmpty))
        theme.render("page", .object(context), side: side, into: &out)
    }

    /// The page's JSON-LD: a MedicalWebPage and its BreadcrumbList, written straight out. The same text
    /// `JSON.graph([webPage, breadcrumbJSON(crumbs)])` gives, without building the tree for every page.
    func writeJSONLD(title: String, description: String, url: String, review: PageReview?, crumbs: [(name: String, url: String)],
                     into out: inout [UInt8]) {
        out += #"{"@context":"https://schema.org","@graph":[{"@type":"MedicalWebPage","name":"#.utf8
        Escape.jsonString(title, into: &out)
        out += #","description":"#.utf8
        Escape.jsonString(description, into: &out)
        out += #","url":"#.utf8
        Escape.jsonString(url, into: &out)
        out += #","inLanguage":"#.utf8
        out += parts.languageJSON
        out += #","isPartOf":"#.utf8
        out += parts.websiteJSON
        if let review { Self.writeReviewedBy(review, into: &out) }
        out += #"},{"@type":"BreadcrumbList","itemListElement":["#.utf8
        for (i, crumb) in crumbs.enumerated() {
            let position = i + 1
            if position > 1 { out.append(UInt8(ascii: ",")) }
            out += #"{"@type":"ListItem","position":"#.utf8
            out += String(position).utf8
            out += #","name":"#.utf8
            Escape.jsonString(crumb.name, into: &out)
            out += #","item":"#.utf8
            Escape.jsonString(crumb.url, into: &out)
            out.append(UInt8(ascii: "}"))
        }
        out += "]}]}".utf8
    }

    /// For each dimension, links to the pages that differ from this one in that dimension alone.
    func related(_ cell: Cell) -> [TemplateValue] {
        let limit = site.config.relatedLimit
        guard limit > 0 else { return [] }
        var groups: [TemplateValue] = []
        groups.reserveCapacity(dimensions.count)
        var values = cell.values
        for d in dimensions.indices {
            var links: [TemplateValue] = []
            links.reserveCapacity(limit)
            let count = parts.names[d].count
            // Start after this page's value and wrap, so neighbours link to different pages, not all to the first few.
            for step in 1..<max(count, 1) where links.count < limit {
                values[d] = (cell.values[d] + step) % count
                guard let other = plan.cellIndex(values: values) else { continue }
                links.append(["name": .string(parts.names[d][values[d]]), "url": .string(parts.cellURLs[other])])
            }
            values[d] = cell.values[d]
            if !links.isEmpty { groups.append(["heading": parts.relatedHeadings[d], "links": .list(links)]) }
        }
        return groups
    }
}
