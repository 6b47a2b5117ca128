import AppealModel
import AppealPlan

/// What each output's bytes depend on, as a fingerprint: equal to the last build's means the file
/// the last build wrote is still right. A cell's page depends on the site-wide inputs, the theme,
/// the build date, the program (`salt`), which pages exist, the standalone pages its menus link,
/// and its own values' files (and the review records that match them), fragments and offer. A
/// guided hub (procedure × insurer) depends on the same base, its two values' files, its own
/// article, and every input of the pages it lists (their names, titles, ladders and whether they
/// are thin come from those). The other outputs (home, value hubs, sitemaps, assets) have none:
/// they depend on the whole site, are always made, and are carried over only when their bytes are the same.
public struct OutputFingerprints: Sendable {
    /// Bump when a change to AppealPress changes the HTML it writes for the same inputs.
    public static let formatVersion = 1

    let base: ContentHash
    /// Each value's own inputs (`values[d][e]`): its file's text, and what was read from it. A
    /// spreadsheet row's cells alone do not say which column each is in: its header gives them their meaning.
    let values: [[ContentHash]]
    /// Every input of the build: equal to the last build's means there is nothing to do.
    public let site: String
    let plan: SitePlan
    /// Default-language fragments by content path (`sections/lede.md`), for translations' sources.
    let sourceIndex: [String: Int]

    /// `salt` names the running program, so an upgraded AppealPress renders every page again.
    public init(_ renderer: SiteRenderer, salt: String) {
        var base = renderer.plan.site.globalHash
        base.add(renderer.theme.contentHash)
        base.add(renderer.plan.buildDate.description)
        base.add(Self.formatVersion)
        base.add(salt)
        base.add(renderer.plan.site.config.baseURL.origin + renderer.plan.site.config.baseURL.pathPrefix)  // --base-url
        // Which pages exist: related links point at neighbours, and with `thin_pages: skip` a
        // neighbour comes and goes with another cell's fragments.
        for cell in renderer.plan.cells { base.add(cell.path) }
        // Every page's header and footer link the standalone pages of their menus, by label, title and path.
        for page in renderer.plan.site.pages where page.menu != .none {
            base.add(page.menu.rawValue)
            base.add(page.menuLabel)
            base.add(page.title)
            base.add(page.path)
        }
        self.base = base
        plan = renderer.plan
        values = plan.site.entities.map { $0.map(Self.valueHash) }
        var sources: [String: Int] = [:]
        if plan.site.config.languages.count > 1 {
            let root = plan.site.config.location.file.hasSuffix("/site.yaml") ? String(plan.site.config.location.file.dropLast("/site.yaml".count)) + "/" : ""
            for (i, f) in plan.site.fragments.enumerated() where f.language == 0 {
                let file = f.location.file
                sources[file.hasPrefix(root) ? String(file.dropFirst(root.count)) : file] = i
            }
        }
        sourceIndex = sources
        var all = base
        for list in values { for value in list { all.add(value) } }
        for fragment in plan.site.fragments { all.add(fragment.sourceHash) }
        // A standalone page's own text, and where it goes (its file's name, or its `url:`).
        for page in plan.site.pages { all.add(page.slug); all.add(page.path); all.add(page.sourceHash) }
        // Redirects change no page, but the host file and stub pages.
        for rule in plan.site.redirects { all.add(rule.from); all.add(rule.to ?? "-"); all.add(rule.status) }
        site = all.description
    }

    /// The fingerprint of an output, or nil for outputs that are always made.
    public func of(_ output: SiteOutput) -> String? {
        switch output.kind {
        case .cell(let index): return cell(index).description
        case .pairHub(let index): return pairHub(index).description
        default: return nil
        }
    }

    /// A guided hub lists its pages by name and title, shows the ladders they use and the pair's
    /// article: a page it lists whose inputs change may change it, so each page's fingerprint is part of its own.
    func pairHub(_ index: Int) -> ContentHash {
        let hub = plan.pairHubs[index]
        var h = base
        h.add("pair-hub")
        h.add(hub.path)
        h.add(values[0][hub.first])
        h.add(values[1][hub.second])
        addReviews(of: 0, hub.first, to: &h)
        addReviews(of: 1, hub.second, to: &h)
        if let article = hub.article { h.add(plan.site.fragments[article].sourceHash) } else { h.add(-1) }
        h.add(hub.indexable ? 1 : 0)
        h.add(hub.cells.count)
        for c in hub.cells { h.add(cell(c)) }
        return h
    }

    static func valueHash(_ entity: Entity) -> ContentHash {
        var h = entity.sourceHash
        h.add(entity.slug)
        for (key, value) in entity.fields.sorted(by: { $0.key < $1.key }) { h.add(key); h.add(value) }
        h.add(entity.policies.count)
        for p in entity.policies { h.add(p) }
        if let c = entity.criteria {
            for part in [c.title, c.source, c.url ?? "-", c.codes ?? "-", c.reviewed?.description ?? "-"] { h.add(part) }
            h.add(c.items.count)
            for item in c.items { h.add(item) }
        } else {
            h.add(-1)
        }
        h.add(entity.sources.count)
        for source in entity.sources { h.add(source.title); h.add(source.url); h.add(source.reviewed?.description ?? "-") }
        h.add(entity.body)
        return h
    }

    /// The review records that match value `e` of dimension `d`'s file as it is now: they decide
    /// whether its pages may be indexed and who they say reviewed them. A value's own text is not
    /// its file's when the file is a spreadsheet, whose other rows change it too.
    func addReviews(of d: Int, _ e: Int, to h: inout ContentHash) {
        guard d < plan.reviewIndex.entities.count, e < plan.reviewIndex.entities[d].count else { return }
        let records = plan.reviewIndex.entities[d][e]
        h.add(records.count)
        for r in records { h.add(r) }
    }

    func cell(_ index: Int) -> ContentHash {
        let cell = plan.cells[index]
        var h = base
        for (d, e) in cell.values.enumerated() {
            h.add(values[d][e])
            addReviews(of: d, e, to: &h)
        }
        for fragment in cell.fragments { if let f = fragment { h.add(plan.site.fragments[f].sourceHash) } else { h.add(-1) } }
        h.add(cell.offer)
        h.add(cell.thin ? 1 : 0)
        h.add(cell.path)
        // A translation is stale or current by its source's text; the language switcher and the
        // hreflang alternates name the page's other versions and whether they are indexable.
        for case let f? in cell.fragments {
            if let source = plan.site.fragments[f].translates, let s = sourceIndex[source] { h.add(plan.site.fragments[s].sourceHash) }
        }
        if plan.site.config.languages.count > 1 {
            for version in plan.versions(of: cell) {
                let other = plan.cells[version.cell]
                h.add(other.path)
                h.add(other.isIndexable(under: plan.site.config) ? 1 : 0)
            }
        }
        return h
    }
}
