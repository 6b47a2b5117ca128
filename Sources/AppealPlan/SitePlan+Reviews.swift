import AppealModel

/// For each file a page is built from, the review records that match its content now (empty: unreviewed).
public struct ReviewIndex: Sendable {
    public var entities: [[[Int]]] = []
    public var fragments: [[Int]] = []
    public var policies: [String: [Int]] = [:]
    public var offers: [Int] = []

    public init() {}

    public init(_ site: Site) {
        let current = site.reviews.current
        entities = site.entities.map { $0.map { current[$0.location.file] ?? [] } }
        fragments = site.fragments.map { current[$0.location.file] ?? [] }
        policies = site.policies.mapValues { current[$0.location.file] ?? [] }
        offers = current[site.offers.location.file] ?? []
    }

    /// The current records of every input of `cell`'s page, without repeats; nil when any input has none.
    public func records(of cell: Cell, in site: Site, ladders lists: [[String]]) -> [Int]? {
        var all: [Int] = []
        func add(_ records: [Int]) -> Bool {
            guard !records.isEmpty else { return false }
            for r in records where !all.contains(r) { all.append(r) }
            return true
        }
        guard add(offers) else { return nil }
        for (d, e) in cell.values.enumerated() { guard add(entities[d][e]) else { return nil } }
        for case let f? in cell.fragments { guard add(fragments[f]) else { return nil } }
        for slug in SitePlan.policiesShown(on: cell, lists: lists) { guard add(policies[slug] ?? []) else { return nil } }
        return all
    }
}

extension SitePlan {
    /// The policies (ladders) the page of `cell` shows, in order, without repeats. Reviews and the
    /// unfinished-text check ask this, and only this, which policies reach a page.
    /// `lists` are the planner's distinct ladder lists (`SitePlan.ladderLists`), decided per cell.
    public static func policiesShown(on cell: Cell, lists: [[String]]) -> [String] { lists[cell.ladders] }

    public func policiesShown(on cell: Cell) -> [String] { policies(cell) }

    /// Whether value `e` of dimension `d` brings policy `slug` to its hub page: listed in its
    /// `policies:`, or named by the policy's `for:` in that dimension. A hub shows the ladders of its
    /// pages that its value brings (see `SiteRenderer.hubPolicies`).
    public static func brings(_ site: Site, dimension d: Int, entity e: Int, _ slug: String) -> Bool {
        let entity = site.entities[d][e]
        return entity.policies.contains(slug) || (site.policies[slug]?.includes.contains { $0.allowed[d]?.contains(entity.slug) ?? false } ?? false)
    }

    /// The files `cell`'s page is built from, as in `SourceLocation.file`: offers.yaml, its values'
    /// files, its fragments, the policies it shows.
    public func inputFiles(_ cell: Cell) -> [String] {
        var files = [site.offers.location.file]
        for (d, e) in cell.values.enumerated() { files.append(site.entities[d][e].location.file) }
        for case let f? in cell.fragments where !files.contains(site.fragments[f].location.file) { files.append(site.fragments[f].location.file) }
        for slug in policiesShown(on: cell) { if let p = site.policies[slug] { files.append(p.location.file) } }
        return files
    }

    /// The review records behind `cell`'s page, when every one of its inputs is reviewed as it is now.
    public func reviewRecords(_ cell: Cell) -> [Int]? { reviewIndex.records(of: cell, in: site, ladders: ladderLists) }
}
