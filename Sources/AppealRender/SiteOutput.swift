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
    case home
    case notFound
    /// `sitemap.xml`, or one child of a sitemap index: the `i`th of `SiteOutputs.sitemaps`.
    case sitemap(Int)
    case robots
    /// A theme asset, relative to the theme's `assets/`.
    case asset(String)

    /// True for the HTML pages of the site (the ones the page checks read).
    public var isPage: Bool {
        switch self {
        case .cell, .hub, .home, .notFound: return true
        case .sitemap, .robots, .asset: return false
        }
    }
}

/// One file of a built site: where it goes and what makes it.
public struct SiteOutput: Hashable, Sendable {
    /// Path inside the output folder: `kyphoplasty/medicare/medical-necessity/index.html`.
    public var file: String
    public var kind: OutputKind

    /// The site path a browser asks for: `/kyphoplasty/medicare/medical-necessity/`, `/404.html`.
    public var sitePath: String {
        file == "index.html" ? "/" : file.hasSuffix("/index.html") ? "/" + file.dropLast("index.html".count) : "/" + file
    }
}

/// Every file of a site, made once per plan. The HTML pages come first — the cells in plan order
/// (output `i` is cell `i` for `i < cellCount`), then hubs, the home page and the 404 page — then
/// sitemaps, `robots.txt` and theme assets.
public struct SiteOutputs: Sendable {
    public let list: [SiteOutput]
    /// How many outputs are matrix cells; how many are HTML pages (cells included).
    public let cellCount: Int
    public let pageCount: Int
    /// Sitemap files as (site path, XML), made with the list: their number depends on their size.
    public let sitemaps: [(path: String, xml: String)]

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
    /// The site's files, in the order `SiteOutputs` describes. `sitemapLimits` splits sitemaps
    /// sooner than the sitemaps.org limits (for tests of sitemap indexes).
    public func outputs(sitemapLimits: (urls: Int, bytes: Int) = (Sitemap.maxURLs, Sitemap.maxBytes)) -> SiteOutputs {
        var list: [SiteOutput] = []
        list.reserveCapacity(plan.cells.count + 64)
        for (i, cell) in plan.cells.enumerated() { list.append(SiteOutput(file: Self.file(for: cell.path), kind: .cell(i))) }
        for d in dimensions.indices {
            for e in site.entities[d].indices where hasHub(dimension: d, entity: e) {
                list.append(SiteOutput(file: Self.file(for: plan.hubPaths[d][e]), kind: .hub(dimension: d, entity: e)))
            }
        }
        list.append(SiteOutput(file: "index.html", kind: .home))
        list.append(SiteOutput(file: "404.html", kind: .notFound))
        let pages = list.count
        let sitemaps = sitemapFiles(maxURLs: sitemapLimits.urls, maxBytes: sitemapLimits.bytes)
        for (i, file) in sitemaps.enumerated() { list.append(SiteOutput(file: String(file.0.dropFirst()), kind: .sitemap(i))) }
        list.append(SiteOutput(file: "robots.txt", kind: .robots))
        for asset in theme.assets { list.append(SiteOutput(file: "assets/" + asset, kind: .asset(asset))) }
        return SiteOutputs(list: list, cellCount: plan.cells.count, pageCount: pages, sitemaps: sitemaps.map { (path: $0.0, xml: $0.1) })
    }

    /// Appends the bytes of one output to `out`; false when it cannot be made (a theme asset that
    /// vanished since the theme loaded). `scratch` is the page renderer's side buffer: pass the
    /// same one output after output to reuse its memory.
    public func render(_ output: SiteOutput, of outputs: SiteOutputs, into out: inout [UInt8], scratch: inout [UInt8]) -> Bool {
        switch output.kind {
        case .cell(let i): renderPage(i, into: &out, scratch: &scratch)
        case .home: out += renderHome().utf8
        case .notFound: out += render404().utf8
        case .hub(let d, let e):
            guard let html = renderHub(dimension: d, entity: e) else { return false }
            out += html.utf8
        case .sitemap(let i): out += outputs.sitemaps[i].xml.utf8
        case .robots: out += robots().utf8
        case .asset(let name):
            guard let data = FileManager.default.contents(atPath: theme.assetsRoot + "/" + name) else { return false }
            out += data
        }
        return true
    }

    /// The bytes of one output, or nil when it cannot be made.
    public func contents(of output: SiteOutput, in outputs: SiteOutputs) -> [UInt8]? {
        var bytes: [UInt8] = [], scratch: [UInt8] = []
        return render(output, of: outputs, into: &bytes, scratch: &scratch) ? bytes : nil
    }
}
