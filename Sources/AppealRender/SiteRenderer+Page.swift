import Foundation
import AppealModel
import AppealPlan
import AppealTemplate

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
        context["h1"] = .string(h1)
        context["thin"] = .bool(cell.thin)

        // By name for themes that place each section, and in matrix.yaml order for themes that loop.
        // The first section declared in matrix.yaml is the lead (shown above the ladders in the default
        // theme); the rest follow in order, so a new section appears without a theme change.
        var sections: [String: TemplateValue] = [:]
        var ordered: [TemplateValue] = []
        for (s, spec) in site.matrix.sections.enumerated() {
            guard let f = cell.fragments[s] else { sections[spec.name] = false; continue }
            let value: TemplateValue = ["name": .string(spec.name), "slug": .string(sectionSlugs[s]),
                                        "html": .string(fragments[f].render { plan.value($0, cell: cell) ?? "" })]
            sections[spec.name] = value
            ordered.append(value)
        }
        context["section"] = .object(sections)
        context["sections"] = .list(ordered)
        let leadPresent = cell.fragments.first.map { $0 != nil } ?? false
        context["lead"] = leadPresent ? ordered[0] : false
        context["bodySections"] = .list(leadPresent ? Array(ordered.dropFirst()) : ordered)

        let ladderList = ladders(entities)
        context["ladders"] = .list(ladderList)
        context["hasLadders"] = .bool(!ladderList.isEmpty)
        context["multipleLadders"] = .bool(ladderList.count > 1)
        let criteriaList = dimensions.indices.compactMap { criteriaValues[$0][cell.values[$0]] }
        context["criteria"] = .list(criteriaList)
        context["hasCriteria"] = .bool(!criteriaList.isEmpty)

        let offer = site.offers.offers[cell.offer]
        context["cta"] = [
            "headline": .string(offer.headline), "text": .string(offer.text), "button": .string(offer.button), "url": .string(ctaURL(cell)),
            "code": .string(offer.code), "price": .string(Offer.format(cents: offer.priceCents, currency: offer.currency)),
            "listPrice": .string(Offer.format(cents: offer.listPriceCents, currency: offer.currency)),
            "savings": .string(Offer.format(cents: offer.listPriceCents - offer.priceCents, currency: offer.currency)),
            "currency": .string(offer.currency), "validUntil": .string(offer.validUntil.description),
            "validUntilText": .string(offer.validUntil.longText), "discounted": .bool(offer.priceCents < offer.listPriceCents),
        ]
        context["sources"] = .list(refs.map { r in
            ["title": .string(r.title), "url": .string(r.url), "reviewed": .optional(r.reviewed?.description), "reviewedText": .optional(r.reviewed?.longText)]
        })
        context["lastReviewed"] = .optional(reviewed?.description)
        context["lastReviewedText"] = .optional(reviewed?.longText)
        context["cell"] = .list(dimensions.indices.map { d in
            ["label": .string(dimensions[d].label), "name": .string(entities[d].name), "url": .string(base.relative(plan.hubPaths[d][cell.values[d]]))]
        })
        let relatedGroups = related(cell)
        context["related"] = .list(relatedGroups)
        context["hasRelated"] = .bool(!relatedGroups.isEmpty)
        return theme.render("page", .object(context))
    }

    /// For each dimension, links to the pages that differ from this one in that dimension alone.
    func related(_ cell: Cell) -> [TemplateValue] {
        let limit = site.config.relatedLimit
        guard limit > 0 else { return [] }
        return dimensions.indices.compactMap { d -> TemplateValue? in
            var values = cell.values
            var links: [TemplateValue] = []
            let count = site.entities[d].count
            // Start after this page's value and wrap, so neighbours link to different pages, not all to the first few.
            for step in 1..<max(count, 1) where links.count < limit {
                values[d] = (cell.values[d] + step) % count
                guard let other = plan.cellIndex(values: values) else { continue }
                let target = plan.cells[other]
                links.append(["name": .string(site.entities[d][values[d]].name), "url": .string(base.relative(target.path))])
            }
            guard !links.isEmpty else { return nil }
            let same = dimensions.indices.filter { $0 != d }.map { dimensions[$0].label.lowercased() }
            let heading = same.isEmpty ? "Other \(dimensions[d].plural.lowercased())"
                : "Same \(same.joined(separator: " and ")), other \(dimensions[d].plural.lowercased())"
            return ["heading": .string(heading), "links": .list(links)]
        }
    }
}
