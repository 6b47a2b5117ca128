import AppealModel
import Foundation

/// What makes one file of a built site.
///
/// This is the one place a new kind of output starts: add a case here, give it a file in
/// `SiteRenderer.outputs()` and its bytes in `SiteRenderer.render(_:into:scratch:)`. `build`,
/// `check` and `serve` all take their files from that list, so the new output is written, checked
/// and previewed with no other change.
public enum OutputKind: Hashable, Sendable {
    /// The page of matrix cell `i` (`plan.cells[i]`).
    case cell(Int)
    /// The hub page of value `entity` of dimension `dimension`.
    case hub(dimension: Int, entity: Int)
    /// The index page of dimension `i` (`/procedures/`): every value's hub.
    case dimensionIndex(Int)
    /// A guided hub: `plan.pairHubs[i]`, a value of the first dimension with one of the second.
    case pairHub(Int)
    /// A standalone page from `Content/pages/`: `site.pages[i]`.
    case standalone(Int)
    case home
    case notFound
    /// `sitemap.xml`, or one child of a sitemap index: the `i`th of `SiteOutputs.sitemapPaths`.
    case sitemap(Int)
    case robots
    /// A theme asset, relative to the theme's `assets/`.
    case asset(String)
    /// `appealpress-ledger.json`: every published URL, its content hash and when it last changed.
    case ledger
    /// `appealpress-changes.json` and `.txt`: the URLs added, changed and removed since the last ledger.
    case changes
    case changesText
    /// The host's redirect file (`_redirects`, `nginx-redirects.conf`, `.htaccess`).
    case redirects
    /// An HTML page at an old path for hosts that read no redirect file: `SiteOutputs.redirects.stubs[i]`.
    case redirectStub(Int)
    /// `/<key>.txt`, the IndexNow key file that proves the site's change notifications are its own.
    case indexNowKey

    /// True for the HTML pages of the site (the ones the page checks read).
    public var isPage: Bool {
        switch self {
        case .cell, .hub, .dimensionIndex, .pairHub, .standalone, .home, .notFound: return true
        default: return false
        }
    }

    /// True for outputs made from the other outputs once they are made (sitemaps carry each
    /// page's last change; the ledger and the change list their hashes): the render loop makes them last.
    public var isSummary: Bool {
        switch self {
        case .sitemap, .ledger, .changes, .changesText: return true
        default: return false
        }
    }
}

/// What a build knows of its pages' history, for the outputs made last: the new ledger (each
/// page's hash and the day it last changed) and what changed since the last one.
///
/// The ledger's pages are kept as two arrays sorted by site path, not as a dictionary: at 100,000
/// pages a dictionary by path, with a path string made per page, took 24 MiB; the arrays take about
/// 60 bytes a page, and a cell's path is the plan's own string.
public struct SiteHistory: Sendable {
    /// The site's absolute URL and the build date, as the ledger states them.
    public let site: String
    public let built: Day
    /// Site paths of the pages the ledger lists, sorted, and each one's entry.
    let paths: [String]
    let entries: [SiteLedger.Page]
    /// For each HTML page (output index), its place in `paths`; -1 for a page the ledger leaves out (a 404 page).
    let position: [Int32]
    /// Old site paths the site redirects or marks gone.
    public let moved: [String: SiteLedger.Moved]
    public var changes: SiteLedger.Changes
    /// The build date of the ledger compared with, nil when there was none.
    public var previousBuilt: Day?

    /// `pages` are each listed page's output index, site path and entry, in any order; the 404 pages
    /// are not among them. `pageCount` is the number of HTML pages of the outputs.
    init(site: String, built: Day, pageCount: Int, pages: [(output: Int, path: String, page: SiteLedger.Page)],
         moved: [String: SiteLedger.Moved], previous: SiteLedger?) {
        self.site = site
        self.built = built
        self.moved = moved
        var order = Array(pages.indices)
        order.sort { pages[$0].path < pages[$1].path }
        var paths: [String] = [], entries: [SiteLedger.Page] = []
        paths.reserveCapacity(order.count)
        entries.reserveCapacity(order.count)
        var position = [Int32](repeating: -1, count: pageCount)
        for k in order {
            position[pages[k].output] = Int32(paths.count)
            paths.append(pages[k].path)
            entries.append(pages[k].page)
        }
        self.paths = paths
        self.entries = entries
        self.position = position
        // What changed since `previous`: a page it lists with the same hash is unchanged.
        var c = SiteLedger.Changes(), matched = 0
        for (k, path) in paths.enumerated() {
            guard let before = previous?.pages[path] else { c.added.append(path); continue }
            matched += 1
            if let h = before.hash, h == entries[k].hash { c.unchanged += 1 } else { c.changed.append(path) }
        }
        if let previous, matched < previous.pages.count {
            c.removed = previous.pages.keys.filter { Self.find($0, in: paths) == nil }.sorted()
        }
        changes = c
        previousBuilt = previous?.built
    }

    /// The number of pages the ledger lists.
    public var count: Int { paths.count }

    /// The ledger entry of the page at `path`, if the ledger lists it.
    public func page(at path: String) -> SiteLedger.Page? { Self.find(path, in: paths).map { entries[$0] } }

    /// The ledger entry of HTML page `output` (its index in the outputs the history was made of).
    public func page(output: Int) -> SiteLedger.Page? {
        guard output >= 0, output < position.count, position[output] >= 0 else { return nil }
        return entries[Int(position[output])]
    }

    /// The new ledger as a value (a dictionary by path), for callers that look pages up in it.
    public var ledger: SiteLedger {
        SiteLedger(site: site, built: built, pages: Dictionary(uniqueKeysWithValues: zip(paths, entries)), moved: moved)
    }

    /// The ledger's text, the same bytes as `ledger.encoded()`, made into `out` a line at a time;
    /// `flush` is called after each line and may take what `out` holds so far.
    public func encodeLedger<E: Error>(into out: inout [UInt8], flush: (inout [UInt8]) throws(E) -> Void) throws(E) {
        SiteLedger.appendHead(site: site, built: built, to: &out)
        for k in paths.indices {
            SiteLedger.appendURL(paths[k], entries[k], first: k == 0, to: &out)
            try flush(&out)
        }
        SiteLedger.appendMovedHead(to: &out)
        for (i, path) in moved.keys.sorted().enumerated() {
            SiteLedger.appendMoved(path, moved[path]!, first: i == 0, to: &out)
            try flush(&out)
        }
        SiteLedger.appendEnd(to: &out)
    }

    /// The index of `path` in the sorted `paths`.
    static func find(_ path: String, in paths: [String]) -> Int? {
        var low = 0, high = paths.count
        while low < high {
            let mid = (low + high) / 2
            if paths[mid] < path { low = mid + 1 } else { high = mid }
        }
        return low < paths.count && paths[low] == path ? low : nil
    }
}

/// One file of a built site: where it goes and what makes it.
public struct SiteOutput: Hashable, Sendable {
    /// Path inside the output folder: `kyphoplasty/medicare/medical-necessity/index.html`.
    public var file: String
    public var kind: OutputKind
    /// For hubs, the home page and the 404 page: the index into `SiteConfig.languages` of the
    /// language they are written in (a cell's is its `Cell.language`).
    public var language = 0

    public init(file: String, kind: OutputKind, language: Int = 0) {
        self.file = file
        self.kind = kind
        self.language = language
    }

    /// The site path a browser asks for: `/kyphoplasty/medicare/medical-necessity/`, `/404.html`.
    public var sitePath: String {
        file == "index.html" ? "/" : file.hasSuffix("/index.html") ? "/" + file.dropLast("index.html".count) : "/" + file
    }
}

/// Every file of a site, made once per plan. The HTML pages come first — the cells in plan order
/// (output `i` is cell `i` for `i < cellCount`), then hubs, dimension indexes, guided hubs, standalone
/// pages, the home page and the 404 page — then
/// sitemaps, `robots.txt` and theme assets.
public struct SiteOutputs: Sendable {
    public let list: [SiteOutput]
    /// How many outputs are matrix cells; how many are HTML pages (cells included).
    public let cellCount: Int
    public let pageCount: Int
    /// Site paths of the sitemap files (`/sitemap.xml`, then any children) and the entries each holds.
    public let sitemapPaths: [String]
    let sitemapChunks: [Range<Int>]
    /// What happens to old URLs: the host's file, stub pages, the ledger's moved list.
    public let redirects: RedirectPlan

    public var count: Int { list.count }
    public subscript(_ i: Int) -> SiteOutput { list[i] }

    /// Output index by file path, for a server that looks files up as a browser asks for them.
    public func index() -> [String: Int] {
        var byFile: [String: Int] = [:]
        byFile.reserveCapacity(list.count)
        for (i, output) in list.enumerated() { byFile[output.file] = i }
        return byFile
    }
}

extension SiteRenderer {
    /// Site paths of the pages a build publishes: cells, hubs and the home page.
    public func publishedPaths() -> Set<String> {
        var paths = Set(plan.cells.map(\.path))
        for l in site.config.languages.indices {
            for d in dimensions.indices { for e in site.entities[d].indices where hasHub(dimension: d, entity: e, language: l) { paths.insert(plan.hubPath(d, e, language: l)) } }
        }
        for l in homeLanguages() { paths.insert(site.config.languages[l].path("/")) }
        for other in otherPagePaths() { paths.insert(other.path) }
        return paths
    }

    /// The site's files, in the order `SiteOutputs` describes. `previous` is the ledger of the last
    /// published build (old URLs need a redirect or a 410). `sitemapLimits` splits sitemaps sooner
    /// than the sitemaps.org limits (for tests of sitemap indexes).
    public func outputs(previous: SiteLedger? = nil, sitemapLimits: (urls: Int, bytes: Int) = (Sitemap.maxURLs, Sitemap.maxBytes)) -> SiteOutputs {
        var list: [SiteOutput] = []
        // Reserved in full: the list lives as long as the build, and growing it past a guess doubled it.
        list.reserveCapacity(plan.cells.count + site.entities.reduce(0) { $0 + $1.count } * site.config.languages.count + dimensions.count
                             + plan.pairHubs.count + site.pages.count + 2 * site.config.languages.count + 8 + theme.assets.count)
        for (i, cell) in plan.cells.enumerated() { list.append(SiteOutput(file: Self.file(for: cell.path), kind: .cell(i))) }
        for l in site.config.languages.indices {
            for d in dimensions.indices {
                for e in site.entities[d].indices where hasHub(dimension: d, entity: e, language: l) {
                    list.append(SiteOutput(file: Self.file(for: plan.hubPath(d, e, language: l)), kind: .hub(dimension: d, entity: e), language: l))
                }
            }
        }
        for d in dimensions.indices where d < plan.indexPaths.count { list.append(SiteOutput(file: Self.file(for: plan.indexPaths[d]), kind: .dimensionIndex(d))) }
        for (i, hub) in plan.pairHubs.enumerated() { list.append(SiteOutput(file: Self.file(for: hub.path), kind: .pairHub(i))) }
        for (i, page) in site.pages.enumerated() { list.append(SiteOutput(file: Self.file(for: page.path), kind: .standalone(i))) }
        list.append(SiteOutput(file: "index.html", kind: .home))
        list.append(SiteOutput(file: "404.html", kind: .notFound))
        // Each other language with pages has its own home and 404 page under its prefix.
        for l in homeLanguages() where l > 0 {
            let prefix = String(site.config.languages[l].prefix.dropFirst())
            list.append(SiteOutput(file: prefix + "/index.html", kind: .home, language: l))
            list.append(SiteOutput(file: prefix + "/404.html", kind: .notFound, language: l))
        }
        let pages = list.count
        // As many sitemap files as the entries need if every one gets a `lastmod`.
        var lengths: [Int] = []
        lengths.reserveCapacity(plan.cells.count + 64)
        forEachSitemapEntry(history: nil, dates: false) { lengths.append(Sitemap.longestLine(url: $0.url, alternates: $0.alternates)) }
        let chunks = Sitemap.chunks(lengths, maxURLs: sitemapLimits.urls, maxBytes: sitemapLimits.bytes)
        let sitemapFiles = chunks.count == 1 ? ["/sitemap.xml"] : ["/sitemap.xml"] + chunks.indices.map { "/sitemap-\($0 + 1).xml" }
        for (i, path) in sitemapFiles.enumerated() { list.append(SiteOutput(file: String(path.dropFirst()), kind: .sitemap(i))) }
        list.append(SiteOutput(file: "robots.txt", kind: .robots))
        for asset in theme.assets { list.append(SiteOutput(file: "assets/" + asset, kind: .asset(asset))) }
        list.append(SiteOutput(file: SiteLedger.fileName, kind: .ledger))
        list.append(SiteOutput(file: "appealpress-changes.json", kind: .changes))
        list.append(SiteOutput(file: "appealpress-changes.txt", kind: .changesText))
        if let key = site.config.indexNowKey { list.append(SiteOutput(file: key + ".txt", kind: .indexNowKey)) }
        var files = Set(list[pages...].map(\.sitePath))
        for host in Host.allCases where host.readsRedirectFile { files.insert("/" + RedirectPlan.hostFileName(host)) }
        let redirects = RedirectPlan(plan: plan, pages: publishedPaths(), files: files, previous: previous)
        if let file = redirects.hostFile { list.append(SiteOutput(file: file.file, kind: .redirects)) }
        for (i, stub) in redirects.stubs.enumerated() where stub.to != nil {
            let file = stub.from.hasSuffix("/") || stub.from.hasSuffix(".html") ? Self.file(for: stub.from) : String(stub.from.dropFirst()) + "/index.html"
            list.append(SiteOutput(file: file, kind: .redirectStub(i)))
        }
        return SiteOutputs(list: list, cellCount: plan.cells.count, pageCount: pages, sitemapPaths: sitemapFiles, sitemapChunks: chunks,
                           redirects: redirects)
    }

    /// Appends the bytes of one output to `out`; false when it cannot be made (a theme asset that
    /// vanished since the theme loaded). `scratch` is the page renderer's side buffer: pass the
    /// same one output after output to reuse its memory. `history` gives the summary outputs each
    /// page's last change; without it (a preview) the history is made from the pages as they
    /// render now, as a first build with no ledger would.
    public func render(_ output: SiteOutput, of outputs: SiteOutputs, history: SiteHistory? = nil,
                       into out: inout [UInt8], scratch: inout [UInt8]) -> Bool {
        switch output.kind {
        case .cell(let i): renderPage(i, into: &out, scratch: &scratch)
        case .home: out += renderHome(language: output.language).utf8
        case .notFound: out += render404(language: output.language).utf8
        case .dimensionIndex(let d): out += renderIndex(dimension: d).utf8
        case .pairHub(let i): out += renderPairHub(i).utf8
        case .standalone(let i): out += renderStandalone(i).utf8
        case .hub(let d, let e):
            guard let html = renderHub(dimension: d, entity: e, language: output.language) else { return false }
            out += html.utf8
        case .sitemap(let i):
            let history = history ?? self.history(of: outputs)
            Sitemap.file(i, chunks: outputs.sitemapChunks, absolute: base.absolute, into: &out) { forEachSitemapEntry(history: history, $0) }
        case .robots: out += robots().utf8
        case .asset(let name):
            guard let data = FileManager.default.contents(atPath: theme.assetsRoot + "/" + name) else { return false }
            out += data
        case .ledger, .changes, .changesText: _ = renderPieces(output, of: outputs, history: history) { out += $0 }
        case .redirects: out += (outputs.redirects.hostFile?.text ?? "").utf8
        case .redirectStub(let i): out += redirectStub(outputs.redirects.stubs[i]).utf8
        case .indexNowKey: out += (site.config.indexNowKey ?? "").utf8
        }
        return true
    }

    /// The bytes of one output, or nil when it cannot be made.
    public func contents(of output: SiteOutput, in outputs: SiteOutputs, history: SiteHistory? = nil) -> [UInt8]? {
        var bytes: [UInt8] = [], scratch: [UInt8] = []
        return render(output, of: outputs, history: history, into: &bytes, scratch: &scratch) ? bytes : nil
    }
}
