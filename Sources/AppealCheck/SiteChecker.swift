import AppealModel
import AppealPlan
import AppealRender
import Foundation

/// Checks a rendered site: links and anchors, orphans, SEO basics, HTML well-formedness, sitemaps,
/// near-duplicate and thin pages. It renders nothing: the render loop hands it each output as it is
/// made (`inspect`), and `finish` adds the content findings of planning (`contentFindings`).
///
/// Pages are streamed in: `inspect` scans one page's HTML and keeps only a few hundred bytes about it
/// (title, description, canonical, counts, hashed ids, a MinHash signature), so the whole site's HTML is
/// never held in memory. `inspect` is thread-safe; `finish` runs the site-wide checks.
public final class SiteChecker: Sendable {
    public let renderer: SiteRenderer
    public let settings: CheckSettings
    let plan: SitePlan
    let site: Site
    let base: BaseURL
    /// Where findings point: made on first use, since a site without findings never needs it.
    var sources: SourceMap {
        sourceMap.withValue { map in
            if let map { return map }
            let made = SourceMap(renderer: renderer)
            map = made
            return made
        }
    }
    private let sourceMap = Locked<SourceMap?>(nil)
    let hasher = MinHasher()
    /// Signatures of the runs of text pages share, so each is hashed once per build.
    public let signatures = SignatureCache()
    /// Reads each page; elements pages repeat are read once (see `ScanMemo`).
    let scanner = HTMLScanner(memo: ScanMemo())

    /// Every HTML page of the site, numbered as in the output list (page `i` is output `i`; cells first).
    public let pages: [CheckedPage]
    let pageByPath: [String: Int]
    let homePage: Int
    let notFoundPage: Int
    /// Site paths of the files that are not pages: sitemaps, robots.txt, theme assets.
    let otherFiles: Set<String>
    /// Output number of each sitemap file, to keep the XML the loop hands in.
    let sitemapOutputs: [Int: (number: Int, path: String)]

    /// What pages tell the checker as they stream in; read whole by the site-wide checks in `finish`.
    /// A few dozen bytes a page: what only concerns one page is checked as it comes in (`record`),
    /// texts pages might share are kept by hash, and id lists and signatures are kept elsewhere.
    struct Collected: Sendable {
        var records: [PageRecord]
        var inbound: [Int32]
        var tallies = Tallies()
        var crossAnchors: [AnchorReference: [Int]] = [:]
        /// Each sitemap file's path and what validating it found, as the file was inspected.
        var sitemaps: [(String, SitemapValidator.Report)?]
        var titles = SharedTexts()
        var descriptions = SharedTexts()
        /// Each distinct list of a page's id hashes, once (pages of one layout and article share theirs).
        var idLists: [[UInt32]] = [[]]
        var idListNumbers: [[UInt32]: Int32] = [[]: 0]
    }

    private let state: Locked<Collected>

    struct PageRecord: Sendable {
        var inspected = false
        var noindex = false
        var words: Int32 = 0
        /// Index in `Collected.idLists`.
        var ids: Int32 = 0
        var alternates: [(hreflang: String, href: String)] = []
    }

    struct AnchorReference: Hashable, Sendable {
        var target: Int
        var id: String
        var href: String
        var source: SourceLocation
    }

    /// Keeps each page's summary for the next build (nil: none are kept).
    let recorder: SummaryRecorder?
    /// What the targets of a page's links depend on besides the links: the base URL, every page
    /// path in output order and the other files. A summary's link targets stand for a page of a site
    /// with the same `linkWorld`.
    let linkWorld: TextKey
    /// The MinHash signature of every page the near-duplicate check compares.
    let signatureStore: SignatureStore
    private let fromSummaries = Locked(0)
    private let linksFromSummaries = Locked(0)

    public init(renderer: SiteRenderer, outputs: SiteOutputs, settings: CheckSettings? = nil, recorder: SummaryRecorder? = nil) {
        self.renderer = renderer
        self.recorder = recorder
        plan = renderer.plan
        site = plan.site
        base = site.config.baseURL
        self.settings = settings ?? site.config.checks

        let pages = Self.pages(of: outputs, renderer: renderer)
        var others = Set<String>()
        var sitemapOutputs: [Int: (number: Int, path: String)] = [:]
        for (i, output) in outputs.list.enumerated().dropFirst(outputs.pageCount) {
            if case .sitemap(let n) = output.kind { sitemapOutputs[i] = (n, output.sitePath) }
            others.insert(output.sitePath)
        }
        homePage = pages.firstIndex { $0.kind == .home } ?? 0
        notFoundPage = pages.firstIndex { $0.kind == .notFound } ?? 0
        self.pages = pages
        var byPath: [String: Int] = [:]
        for (i, page) in pages.enumerated() { byPath[page.path] = i }
        pageByPath = byPath
        otherFiles = others
        self.sitemapOutputs = sitemapOutputs
        var world = TextKey(base.origin + "\n" + base.pathPrefix)
        for page in pages { world.add("\n"); world.add(page.path) }
        world.add("\n\u{0}")
        for file in others.sorted() { world.add("\n"); world.add(file) }
        linkWorld = world
        recorder?.setWorld(linkWorld)
        let (bands, rows) = MinHasher.banding(for: self.settings.similarity)
        signatureStore = SignatureStore(pages: pages.count, bands: bands, rows: rows)
        state = Locked(Collected(records: [PageRecord](repeating: PageRecord(), count: pages.count),
                                 inbound: [Int32](repeating: 0, count: pages.count),
                                 sitemaps: [(String, SitemapValidator.Report)?](repeating: nil, count: outputs.sitemapPaths.count)))
    }

    /// The HTML pages of a site's outputs, unchecked: what a result lists when the page checks did not run.
    public static func pages(of outputs: SiteOutputs, renderer: SiteRenderer) -> [CheckedPage] {
        outputs.list.prefix(outputs.pageCount).map { output in
            switch output.kind {
            case .cell(let c): return CheckedPage(kind: output.kind, path: output.sitePath, indexable: renderer.isIndexable(renderer.plan.cells[c]))
            case .notFound: return CheckedPage(kind: output.kind, path: output.sitePath, indexable: false)
            case .standalone(let i): return CheckedPage(kind: output.kind, path: output.sitePath, indexable: renderer.plan.pageIndexable[i])
            case .pairHub(let i): return CheckedPage(kind: output.kind, path: output.sitePath, indexable: renderer.plan.pairHubs[i].indexable)
            default: return CheckedPage(kind: output.kind, path: output.sitePath, indexable: true)
            }
        }
    }

    /// The checks of the content itself, which need no HTML: facts typed in prose, review dates,
    /// offer windows, unused content. `build`, `check` and `serve` run them right after planning,
    /// with or without the page checks.
    public static func contentFindings(plan: SitePlan, settings: CheckSettings? = nil) -> [Finding] {
        ContentChecks(plan: plan, settings: settings ?? plan.site.config.checks, pages: []).run()
    }

    /// Scans output `index` (as numbered in the output list) and keeps what the site-wide checks
    /// need; files that are neither pages nor sitemaps are ignored. Thread-safe.
    public func inspect(_ index: Int, html: String) {
        if let sitemap = sitemapOutputs[index] {
            // Validated here, on the thread that inspects it, not after the last page.
            let report = SitemapValidator.validate(html)
            state.withValue { $0.sitemaps[sitemap.number] = (sitemap.path, report) }
            return
        }
        guard index < pages.count else { return }
        record(index, scanner.scan(html))
    }

    /// `inspect(_:html:)` for the bytes the renderer made, read as they are.
    public func inspect(_ index: Int, bytes: [UInt8]) {
        if sitemapOutputs[index] != nil { return inspect(index, html: String(decoding: bytes, as: UTF8.self)) }
        guard index < pages.count else { return }
        record(index, scanner.scan(bytes: bytes))
    }

    /// `inspect` for a page whose bytes are the last build's (`hash` at output file `file`), from what
    /// that build kept of it (`stored`): the same findings as scanning it. The recorder gets the
    /// stored record as it is, or a new one when the site's pages or files changed (its link targets
    /// are then worked out again). False (nothing done) when nothing is kept for those bytes, or the
    /// summary cannot stand for the page (it has no signature and the page is now indexable); the
    /// caller then scans the page.
    public func inspect(_ index: Int, from stored: StoredSummaries, file: String, hash: String) -> Bool {
        guard index < pages.count, sitemapOutputs[index] == nil else { return false }
        // The links themselves are needed only when their targets must be worked out again.
        let sameWorld = stored.world == linkWorld
        guard var (summary, raw) = stored.summary(of: file, hash: hash, links: !sameWorld) else { return false }
        if sameWorld && summary.linkTargets == nil {
            guard let full = stored.summary(of: file, hash: hash) else { return false }
            (summary, raw) = full
        }
        let wanted = pages[index].indexable && pages[index].kind != .notFound
        if wanted && summary.signature == nil && summary.words > 0 { return false }
        let signature = wanted ? summary.signature : nil
        if sameWorld {
            // The record as stored holds for this build: copied, not made again.
            recorder?.append(page: index, raw: raw)
            record(index, summary.scan, words: summary.words, signature: signature, keep: false, targets: summary.linkTargets)
        } else {
            // Other pages or files: the links are checked again, and the record keeps what that found.
            var fresh = summary
            fresh.linkTargets = record(index, summary.scan, words: summary.words, signature: signature, keep: false)
            recorder?.record(page: index, fresh)
        }
        fromSummaries.withValue { $0 += 1 }
        return true
    }

    func record(_ p: Int, _ scan: PageScan) {
        let signature = pages[p].indexable && pages[p].kind != .notFound ? hasher.signature(scan.words, cache: signatures) : nil
        var kept = scan
        kept.words = []
        record(p, kept, words: scan.words.count, signature: signature)
    }

    /// Checks one page's scan and keeps what the site-wide checks need (and, with a recorder, what
    /// the next build needs to check the page again without reading it).
    ///
    /// `known` are the targets of the page's links when an earlier check of the same links in a site
    /// of the same pages found nothing (`PageSummary.linkTargets`): they are counted without checking
    /// the links again.
    /// Returns the page's link targets when checking its links found nothing.
    @discardableResult
    func record(_ p: Int, _ scan: PageScan, words: Int, signature: [UInt32]?, keep: Bool = true, targets known: [Int]? = nil) -> [Int]? {
        var local = Tallies()
        var targets: [Int] = []
        var anchors: [AnchorReference] = []
        if let known {
            targets = known
            linksFromSummaries.withValue { $0 += 1 }
        } else {
            checkLinks(of: p, scan, tallies: &local, targets: &targets, anchors: &anchors)
        }
        let linksClean = local.order.isEmpty && anchors.isEmpty
        if keep { recorder?.record(page: p, PageSummary(scan: scan, words: words, signature: signature, linkTargets: linksClean ? targets : nil)) }
        checkWellFormed(p, scan, tallies: &local)
        let (title, description) = checkPageMeta(p, scan, &local)
        let sharedTitle = title.map(SharedTexts.Text.init), sharedDescription = description.map(SharedTexts.Text.init)
        if let signature { signatureStore.put(p, signature) }

        var record = PageRecord(inspected: true)
        record.noindex = scan.noindex
        record.alternates = scan.alternates
        record.words = Int32(clamping: words)
        let ids = scan.ids.isEmpty ? [] : scan.ids.map(Self.idHash).sorted()

        // Every language's 404 page (the default one and those under a language prefix).
        let notFound = pages[p].kind == .notFound ? p : notFoundPage
        state.withValue { c in
            if let number = c.idListNumbers[ids] {
                record.ids = number
            } else {
                record.ids = Int32(c.idLists.count)
                c.idListNumbers[ids] = record.ids
                c.idLists.append(ids)
            }
            c.records[p] = record
            if let sharedTitle { c.titles.add(sharedTitle, page: p) }
            if let sharedDescription { c.descriptions.add(sharedDescription, page: p) }
            // Links from the 404 page do not count: a page reachable only from there is still an orphan.
            if p != notFound { for t in targets where t != p { c.inbound[t] &+= 1 } }
            c.tallies.merge(local)
            for a in anchors { c.crossAnchors[a, default: []].append(p) }
        }
        return linksClean ? targets : nil
    }

    static func idHash(_ id: String) -> UInt32 {
        var h: UInt32 = 0x811C_9DC5
        for byte in id.utf8 { h = (h ^ UInt32(byte)) &* 0x0100_0193 }
        return h
    }

    /// Runs the site-wide checks once every output was inspected, and adds `content` (the findings
    /// of loading, planning and `contentFindings`).
    public func finish(adding content: [Finding], start: Date = Date()) -> CheckResult {
        let c = state.current
        var all = c.tallies
        var pages = self.pages
        for i in pages.indices { pages[i].words = Int(c.records[i].words) }
        for (i, record) in c.records.enumerated() where !record.inspected {
            all.add(.validity, .error("page \(pages[i].path) was not rendered", at: sources.theme(pages[i].kind)), page: i)
        }
        checkAnchorsAcrossPages(c, &all)
        checkOrphans(c, &all)
        reportShared(c.titles.repeated, what: "title", description: false, &all)
        reportShared(c.descriptions.repeated, what: "meta description", description: true, &all)
        checkAlternates(c, &all)
        let sitemaps = c.sitemaps.compactMap { $0 }
        let sitemapStats = checkSitemaps(c, sitemaps, &all)
        let (pairs, clusters, duplicates) = checkDuplicates(c, &all, pages: &pages)
        if ProcessInfo.processInfo.environment["APPEALPRESS_TIMINGS"] != nil {
            let s = signatures.statistics
            FileHandle.standardError.write(Data("signature chunks: \(s.hits) from the cache, \(s.misses) hashed, \(s.kept) kept; \(s.hashed) shingles hashed\n".utf8))
            if let m = scanner.memo?.statistics {
                FileHandle.standardError.write(Data("scan memo: \(m.hits) elements replayed (\(m.skippedBytes >> 20) MiB not scanned), \(m.kept) kept\n".utf8))
            }
        }
        var result = CheckResult(findings: content + all.findings(pages: pages) + duplicates, pages: pages, duplicatePairs: pairs, clusters: clusters,
                                 sitemapFiles: sitemapStats.files, sitemapURLs: sitemapStats.urls, seconds: Date().timeIntervalSince(start))
        result.pagesFromSummaries = fromSummaries.current
        result.linksFromSummaries = linksFromSummaries.current
        return result
    }
}

/// Findings grouped while pages stream in: the same problem from the same source is one finding
/// that counts its pages.
struct Tallies {
    /// The hint is not part of the key: the first one seen is kept (it may name an example page).
    struct Key: Hashable {
        var category: CheckCategory
        var severity: Diagnostic.Severity
        var location: SourceLocation?
        var message: String
    }

    var order: [Key] = []
    var pages: [Key: [Int]] = [:]
    var first: [Key: Diagnostic] = [:]
    var firstPage: [Key: Int] = [:]

    mutating func add(_ category: CheckCategory, _ diagnostic: Diagnostic, page: Int? = nil) {
        add(category, diagnostic, pages: page.map { [$0] } ?? [])
    }

    mutating func add(_ category: CheckCategory, _ diagnostic: Diagnostic, pages list: [Int]) {
        let key = Key(category: category, severity: diagnostic.severity, location: diagnostic.location, message: diagnostic.message)
        if pages[key] == nil { order.append(key); pages[key] = []; first[key] = diagnostic }
        // Keep the hint of the lowest page, so output does not depend on which thread came first.
        if let low = list.min(), low < firstPage[key] ?? .max { firstPage[key] = low; first[key] = diagnostic }
        pages[key]! += list
    }

    mutating func merge(_ other: Tallies) {
        for key in other.order { add(key.category, other.first[key]!, pages: other.pages[key]!) }
    }

    /// One finding per key; the message gains the page count and a few example paths.
    func findings(pages all: [CheckedPage]) -> [Finding] {
        order.map { key in
            let list = Array(Set(pages[key]!)).sorted()
            var diagnostic = first[key]!
            let examples = list.prefix(3).map { all[$0].path }
            if list.count == 1 {
                diagnostic.message += " on \(examples[0])"
            } else if list.count > 1 {
                diagnostic.message += " on \(list.count) pages, e.g. \(examples.joined(separator: ", "))"
            }
            return Finding(key.category, diagnostic, pages: list, examples: examples)
        }
    }
}
