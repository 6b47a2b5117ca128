import AppealModel
import AppealPlan
import Foundation

extension SiteChecker {
    /// Near-duplicate indexable pages (MinHash + LSH over 5-word shingles of the main content) and
    /// thin pages: too few words, or too few that their most similar page lacks.
    ///
    /// The candidate pairs and their similarities are found on all cores (`SignatureStore`); what
    /// follows goes through them in the order of the candidate keys, as one thread did, so the
    /// closest page of each page (an earlier key wins a tie), the pairs, the clusters and the order
    /// of the findings are the same whatever the threads did.
    func checkDuplicates(_ c: Collected, _ all: inout Tallies, pages: inout [CheckedPage]) -> ([DuplicatePair], [DuplicateCluster], [Finding]) {
        let started = Date()
        let keys = signatureStore.candidateKeys()
        let found = Date()
        let (shared, unread) = signatureStore.agreements(keys)
        let compared = Date()
        let width = SignatureStore.width
        func similarity(_ same: Int) -> Double { Double(same) / Double(width) }
        // Whether a pair sharing `same` values is at or above the threshold, and how many pairs do.
        let above = (0...width).map { similarity($0) >= settings.similarity }
        var pairsSharing = [Int](repeating: 0, count: width + 1)
        // Per page: the most values it shares with another page (0: none yet) and that page.
        var best = [UInt8](repeating: 0, count: pages.count)
        var closest = [Int32](repeating: -1, count: pages.count)
        // Union-find over the pairs above the threshold: the clusters.
        var parent = (0..<Int32(pages.count)).map { $0 }
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != Int32(x) { parent[x] = parent[Int(parent[x])]; x = Int(parent[x]) }
            return x
        }
        for (k, key) in keys.enumerated() where shared[k] != SignatureStore.unreadable {
            let a = Int(key >> 32), b = Int(key & 0xFFFF_FFFF), s = shared[k]
            if s > best[a] { best[a] = s; closest[a] = Int32(b) }
            if s > best[b] { best[b] = s; closest[b] = Int32(a) }
            if above[Int(s)] {
                pairsSharing[Int(s)] += 1
                parent[root(a)] = Int32(root(b))
            }
        }
        if unread > 0 {
            all.add(.duplicates, .error("the near-duplicate check is incomplete: \(unread) page signatures could not be read back from the temporary file",
                                        at: nil, hint: "check the free space and permissions of the temporary folder (TMPDIR), then build again"))
        }

        // Thin pages: cells only; hubs and the home page are lists by design. Pages go in ascending
        // order, each to the finding of its kind and place (first by fragment, then by location, as
        // `Tallies` would key them); a finding keeps its first page's hint. No other check reports
        // thin pages, so these findings are the last `Tallies` would have listed: they go first in
        // what this returns, which comes right after the tallied findings.
        struct ThinKey: Hashable { var unique: Bool; var fragment: Int }
        var thin: [ThinKey: Int] = [:]
        var thinGroups: [(unique: Bool, diagnostic: Diagnostic, pages: [Int])] = []
        let thinSection = site.matrix.thinSection.flatMap { name in site.matrix.sections.firstIndex { $0.name == name } }
        for p in pages.indices where pages[p].indexable && signatureStore.has(p) {
            guard case .cell(let i) = pages[p].kind else { continue }
            let words = Int(c.records[p].words)
            let closeness = similarity(Int(best[p]))
            let unique = Int((Double(words) * (1 - closeness) / (1 + closeness)).rounded())
            pages[p].uniqueWords = unique
            let few = words < settings.thinMinWords
            guard few || (unique < settings.thinMinUniqueWords && closest[p] >= 0) else { continue }
            pages[p].flags.insert(.thinContent)
            let fragment = mostSpecificFragment(cell: i, thinSection: thinSection)
            let key = ThinKey(unique: !few, fragment: fragment ?? -1)
            if let g = thin[key] { thinGroups[g].pages.append(p); continue }
            let at = fragment.map { site.fragments[$0].location } ?? site.matrix.url.origin
            let diagnostic: Diagnostic = few
                ? .warning("thin page: fewer than \(settings.thinMinWords) words of main content", at: at,
                           hint: "e.g. \(pages[p].path) has \(words); add cell-specific text, or raise `checks.thin_min_words` in site.yaml")
                : .warning("thin page: adds fewer than \(settings.thinMinUniqueWords) words over its most similar page", at: at,
                           hint: "e.g. \(pages[p].path) adds about \(unique) words over \(pages[Int(closest[p])].path) (similarity \(Self.percent(closeness)))")
            thin[key] = thinGroups.count
            thinGroups.append((!few, diagnostic, [p]))
        }
        // Fragments at the same place make one finding.
        struct PlaceKey: Hashable { var unique: Bool; var at: SourceLocation? }
        var byPlace: [PlaceKey: Int] = [:]
        var thinFindings: [(diagnostic: Diagnostic, pages: [Int])] = []
        for g in thinGroups {
            let key = PlaceKey(unique: g.unique, at: g.diagnostic.location)
            if let f = byPlace[key] { thinFindings[f].pages += g.pages; continue }
            byPlace[key] = thinFindings.count
            thinFindings.append((g.diagnostic, g.pages))
        }

        // Per cluster: its pages, its highest similarity, its pair count and the three pairs it shows.
        // Clusters are numbered in the order of their first pair, as the keys come.
        struct Group { var pages: [Int] = []; var top = 0.0; var pairs = 0; var shown: [DuplicatePair] = [] }
        func shownFirst(_ x: DuplicatePair, _ y: DuplicatePair) -> Bool { (x.similarity, y.a, y.b) > (y.similarity, x.a, x.b) }
        var groups: [Group] = []
        // A cluster's number, kept at its root page; -1: none yet.
        var groupOf = [Int32](repeating: -1, count: pages.count)
        var paired = [Bool](repeating: false, count: pages.count)
        for (k, key) in keys.enumerated() where shared[k] != SignatureStore.unreadable && above[Int(shared[k])] {
            let pair = DuplicatePair(a: Int(key >> 32), b: Int(key & 0xFFFF_FFFF), similarity: similarity(Int(shared[k])))
            paired[pair.a] = true
            paired[pair.b] = true
            let r = root(pair.a)
            if groupOf[r] < 0 { groups.append(Group()); groupOf[r] = Int32(groups.count - 1) }
            let i = Int(groupOf[r])
            groups[i].top = max(groups[i].top, pair.similarity)
            groups[i].pairs += 1
            if groups[i].shown.count < 3 || shownFirst(pair, groups[i].shown[2]) {
                groups[i].shown.append(pair)
                groups[i].shown.sort(by: shownFirst)
                if groups[i].shown.count > 3 { groups[i].shown.removeLast() }
            }
        }
        // Each paired page once, in ascending order, in its cluster.
        for p in pages.indices where paired[p] { groups[Int(groupOf[root(p)])].pages.append(p) }
        for g in groups { for p in g.pages { pages[p].flags.insert(.nearDuplicate) } }

        // The findings, thin pages first then clusters, each made on its own (on all cores) and kept in order.
        let listed = pages, clustered = groups, thinCount = thinFindings.count, thinList = thinFindings
        let jobs = thinCount + clustered.count, chunk = 256
        let made = Locked([[(finding: Finding, cluster: DuplicateCluster?)]](repeating: [], count: (jobs + chunk - 1) / chunk))
        DispatchQueue.concurrentPerform(iterations: (jobs + chunk - 1) / chunk) { c in
            var out: [(finding: Finding, cluster: DuplicateCluster?)] = []
            for j in (c * chunk)..<min(jobs, (c + 1) * chunk) {
                if j < thinCount {
                    out.append((Tallies.finding(.duplicates, thinList[j].diagnostic, pages: thinList[j].pages, all: listed), nil))
                    continue
                }
                let g = clustered[j - thinCount], group = g.pages
                let source = clusterSource(group)
                let shown = g.shown.map { "\(listed[$0.a].path) ↔ \(listed[$0.b].path) (\(Self.percent($0.similarity)))" }
                let more = g.pairs - shown.count
                let message = "\(group.count) pages are near-duplicates: " + shown.joined(separator: "; ") + (more > 0 ? "; and \(more) more pairs" : "")
                out.append((Finding(.duplicates, .warning(message, at: source, hint: clusterHint(group)), pages: group,
                                    examples: group.prefix(3).map { listed[$0].path }),
                            DuplicateCluster(pages: group, maxSimilarity: g.top, source: source)))
            }
            made.withValue { $0[c] = out }
        }
        let results = made.current.joined()
        let findings = results.map(\.finding)
        var clusters = results.compactMap(\.cluster)
        clusters.sort { ($0.pages.count, $0.maxSimilarity, -$0.pages[0]) > ($1.pages.count, $1.maxSimilarity, -$1.pages[0]) }

        // The pairs, most similar first, then by first page and second: the keys are in page order,
        // so placing each pair after those that share more values sorts them, in one pass.
        var next = [Int](repeating: 0, count: width + 1)
        var placed = 0
        for same in stride(from: width, through: 0, by: -1) { next[same] = placed; placed += pairsSharing[same] }
        let pairs = [DuplicatePair](unsafeUninitializedCapacity: placed) { buffer, count in
            for (k, key) in keys.enumerated() where shared[k] != SignatureStore.unreadable && above[Int(shared[k])] {
                let same = Int(shared[k])
                (buffer.baseAddress! + next[same]).initialize(to: DuplicatePair(a: Int(key >> 32), b: Int(key & 0xFFFF_FFFF), similarity: similarity(same)))
                next[same] += 1
            }
            count = placed
        }
        if ProcessInfo.processInfo.environment["APPEALPRESS_TIMINGS"] != nil {
            func seconds(_ from: Date, _ to: Date) -> String { String(format: "%.3f s", to.timeIntervalSince(from)) }
            FileHandle.standardError.write(Data(("near-duplicates: \(keys.count) candidate pairs in \(seconds(started, found)), compared in \(seconds(found, compared)); "
                + "\(pairs.count) pairs, \(clusters.count) clusters and thin pages in \(seconds(compared, Date()))\n").utf8))
        }
        return (pairs, clusters, findings)
    }

    static func percent(_ s: Double) -> String { "\(Int((s * 100).rounded()))%" }

    /// The most specific fragment a cell's page got, preferring the thin section (the cell-specific
    /// one, at index `thin` of the sections).
    func mostSpecificFragment(cell: Int, thinSection thin: Int?) -> Int? {
        let chosen = plan.cells[cell].fragments
        if let thin, let f = chosen[thin] { return f }
        return chosen.compactMap { $0 }.max { site.fragments[$0].selector.specificity < site.fragments[$1].selector.specificity }
    }

    /// The most specific fragment every cell of the group shares; an entity file for hubs.
    func clusterSource(_ group: [Int]) -> SourceLocation? {
        // The fragments of the first cell that every other cell has too (a few, so a list).
        var shared: [Int]?
        for p in group {
            switch pages[p].kind {
            case .cell(let i):
                let chosen = plan.cells[i].fragments
                if let list = shared {
                    shared = list.filter { f in chosen.contains(f) }
                } else {
                    var own: [Int] = []
                    for case let f? in chosen where !own.contains(f) { own.append(f) }
                    shared = own
                }
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
