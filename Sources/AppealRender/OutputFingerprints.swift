import AppealModel
import AppealPlan

/// What each output's bytes depend on, as a fingerprint: equal to the last build's means the file
/// the last build wrote is still right. A cell's page depends on the site-wide inputs, the theme,
/// the build date, the program (`salt`), which pages exist, and its own values' files, fragments
/// and offer. The other outputs (home, hubs, sitemaps, assets) have none: they depend on the whole
/// site, are always made, and are carried over only when their bytes are the same.
public struct OutputFingerprints: Sendable {
    /// Bump when a change to AppealPress changes the HTML it writes for the same inputs.
    public static let formatVersion = 1

    let base: ContentHash
    /// Every input of the build: equal to the last build's means there is nothing to do.
    public let site: String
    let plan: SitePlan

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
        self.base = base
        plan = renderer.plan
        var all = base
        for list in plan.site.entities { for entity in list { all.add(entity.sourceHash) } }
        for fragment in plan.site.fragments { all.add(fragment.sourceHash) }
        site = all.description
    }

    /// The fingerprint of an output, or nil for outputs that are always made.
    public func of(_ output: SiteOutput) -> String? {
        guard case .cell(let index) = output.kind else { return nil }
        let cell = plan.cells[index]
        var h = base
        for (d, e) in cell.values.enumerated() { h.add(plan.site.entities[d][e].sourceHash) }
        for fragment in cell.fragments { if let f = fragment { h.add(plan.site.fragments[f].sourceHash) } else { h.add(-1) } }
        h.add(cell.offer)
        h.add(cell.thin ? 1 : 0)
        h.add(cell.path)
        return h.description
    }
}
