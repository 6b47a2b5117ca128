import AppealModel
import AppealPlan
import AppealTemplate

/// The pages beyond cells and value hubs: each dimension's index (`/procedures/`), the guided hubs
/// of the first two dimensions (`/procedures/kyphoplasty/medicare/`), and standalone pages.
extension SiteRenderer {
    /// Site paths of the index pages, guided hubs and standalone pages, with whether each may be indexed.
    func otherPagePaths() -> [(path: String, indexable: Bool)] {
        var out: [(path: String, indexable: Bool)] = plan.indexPaths.map { ($0, true) }
        for (i, hub) in plan.pairHubs.enumerated() { out.append((hub.path, pairHubIndexable(i))) }
        for (i, page) in site.pages.enumerated() { out.append((page.path, plan.pageIndexable[i])) }
        return out
    }

    /// The guided hub that pairs value `e` of dimension `d` with value `key` of dimension `g`, when
    /// the two are the first two dimensions (in either order).
    func pairHubIndex(_ d: Int, _ e: Int, _ g: Int, _ key: Int) -> Int? {
        guard !plan.pairByValues.isEmpty else { return nil }
        let i: Int
        if d == 0 && g == 1 { i = plan.pairByValues[e][key] } else if d == 1 && g == 0 { i = plan.pairByValues[key][e] } else { return nil }
        return i < 0 ? nil : i
    }

    /// On the hub of a value of the first or second dimension, the guided hubs it leads to: a
    /// procedure's hub lists its insurers, an insurer's its procedures. `false` on other hubs.
    func guidedLinks(dimension d: Int, entity e: Int) -> TemplateValue {
        guard d < 2, !plan.pairHubs.isEmpty else { return false }
        let other = 1 - d
        var links: [TemplateValue] = []
        for (k, entity) in site.entities[other].enumerated() {
            guard let i = pairHubIndex(d, e, other, k) else { continue }
            let n = plan.pairHubs[i].cells.count
            links.append(["name": .string(entity.name), "url": .string(base.relative(plan.pairHubs[i].path)), "pageCount": .int(n),
                          "pageCountText": .string(languages[0].strings.count(n, "guide"))])
        }
        guard !links.isEmpty else { return false }
        let dim = dimensions[other], next = dimensions[2]
        return ["label": .string(dim.label), "plural": .string(dim.plural), "nextLabel": .string(next.label),
                "nextPlural": .string(next.plural), "links": .list(links)]
    }

    /// The ladders that apply to some of these cells, in the order the cells show them.
    func ladders(of cells: [Int]) -> [TemplateValue] {
        var seen = Set<Int>(), slugs: [String] = []
        for c in cells where seen.insert(plan.cells[c].ladders).inserted {
            for slug in plan.ladderLists[plan.cells[c].ladders] where !slugs.contains(slug) { slugs.append(slug) }
        }
        return slugs.compactMap { ladderValues[$0] }
    }

    // MARK: Index of a dimension

    public func renderIndex(dimension d: Int) -> String {
        let dim = dimensions[d], path = plan.indexPaths[d], strings = languages[0].strings
        let crumbs: [(name: String, path: String?)] = [(strings["nav.home"], "/"), (dim.plural, path)]
        let n = site.entities[d].indices.filter { !cellsByValue[d][$0].isEmpty }.count
        let description = strings.format("index.description", ["plural": dim.plural, "count": String(n), "site": site.config.name])
        let page = JSON.object([("@type", .string("CollectionPage")), ("name", .string(dim.plural)), ("url", .string(base.absolute(path)))])
        var context = common(title: "\(dim.plural) · \(site.config.name)", description: description, sitePath: path, robots: "index,follow",
                             ogType: "website", jsonLd: .string(JSON.graph([page, breadcrumbJSON(crumbs)]).text), breadcrumbs: crumbs)
        let index = dimensionIndex()
        if case .list(let all) = index { context["dimension"] = all[d] }
        context["h1"] = .string(dim.plural)
        context["entryCount"] = .int(n)
        context["others"] = .list(dimensions.indices.filter { $0 != d }.map { o in
            ["plural": .string(dimensions[o].plural), "url": .string(base.relative(plan.indexPaths[o]))]
        })
        return theme.render("index", .object(context))
    }

    // MARK: Guided hub (first × second dimension)

    public func renderPairHub(_ i: Int) -> String {
        let hub = plan.pairHubs[i]
        let d0 = dimensions[0], d1 = dimensions[1]
        let first = site.entities[0][hub.first], second = site.entities[1][hub.second], strings = languages[0].strings
        let crumbs: [(name: String, path: String?)] = [(strings["nav.home"], "/"), (d0.plural, plan.indexPaths[0]), (first.name, plan.hubPaths[0][hub.first]),
                                                       (second.name, hub.path)]
        let description = strings.format("guide.description", ["first": first.name, "second": second.name, "count": String(hub.cells.count)])
        let page = JSON.object([("@type", .string("CollectionPage")), ("name", .string("\(first.name) · \(second.name)")),
                                ("url", .string(base.absolute(hub.path)))])
        let full = "\(first.name) · \(second.name) · \(site.config.name)"
        var context = common(title: full.count <= 70 ? full : "\(first.name) · \(second.name)", description: description, sitePath: hub.path,
                             robots: pairHubIndexable(i) ? "index,follow" : "noindex,follow", ogType: "website",
                             jsonLd: .string(JSON.graph([page, breadcrumbJSON(crumbs)]).text), breadcrumbs: crumbs)
        context["first"] = ["label": .string(d0.label), "name": .string(first.name), "url": .string(base.relative(plan.hubPaths[0][hub.first])),
                            "allText": .string(strings.format("guide.all_first", ["name": first.name]))]
        context["second"] = ["label": .string(d1.label), "name": .string(second.name), "url": .string(base.relative(plan.hubPaths[1][hub.second])),
                             "allText": .string(strings.format("guide.all_second", ["name": second.name]))]
        context["h1"] = .string(strings.format("guide.h1", ["first": first.name, "second": second.name]))
        context["countLine"] = .string(strings.format("guide.count", ["count": String(hub.cells.count), "next": dimensions[2].label]))
        let rest = Array(dimensions.indices.dropFirst(2))
        context["next"] = ["label": .string(dimensions[2].label), "plural": .string(dimensions[2].plural)]
        context["links"] = .list(hub.cells.map { c in
            let cell = plan.cells[c]
            let name = rest.map { site.entities[$0][cell.values[$0]].name }.joined(separator: " · ")
            return ["name": .string(name), "url": .string(parts.cellURLs[c]), "thin": .bool(cell.thin), "title": .string(text(plan.h1, cell: cell))]
        })
        context["pageCount"] = .int(hub.cells.count)
        let ladderList = ladders(of: hub.cells)
        context["ladders"] = .list(ladderList)
        context["hasLadders"] = .bool(!ladderList.isEmpty)
        context["multipleLadders"] = .bool(ladderList.count > 1)
        if let f = hub.article {
            var html: [UInt8] = []
            let cell = plan.cells[hub.cells[0]]
            fragments[f].render(into: &html) { self.value($0, cell: cell) ?? "" }
            context["bodyHtml"] = .string(String(decoding: html, as: UTF8.self))
        } else {
            context["bodyHtml"] = false
        }
        return theme.render("guide", .object(context))
    }

    // MARK: Standalone pages

    public func renderStandalone(_ i: Int) -> String {
        let page = site.pages[i], title = plan.pageTitles[i]
        let crumbs: [(name: String, path: String?)] = [(languages[0].strings["nav.home"], "/"), (title, page.path)]
        let json = JSON.object([("@type", .string("WebPage")), ("name", .string(title)), ("url", .string(base.absolute(page.path)))])
        var context = common(title: "\(title) · \(site.config.name)", description: plan.pageDescriptions[i], sitePath: page.path,
                             robots: plan.pageIndexable[i] ? "index,follow" : "noindex,follow", ogType: "website",
                             jsonLd: .string(JSON.graph([json, breadcrumbJSON(crumbs)]).text), breadcrumbs: crumbs)
        var html: [UInt8] = []
        FragmentHTML(plan.pageBodies[i], allowRawHTML: site.config.rawHTML).render(into: &html) { binding in
            switch binding {
            case .constant(let s): return s
            case .timeLimit(let limit): return limit.text(languages[0].words)
            default: return ""
            }
        }
        context["h1"] = .string(title)
        context["slug"] = .string(page.slug)
        context["bodyHtml"] = .string(String(decoding: html, as: UTF8.self))
        return theme.render("standalone", .object(context))
    }

    /// The text of the first `<h2>` of a rendered section (tags removed, entities kept as they are),
    /// for the page's table of contents; nil when the section has none.
    static func firstHeading(_ html: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let open = Array("<h2".utf8), close = Array("</h2>".utf8)
        guard let start = find(open, in: html), let gt = html[start...].firstIndex(of: UInt8(ascii: ">")),
              let end = find(close, in: html[(gt + 1)...]) else { return nil }
        return html[(gt + 1)..<end]
    }

    static func find(_ needle: [UInt8], in hay: ArraySlice<UInt8>) -> Int? {
        guard hay.count >= needle.count else { return nil }
        var i = hay.startIndex
        while i <= hay.endIndex - needle.count {
            if hay[i] == needle[0] && hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// Appends `html` without its tags to `out` (the heading's inline markup, such as `<code>`).
    static func appendWithoutTags(_ html: ArraySlice<UInt8>, to out: inout [UInt8]) {
        var inTag = false
        for b in html {
            if b == UInt8(ascii: "<") { inTag = true } else if b == UInt8(ascii: ">") { inTag = false } else if !inTag { out.append(b) }
        }
    }
}
