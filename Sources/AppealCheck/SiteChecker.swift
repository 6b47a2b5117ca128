import AppealModel
import AppealPlan
import AppealRender
import Foundation

/// Checks a rendered site: links and anchors, orphans, SEO basics, HTML well-formedness, sitemaps,
/// near-duplicate and thin pages, facts in prose, review dates, offers and unused content.
///
/// Pages are streamed in: `inspect` scans one page's HTML and keeps only a few hundred bytes about it
/// (title, description, canonical, counts, hashed ids, a MinHash signature), so the whole site's HTML is
/// never held in memory. `inspect` is thread-safe; `finish` runs the site-wide checks.
public final class SiteChecker: @unchecked Sendable {
    public let renderer: SiteRenderer
    public let settings: CheckSettings
    let plan: SitePlan
    let site: Site
    let base: BaseURL
    let sources: SourceMap
    let hasher = MinHasher()
    let scanner = HTMLScanner()

    /// Every HTML page of the site: cells first (page `i` is cell `i`), then hubs, the home page and 404.
    public let pages: [CheckedPage]
    let pageByPath: [String: Int]
    let hubPage: [[Int?]]
    let homePage: Int
    let notFoundPage: Int
    /// Site paths of the files that are not pages: sitemaps, robots.txt, theme assets.
    let otherFiles: Set<String>

    // Guarded by `lock` while pages stream in; read by the site-wide checks in `finish`, which holds it.
    private let lock = NSLock()
    var records: [PageRecord]
    var inbound: [Int32]
    var tallies = Tallies()
    var crossAnchors: [AnchorReference: [Int]] = [:]

    struct PageRecord {
        var inspected = false
        var titles: [String] = []
        var descriptions: [String] = []
        var noindex = false
        var h1Count = 0
        var canonicals: [String] = []
        var ids: [UInt32] = []
        var words = 0
        var signature: [UInt32]?
    }

    struct AnchorReference: Hashable {
        var target: Int
        var id: String
        var href: String
        var source: SourceLocation
    }

    public init(renderer: SiteRenderer, settings: CheckSettings? = nil) {
        self.renderer = renderer
        plan = renderer.plan
        site = plan.site
        base = site.config.baseURL
        self.settings = settings ?? site.config.checks
        sources = SourceMap(plan: plan, theme: renderer.theme)

        var pages: [CheckedPage] = plan.cells.enumerated().map { i, cell in
            CheckedPage(kind: .cell(i), path: cell.path, indexable: renderer.isIndexable(cell))
        }
        var used = site.entities.map { [Bool](repeating: false, count: $0.count) }
        for cell in plan.cells { for (d, e) in cell.values.enumerated() { used[d][e] = true } }
        var hubs = site.entities.map { [Int?](repeating: nil, count: $0.count) }
        for d in site.entities.indices {
            for e in site.entities[d].indices where used[d][e] {
                hubs[d][e] = pages.count
                pages.append(CheckedPage(kind: .hub(dimension: d, entity: e), path: plan.hubPaths[d][e], indexable: true))
            }
        }
        hubPage = hubs
        homePage = pages.count
        pages.append(CheckedPage(kind: .home, path: "/", indexable: true))
        notFoundPage = pages.count
        pages.append(CheckedPage(kind: .notFound, path: "/404.html", indexable: false))
        self.pages = pages
        var byPath: [String: Int] = [:]
        for (i, page) in pages.enumerated() { byPath[page.path] = i }
        pageByPath = byPath
        otherFiles = Set(["/robots.txt"] + renderer.theme.assets.map { "/assets/" + $0 })
        records = [PageRecord](repeating: PageRecord(), count: pages.count)
        inbound = [Int32](repeating: 0, count: pages.count)
    }

    /// The page number of an output page.
    public func page(_ kind: PageKind) -> Int? {
        switch kind {
        case .cell(let i): return i < plan.cells.count ? i : nil
        case .hub(let d, let e): return hubPage[d][e]
        case .home: return homePage
        case .notFound: return notFoundPage
        }
    }

    /// Renders a page (for `check` and `report`, which do not build).
    public func render(_ page: Int) -> String? {
        switch pages[page].kind {
        case .cell(let i): return renderer.renderPage(i)
        case .hub(let d, let e): return renderer.renderHub(dimension: d, entity: e)
        case .home: return renderer.renderHome()
        case .notFound: return renderer.render404()
        }
    }

    /// Scans one rendered page and keeps what the site-wide checks need. Thread-safe.
    public func inspect(_ kind: PageKind, html: String) {
        guard let p = page(kind) else { return }
        let scan = scanner.scan(html)
        var local = Tallies()
        var targets: [Int] = []
        var anchors: [AnchorReference] = []
        checkLinks(of: p, scan, tallies: &local, targets: &targets, anchors: &anchors)
        checkWellFormed(p, scan, tallies: &local)

        var record = PageRecord(inspected: true)
        record.titles = scan.titles
        record.descriptions = scan.descriptions
        record.noindex = scan.noindex
        record.h1Count = scan.h1Count
        record.canonicals = scan.canonicals
        record.ids = scan.ids.map(Self.idHash).sorted()
        record.words = scan.words.count
        if pages[p].indexable, kind != .notFound { record.signature = hasher.signature(scan.words) }

        lock.lock()
        records[p] = record
        // Links from the 404 page do not count: a page reachable only from there is still an orphan.
        if p != notFoundPage { for t in targets where t != p { inbound[t] &+= 1 } }
        tallies.merge(local)
        for a in anchors { crossAnchors[a, default: []].append(p) }
        lock.unlock()
    }

    static func idHash(_ id: String) -> UInt32 {
        var h: UInt32 = 0x811C_9DC5
        for byte in id.utf8 { h = (h ^ UInt32(byte)) &* 0x0100_0193 }
        return h
    }

    /// Runs the site-wide checks once every page was inspected. `sitemaps` are the files the build
    /// writes (`renderer.sitemapFiles()`), as (site path, XML).
    public func finish(sitemaps: [(String, String)], start: Date = Date()) -> CheckResult {
        lock.lock()
        defer { lock.unlock() }
        var all = tallies
        var pages = self.pages
        for i in pages.indices { pages[i].words = records[i].words }
        for (i, record) in records.enumerated() where !record.inspected {
            all.add(.validity, .error("page \(pages[i].path) was not rendered", at: sources.theme(pages[i].kind)), page: i)
        }
        checkAnchorsAcrossPages(&all)
        checkOrphans(&all)
        checkPageMeta(&all)
        let sitemapStats = checkSitemaps(sitemaps, &all)
        let (pairs, clusters, duplicates) = checkDuplicates(&all, pages: &pages)
        var findings = all.findings(pages: pages) + duplicates
        findings += ContentChecks(plan: plan, settings: settings, pages: pages).run()
        findings.sort { a, b in
            let ka = (CheckCategory.allCases.firstIndex(of: a.category)!, a.severity == .error ? 0 : 1, a.diagnostic.location ?? SourceLocation(file: ""), a.diagnostic.message)
            let kb = (CheckCategory.allCases.firstIndex(of: b.category)!, b.severity == .error ? 0 : 1, b.diagnostic.location ?? SourceLocation(file: ""), b.diagnostic.message)
            return ka.0 != kb.0 ? ka.0 < kb.0 : ka.1 != kb.1 ? ka.1 < kb.1 : ka.2 != kb.2 ? ka.2 < kb.2 : ka.3 < kb.3
        }
        for f in findings {
            for p in f.pages { pages[p].flags.insert(f.severity == .error ? .error : .warning) }
        }
        return CheckResult(findings: findings, pages: pages, duplicatePairs: pairs, clusters: clusters,
                           sitemapFiles: sitemapStats.files, sitemapURLs: sitemapStats.urls, seconds: Date().timeIntervalSince(start))
    }

    /// Renders every page on all cores, inspects it, and runs the site-wide checks.
    public static func check(renderer: SiteRenderer, settings: CheckSettings? = nil,
                             sitemaps: [(String, String)]? = nil) -> CheckResult {
        let start = Date()
        let checker = SiteChecker(renderer: renderer, settings: settings)
        let count = checker.pages.count
        let chunk = 64
        DispatchQueue.concurrentPerform(iterations: (count + chunk - 1) / chunk) { c in
            for p in (c * chunk)..<min(count, (c + 1) * chunk) {
                if let html = checker.render(p) { checker.inspect(checker.pages[p].kind, html: html) }
            }
        }
        return checker.finish(sitemaps: sitemaps ?? renderer.sitemapFiles(), start: start)
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
