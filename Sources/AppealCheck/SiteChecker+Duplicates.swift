import AppealModel
import AppealPlan
import Foundation

extension SiteChecker {
    /// Near-duplicate indexable pages (MinHash + LSH over 5-word shingles of the main content) and
    /// thin pages: too few words, or too few that their most similar page lacks.
    func checkDuplicates(_ c: Collected, _ all: inout Tallies, pages: inout [CheckedPage]) -> ([DuplicatePair], [DuplicateCluster], [Finding]) {
        var best = [Double](repeating: 0, count: pages.count)
        var closest = [Int?](repeating: nil, count: pages.count)
        var pairs: [DuplicatePair] = []
        var reader = signatureStore.reader()
        for key in signatureStore.candidateKeys() {
            let a = Int(key >> 32), b = Int(key & 0xFFFF_FFFF)
            guard let s = reader.similarity(a, b) else { continue }
            if s > best[a] { best[a] = s; closest[a] = b }
            if s > best[b] { best[b] = s; closest[b] = a }
            if s >= settings.similarity { pairs.append(DuplicatePair(a: a, b: b, similarity: s)) }
        }
        if reader.unread > 0 {
            all.add(.duplicates, .error("the near-duplicate check is incomplete: \(reader.unread) page signatures could not be read back from the temporary file",
                                        at: nil, hint: "check the free space and permissions of the temporary folder (TMPDIR), then build again"))
        }

        // Thin pages: cells only; hubs and the home page are lists by design.
        for (p, page) in pages.enumerated() where page.indexable && signatureStore.has(p) {
            guard case .cell(let i) = page.kind else { continue }
            let words = Int(c.records[p].words)
            let unique = Int((Double(words) * (1 - best[p]) / (1 + best[p])).rounded())
            pages[p].uniqueWords = unique
            let at = mostSpecificFragment(plan.cells[i]).map { site.fragments[$0].location } ?? site.matrix.url.origin
            if words < settings.thinMinWords {
                pages[p].flags.insert(.thinContent)
                all.add(.duplicates, .warning("thin page: fewer than \(settings.thinMinWords) words of main content", at: at,
                                              hint: "e.g. \(page.path) has \(words); add cell-specific text, or raise `checks.thin_min_words` in site.yaml"), page: p)
            } else if unique < settings.thinMinUniqueWords, let other = closest[p] {
                pages[p].flags.insert(.thinContent)
                all.add(.duplicates, .warning("thin page: adds fewer than \(settings.thinMinUniqueWords) words over its most similar page", at: at,
                                              hint: "e.g. \(page.path) adds about \(unique) words over \(pages[other].path) (similarity \(Self.percent(best[p])))"), page: p)
            }
        }

        // Clusters: pages joined by pairs above the threshold (union-find).
        var parent = Array(pages.indices)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for pair in pairs { parent[root(pair.a)] = root(pair.b) }
        // Per cluster: its pages, its highest similarity, its pair count and the three pairs it shows.
        struct Group { var pages: [Int] = []; var top = 0.0; var pairs = 0; var shown: [DuplicatePair] = [] }
        func shownFirst(_ x: DuplicatePair, _ y: DuplicatePair) -> Bool { (x.similarity, y.a, y.b) > (y.similarity, x.a, x.b) }
        var groups: [Group] = []
        var groupOf: [Int: Int] = [:]
        var paired = [Bool](repeating: false, count: pages.count)
        for pair in pairs {
            paired[pair.a] = true
            paired[pair.b] = true
            let r = root(pair.a)
            let i = groupOf[r] ?? { groups.append(Group()); groupOf[r] = groups.count - 1; return groups.count - 1 }()
            groups[i].top = max(groups[i].top, pair.similarity)
            groups[i].pairs += 1
            if groups[i].shown.count < 3 || shownFirst(pair, groups[i].shown[2]) {
                groups[i].shown.append(pair)
                groups[i].shown.sort(by: shownFirst)
                if groups[i].shown.count > 3 { groups[i].shown.removeLast() }
            }
        }
        // Each paired page once, in ascending order, in its cluster.
        for p in pages.indices where paired[p] { groups[groupOf[root(p)]!].pages.append(p) }
        var clusters: [DuplicateCluster] = []
        var findings: [Finding] = []
        for g in groups {
            let group = g.pages
            for p in group { pages[p].flags.insert(.nearDuplicate) }
            let source = clusterSource(group)
            clusters.append(DuplicateCluster(pages: group, maxSimilarity: g.top, source: source))
            let shown = g.shown.map { "\(pages[$0.a].path) ↔ \(pages[$0.b].path) (\(Self.percent($0.similarity)))" }
            let more = g.pairs - shown.count
            let message = "\(group.count) pages are near-duplicates: " + shown.joined(separator: "; ") + (more > 0 ? "; and \(more) more pairs" : "")
            findings.append(Finding(.duplicates, .warning(message, at: source, hint: clusterHint(group)), pages: group,
                                    examples: group.prefix(3).map { pages[$0].path }))
        }
        clusters.sort { ($0.pages.count, $0.maxSimilarity, -$0.pages[0]) > ($1.pages.count, $1.maxSimilarity, -$1.pages[0]) }
        pairs.sort { ($0.similarity, -$0.a, -$0.b) > ($1.similarity, -$1.a, -$1.b) }
        return (pairs, clusters, findings)
    }

    static func percent(_ s: Double) -> String { "\(Int((s * 100).rounded()))%" }

    /// The most specific fragment a cell's page got, preferring the thin section (the cell-specific one).
    func mostSpecificFragment(_ cell: Cell) -> Int? {
        let thin = site.matrix.thinSection.flatMap { name in site.matrix.sections.firstIndex { $0.name == name } }
        if let thin, let f = cell.fragments[thin] { return f }
        return cell.fragments.compactMap { $0 }.max { site.fragments[$0].selector.specificity < site.fragments[$1].selector.specificity }
    }

    /// The most specific fragment every cell of the group shares; an entity file for hubs.
    func clusterSource(_ group: [Int]) -> SourceLocation? {
        var shared: Set<Int>?
        for p in group {
            switch pages[p].kind {
            case .cell(let i):
                let chosen = Set(plan.cells[i].fragments.compactMap { $0 })
                shared = shared.map { $0.intersection(chosen) } ?? chosen
            case .hub(let d, let e):
                return site.entities[d][e].location
            default:
                return site.config.location
            }
        }
        let best = (shared ?? []).max { (site.fragments[$0].selector.specificity, $1) < (site.fragments[$1].selector.specificity, $0) }
        return best.map { site.fragments[$0].location } ?? site.matrix.url.origin
    }

    /// Names the dimensions the pages differ in and what to write to tell them apart.
    func clusterHint(_ group: [Int]) -> String {
        let cells: [Cell] = group.compactMap { if case .cell(let i) = pages[$0].kind { plan.cells[i] } else { nil } }
        guard let first = cells.first, cells.count == group.count else {
            return "give each page text of its own, or raise `checks.similarity` in site.yaml if this is expected"
        }
        let dims = site.matrix.dimensions
        let differing = dims.indices.filter { d in cells.contains { $0.values[d] != first.values[d] } }
        let names = differing.map { dims[$0].key }
        let selector = dims.indices.map { d in "\(dims[d].key): \(site.entities[d][first.values[d]].slug)" }.joined(separator: ", ")
        let section = site.matrix.thinSection ?? site.matrix.sections.first?.name ?? "angle"
        return "these pages differ only in \(names.joined(separator: " and ")): write text specific to each, e.g. a fragment for section `\(section)` "
            + "with `for: { \(selector) }`, exclude cells that add nothing, or raise `checks.similarity` in site.yaml"
    }
}
