@testable import AppealCheck
import AppealLoad
import AppealModel
import AppealPlan
import AppealRender
import AppealTestSupport
import Testing

/// Links are resolved once per URL and shared between pages only where the answer cannot depend on
/// the page: each URL, asked from pages at different depths, resolves as it does unshared.
@Suite struct SharedResolveTests {
    @Test func sharedResolutionEqualsResolvingOnEachPage() throws {
        let (site, _) = try ContentLoader.load(from: Fixtures.path("mini"))
        let (plan, _) = try Planner.plan(site, buildDate: Day(iso: "2026-11-29")!)
        let renderer = SiteRenderer(plan: plan, theme: try Theme.load(from: Fixtures.defaultTheme))
        let checker = SiteChecker(renderer: renderer, outputs: renderer.outputs())
        let urls = ["/guides/", "/guides/payers/aetna/", "/guides/payers/aetna", "/guides/a/../payers/aetna/", "/guides/./payers/", "/elsewhere/",
                    "//example.org/guides/payers/aetna/", "HTTPS://EXAMPLE.ORG/guides/", "https://example.org/guides/payers/aetna/#x",
                    "https://other.example/", "httpdocs/page/", "http/x", "../payers/aetna/", "payers/", "#steps", "?q=1", "",
                    "/guides/payers/aetna/?utm_source=x#steps", "mailto:help@example.org", "/guides/sitemap.xml"]
        // Pages at different depths: a relative link means something else on each.
        let pages = [0, checker.pages.count / 2, checker.pages.count - 1]
        #expect(Set(pages.map { checker.pages[$0].path }).count == 3)
        for _ in 0..<2 {  // the second round answers from the cache
            for p in pages {
                for url in urls {
                    let shared = checker.resolveShared(url, from: p), own = checker.resolve(url, from: p)
                    #expect("\(shared)" == "\(own)", "\(url) from \(checker.pages[p].path)")
                }
            }
        }
    }
}
