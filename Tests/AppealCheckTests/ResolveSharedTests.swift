@testable import AppealCheck
import AppealLoad
import AppealModel
import AppealPlan
import AppealRender
import AppealTestSupport
import Testing

/// `resolveShared` remembers what a URL resolves to; it must give what `resolve` gives on every
/// page, for every URL, in whatever order pages ask.
@Suite struct ResolveSharedTests {
    func checker() throws -> SiteChecker {
        let (site, _) = try ContentLoader.load(from: Fixtures.path("mini"))
        let (plan, _) = try Planner.plan(site, buildDate: Day(iso: "2026-11-29")!)
        let r = SiteRenderer(plan: plan, theme: try Theme.load(from: Fixtures.defaultTheme))
        return SiteChecker(renderer: r, outputs: r.outputs())
    }

    static let urls = [
        "/", "/kyphoplasty/", "/./kyphoplasty/../", "/a/./b/../c", "/guides/?q=1#top", "//example.org/x", "//EXAMPLE.org/",
        "http://example.org/", "https://example.org/a", "HTTP://example.org/", "http:relative", "https:x",
        "https://example.org/guides/", "https://EXAMPLE.org/guides/kyphoplasty/../#x", "http://example.org/guides/?utm_source=a",
        "https://example.org", "//example.org/guides/payers/", "/guides/./payers/..", "/guides", "/guidesx/",
        // Relative paths that merely start with the letters `http`: they depend on the page.
        "http-guide/", "https-basics.html", "httpie/", "http/", "http", "https", "httpx/../", "http.html#a", "http?x=1",
        "./", "../", "x/", "#frag", "?q", "mailto:a@b.c",
    ]

    @Test func theSharedResolutionIsTheResolutionOnEveryPage() throws {
        let c = try checker()
        #expect(c.pages.count > 2)
        for url in Self.urls {
            let wrong = c.pages.indices.filter { p in "\(c.resolveShared(url, from: p))" != "\(c.resolve(url, from: p))" }
            #expect(wrong.isEmpty, "`\(url)` resolves wrongly on \(wrong.map { c.pages[$0].path })")
        }
    }
}
