import AppealModel
import AppealRender
import Foundation

/// One file of a built site, named by what makes it. `build` writes them all; `serve` renders the
/// one a browser asks for, so a preview shows exactly the bytes a build would write.
public enum SiteOutput: Sendable, Hashable {
    case page(Int)
    case home
    case notFound
    case hub(dimension: Int, entity: Int)
    /// `sitemap.xml`, or one child of a sitemap index, by output path.
    case sitemap(String)
    case robots
    /// A theme asset, relative to the theme's `assets/`.
    case asset(String)
}

extension SiteRenderer {
    /// Every file of the site by output path (`kyphoplasty/medicare/medical-necessity/index.html`), as `build` writes them.
    public func outputs() -> [String: SiteOutput] {
        var files: [String: SiteOutput] = ["index.html": .home, "404.html": .notFound, "robots.txt": .robots]
        for (i, cell) in plan.cells.enumerated() { files[SiteRenderer.file(for: cell.path)] = .page(i) }
        for d in plan.site.matrix.dimensions.indices {
            for e in plan.site.entities[d].indices where hasHub(dimension: d, entity: e) {
                files[SiteRenderer.file(for: plan.hubPaths[d][e])] = .hub(dimension: d, entity: e)
            }
        }
        for (path, _) in sitemapFiles() { files[String(path.dropFirst())] = .sitemap(String(path.dropFirst())) }
        for asset in theme.assets { files["assets/" + asset] = .asset(asset) }
        return files
    }

    /// The bytes of one output, or nil when it cannot be made (a theme asset that vanished since the theme loaded).
    public func contents(of output: SiteOutput) -> [UInt8]? {
        switch output {
        case .page(let i): return Array(renderPage(i).utf8)
        case .home: return Array(renderHome().utf8)
        case .notFound: return Array(render404().utf8)
        case .hub(let d, let e): return renderHub(dimension: d, entity: e).map { Array($0.utf8) }
        case .sitemap(let path): return sitemapFiles().first { $0.0 == "/" + path }.map { Array($0.1.utf8) }
        case .robots: return Array(robots().utf8)
        case .asset(let name): return FileManager.default.contents(atPath: theme.assetsRoot + "/" + name).map { [UInt8]($0) }
        }
    }
}
