import AppealModel
import AppealPlan

extension SiteRenderer {
    /// References a cell's page cites: each policy's source, each criteria source, each entity's sources.
    func sources(_ cell: Cell) -> [SourceRef] {
        let entities = dimensions.indices.map { plan.entity(cell, $0) }
        var refs: [SourceRef] = policySlugs(entities).compactMap { site.policies[$0] }.map {
            SourceRef(title: "\($0.name)\($0.regulation.map { " — \($0)" } ?? "")", url: $0.source, reviewed: $0.reviewed)
        }
        for e in entities {
            if let c = e.criteria, let url = c.url { refs.append(SourceRef(title: c.source, url: url, reviewed: c.reviewed)) }
            refs += e.sources
        }
        var seen = Set<String>()
        return refs.filter { seen.insert($0.title + "\u{0}" + $0.url).inserted }
    }

    /// The call-to-action link: target, one parameter per dimension, coupon, then UTM parameters.
    public func ctaURL(_ cell: Cell) -> String {
        let offers = site.offers
        var query: [(String, String)] = []
        for (d, name) in offers.parameters.enumerated() {
            if let name { query.append((name, plan.entity(cell, d).slug)) }
        }
        query.append((offers.couponParameter, offers.offers[cell.offer].code))
        for (name, value) in plan.utm { query.append((name, plan.text(value, cell: cell))) }
        let encoded = query.map { Escape.urlComponent($0.0) + "=" + Escape.urlComponent($0.1) }.joined(separator: "&")
        return offers.target + (offers.target.contains("?") ? "&" : "?") + encoded
    }

    /// The HTML of one matrix cell's page.
    public func renderPage(_ index: Int) -> String {
        let cell = plan.cells[index]
        let entities = dimensions.indices.map { plan.entity(cell, $0) }
        let title = plan.text(plan.title, cell: cell)
        let description = plan.text(plan.description, cell: cell)
        let h1 = plan.text(plan.h1, cell: cell)
        let crumbs: [(name: String, path: String?)] = [("Home", "/"), (entities[0].name, plan.hubPaths[0][cell.values[0]]), (h1, cell.path)]
        let refs = sources(cell)
        let reviewed = refs.compactMap(\.reviewed).min()

        var webPage: [(String, JSON)] = [
            ("@type", .string("MedicalWebPage")), ("name", .string(title)), ("description", .string(description)),
            ("url", .string(base.absolute(cell.path))), ("inLanguage", .string(site.config.language)),
            ("isPartOf", .object([("@type", .string("WebSite")), ("name", .string(site.config.name)), ("url", .string(base.absolute("/")))])),
        ]
        if let reviewed { webPage.append(("lastReviewed", .string(reviewed.description))) }
        var context = common(title: title, description: description, sitePath: cell.path,
                             robots: isIndexable(cell) ? "index,follow" : "noindex,follow", ogType: "article",
                             jsonLd: .graph([.object(webPage), breadcrumbJSON(crumbs)]), breadcrumbs: crumbs)
        context["h1"] = h1
        context["thin"] = cell.thin

        // By name for themes that place each section, and in matrix.yaml order for themes that loop.
        var sections: [String: Any] = [:]
        var ordered: [[String: Any]] = []
        for (s, spec) in site.matrix.sections.enumerated() {
            guard let f = cell.fragments[s] else { sections[spec.name] = false; continue }
            let value: [String: Any] = ["name": spec.name, "html": fragments[f].render { plan.value($0, cell: cell) ?? "" }]
            sections[spec.name] = value
            ordered.append(value)
        }
        context["section"] = sections
        context["sections"] = ordered

        let ladderValues = ladders(policySlugs(entities))
        context["ladders"] = ladderValues
        context["hasLadders"] = !ladderValues.isEmpty
        context["multipleLadders"] = ladderValues.count > 1
        let criteriaValues = criteria(entities)
        context["criteria"] = criteriaValues
        context["hasCriteria"] = !criteriaValues.isEmpty

        let offer = site.offers.offers[cell.offer]
        context["cta"] = [
            "headline": offer.headline, "text": offer.text, "button": offer.button, "url": ctaURL(cell), "code": offer.code,
            "price": Offer.format(cents: offer.priceCents, currency: offer.currency),
            "listPrice": Offer.format(cents: offer.listPriceCents, currency: offer.currency),
            "savings": Offer.format(cents: offer.listPriceCents - offer.priceCents, currency: offer.currency),
            "currency": offer.currency, "validUntil": offer.validUntil.description, "validUntilText": offer.validUntil.longText,
            "discounted": offer.priceCents < offer.listPriceCents,
        ] as [String: Any]

        context["sources"] = refs.map { r -> [String: Any] in
            var v: [String: Any] = ["title": r.title, "url": r.url]
            Self.setOptional(&v, "reviewed", r.reviewed?.description)
            Self.setOptional(&v, "reviewedText", r.reviewed?.longText)
            return v
        }
        Self.setOptional(&context, "lastReviewed", reviewed?.description)
        Self.setOptional(&context, "lastReviewedText", reviewed?.longText)
        context["cell"] = dimensions.indices.map { d -> [String: Any] in
            ["label": dimensions[d].label, "name": entities[d].name, "url": base.relative(plan.hubPaths[d][cell.values[d]])]
        }
        let relatedGroups = related(cell)
        context["related"] = relatedGroups
        context["hasRelated"] = !relatedGroups.isEmpty
        return theme.render("page", context)
    }

    /// For each dimension, links to the pages that differ from this one in that dimension alone.
    func related(_ cell: Cell) -> [[String: Any]] {
        let limit = site.config.relatedLimit
        guard limit > 0 else { return [] }
        return dimensions.indices.compactMap { d -> [String: Any]? in
            var values = cell.values
            var links: [[String: Any]] = []
            let count = site.entities[d].count
            // Start after this page's value and wrap, so neighbours link to different pages, not all to the first few.
            for step in 1..<max(count, 1) where links.count < limit {
                values[d] = (cell.values[d] + step) % count
                guard let other = plan.cellIndex(values: values) else { continue }
                let target = plan.cells[other]
                links.append(["name": site.entities[d][values[d]].name, "url": base.relative(target.path)])
            }
            guard !links.isEmpty else { return nil }
            let same = dimensions.indices.filter { $0 != d }.map { dimensions[$0].label.lowercased() }
            let heading = same.isEmpty ? "Other \(dimensions[d].plural.lowercased())"
                : "Same \(same.joined(separator: " and ")), other \(dimensions[d].plural.lowercased())"
            return ["heading": heading, "links": links]
        }
    }
}
