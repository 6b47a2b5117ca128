@testable import AppealCheck
import AppealLoad
import AppealModel
import AppealPlan
import AppealRender
import AppealTestSupport
import Foundation
import Testing

/// The near-duplicate check finds its candidate pairs and similarities on all cores and makes its
/// findings in parallel; it must give exactly what the one-thread pass gave, down to which page is a
/// page's closest when several tie (the earlier candidate pair wins) and the order of everything.
/// The one-thread pass is kept below as it was, and both run on the same checker.
@Suite struct DuplicatesParallelTests {
    /// A checker that has seen every page of the bench-small fixture, with signatures replaced by
    /// ones made to tie: a quarter of the pages identical, a quarter near-copies of one base that
    /// differ in two values each (many pairs share exactly 124 or 126 of 128 values), a quarter
    /// farther copies (candidates below the threshold), and a quarter unrelated.
    func checker(cutAt cut: Int? = nil) throws -> SiteChecker {
        let (site, _) = try ContentLoader.load(from: Fixtures.path("bench-small"))
        let (plan, _) = try Planner.plan(site, buildDate: Day(iso: "2026-11-29")!)
        let r = SiteRenderer(plan: plan, theme: try Theme.load(from: Fixtures.defaultTheme))
        let outputs = r.outputs()
        let checker = SiteChecker(renderer: r, outputs: outputs)
        try r.renderEach(outputs) { _, i, bytes in checker.inspect(i, html: String(decoding: bytes, as: UTF8.self)) }

        let hasher = MinHasher()
        let identical = try #require(hasher.signature(pseudoWords(400, seed: 3)))
        let near = try #require(hasher.signature(pseudoWords(400, seed: 4)))
        let far = try #require(hasher.signature(pseudoWords(400, seed: 5)))
        for p in checker.pages.indices where checker.signatureStore.has(p) {
            var own: [UInt32]
            switch p % 4 {
            case 0: own = identical
            case 1:
                own = near
                for k in [p % 8, (p / 8) % 8].map({ 16 * $0 + p % 3 }) { own[k] = UInt32(truncatingIfNeeded: p &* 2_654_435_761) }
            case 2:
                own = far
                for k in 0..<24 { own[(k * 5 + p) % 128] = UInt32(truncatingIfNeeded: (p * 128 + k) &* 2_246_822_519) }
            default: own = try #require(hasher.signature(pseudoWords(300, seed: UInt64(1_000 + p))))
            }
            checker.signatureStore.put(p, own)
        }
        if let cut {
            // Signatures of pages from `cut` on can no longer be read back.
            try #require(checker.signatureStore.usesFile)
            #expect(ftruncate(checker.signatureStore.file, off_t(cut * SignatureStore.bytes)) == 0)
        }
        return checker
    }

    /// Everything the check gives, one line each, in its order.
    static func lines(_ checker: SiteChecker, serial: Bool) -> [String] {
        let c = checker.state.current
        var all = c.tallies
        var pages = checker.pages
        for i in pages.indices { pages[i].words = Int(c.records[i].words) }
        let (pairs, clusters, findings) = serial ? checker.serialCheckDuplicates(c, &all, pages: &pages) : checker.checkDuplicates(c, &all, pages: &pages)
        return (all.findings(pages: pages) + findings).map { "finding \($0)" } + pages.map { "page \($0)" }
            + pairs.map { "pair \($0)" } + clusters.map { "cluster \($0)" }
    }

    @Test(arguments: [nil, 40])
    func theParallelCheckGivesWhatTheSerialOneGave(cutAt cut: Int?) throws {
        let checker = try checker(cutAt: cut)
        let serial = Self.lines(checker, serial: true)
        let parallel = Self.lines(checker, serial: false)
        #expect(parallel.count == serial.count)
        for (n, (got, expected)) in zip(parallel, serial).enumerated() where got != expected {
            Issue.record("line \(n):\n\(got)\nexpected\n\(expected)")
            break
        }
        // The fixture makes what it must: many pairs, ties at every level, clusters, thin pages.
        let pairs = serial.filter { $0.hasPrefix("pair ") }
        #expect(pairs.count > (cut == nil ? 150 : 50), "\(pairs.count) pairs")
        #expect(pairs.filter { $0.contains("similarity: 1.0") }.count > (cut == nil ? 100 : 20))
        #expect(pairs.contains { $0.contains("similarity: 0.984375") } && pairs.contains { $0.contains("similarity: 0.96875") } || cut != nil)
        #expect(serial.contains { $0.hasPrefix("cluster ") })
        #expect(serial.contains { $0.contains("thin page: adds fewer than") })
        #expect(serial.contains { $0.contains("is incomplete") } == (cut != nil))
    }
}

extension SiteChecker {
    /// The near-duplicate check as one thread ran it before it was made parallel: a set of every
    /// candidate pair, one reader, a dictionary per page and a sort of all pairs. The reference the
    /// parallel check must equal.
    func serialCheckDuplicates(_ c: Collected, _ all: inout Tallies, pages: inout [CheckedPage]) -> ([DuplicatePair], [DuplicateCluster], [Finding]) {
        var best = [Double](repeating: 0, count: pages.count)
        var closest = [Int?](repeating: nil, count: pages.count)
        var pairs: [DuplicatePair] = []
        var reader = signatureStore.reader()
        for key in signatureStore.serialCandidateKeys() {
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

        for (p, page) in pages.enumerated() where page.indexable && signatureStore.has(p) {
            guard case .cell(let i) = page.kind else { continue }
            let words = Int(c.records[p].words)
            let unique = Int((Double(words) * (1 - best[p]) / (1 + best[p])).rounded())
            pages[p].uniqueWords = unique
            let at = serialMostSpecificFragment(plan.cells[i]).map { site.fragments[$0].location } ?? site.matrix.url.origin
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

        var parent = Array(pages.indices)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for pair in pairs { parent[root(pair.a)] = root(pair.b) }
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
        for p in pages.indices where paired[p] { groups[groupOf[root(p)]!].pages.append(p) }
        var clusters: [DuplicateCluster] = []
        var findings: [Finding] = []
        for g in groups {
            let group = g.pages
            for p in group { pages[p].flags.insert(.nearDuplicate) }
            let source = serialClusterSource(group)
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

    func serialMostSpecificFragment(_ cell: Cell) -> Int? {
        let thin = site.matrix.thinSection.flatMap { name in site.matrix.sections.firstIndex { $0.name == name } }
        if let thin, let f = cell.fragments[thin] { return f }
        return cell.fragments.compactMap { $0 }.max { site.fragments[$0].selector.specificity < site.fragments[$1].selector.specificity }
    }

    func serialClusterSource(_ group: [Int]) -> AppealModel.SourceLocation? {
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
}
