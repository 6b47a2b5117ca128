import AppealBuild
import AppealModel
@testable import AppealServe
import AppealTestSupport
import Foundation
import Testing

/// Drives `serve` as a browser would: real HTTP on 127.0.0.1 on a free port, real file edits, the
/// real watcher. Every wait is bounded by a socket timeout.
@Suite struct ServeTests {
    static let date = Day(iso: "2026-11-29")!
    static let page = "/kyphoplasty/aetna/medical-necessity/"

    func start(_ content: String, theme: String = Fixtures.defaultTheme) throws -> (PreviewServer, LoopbackClient) {
        let server = try PreviewServer(options: ServeOptions(content: content, theme: theme, date: Self.date,
                                                            host: "127.0.0.1", port: 0, pollInterval: 0.05))
        server.start()
        return (server, LoopbackClient(port: server.port))
    }

    func edit(_ file: String, atomically: Bool = true, _ change: (String) -> String) throws {
        let old = Fixtures.read(file)
        let new = change(old)
        #expect(new != old, "the edit must change the file")
        try new.write(toFile: file, atomically: atomically, encoding: .utf8)
    }

    @Test func servesPagesWithRightStatusesAndTypes() throws {
        let (server, client) = try start(Fixtures.copy("mini"))
        defer { server.stop() }
        #expect(server.url == "http://127.0.0.1:\(server.port)/")

        let page = try client.request(Self.page)
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.body.contains("<title>Kyphoplasty denied as not medically necessary by Aetna?</title>"))
        // Links and canonicals point at the preview, not at base_url's /guides/ on example.org.
        #expect(page.body.contains("<link rel=\"canonical\" href=\"\(server.url)kyphoplasty/aetna/medical-necessity/\">"))
        #expect(page.body.contains("href=\"/kyphoplasty/medicare/medical-necessity/\""))
        #expect(!page.body.contains("/guides/"))
        #expect(page.body.contains("<script id=\"appealpress-live-reload\">"))
        #expect(page.body.hasSuffix("</script>\n</body>\n</html>\n"))
        #expect(page.headers["content-length"] == String(page.body.utf8.count))

        // Pretty URLs: the folder form is the page; without the slash, a redirect keeps the query.
        let redirect = try client.request("/kyphoplasty/aetna/medical-necessity?utm_source=x")
        #expect(redirect.status == 301)
        #expect(redirect.headers["location"] == "/kyphoplasty/aetna/medical-necessity/?utm_source=x")
        #expect(try client.request("/kyphoplasty/aetna/medical-necessity/index.html").status == 200)
        #expect(try client.request("/").body.contains("Mini Appeals"))
        #expect(try client.request("/payers/aetna/").status == 200)

        let missing = try client.request("/no/such/page/")
        #expect(missing.status == 404)
        #expect(missing.headers["content-type"] == "text/html; charset=utf-8")
        #expect(missing.body.contains("Page not found"))
        #expect(missing.body.contains("appealpress-live-reload"))

        let css = try client.request("/assets/style.css")
        #expect(css.status == 200)
        #expect(css.headers["content-type"] == "text/css; charset=utf-8")
        #expect(css.body == Fixtures.read(Fixtures.defaultTheme + "/assets/style.css"))
        #expect(!css.body.contains("appealpress-live-reload"))
        let sitemap = try client.request("/sitemap.xml")
        #expect(sitemap.headers["content-type"] == "application/xml; charset=utf-8")
        #expect(sitemap.body.contains("<loc>\(server.url)kyphoplasty/medicare/medical-necessity/</loc>"))
        #expect(try client.request("/robots.txt").headers["content-type"] == "text/plain; charset=utf-8")

        let head = try client.request(Self.page, method: "HEAD")
        #expect(head.status == 200 && head.body.isEmpty && Int(head.headers["content-length"] ?? "") ?? 0 > 1000)
        let headEvents = try client.request("/__appealpress/events", method: "HEAD")
        #expect(headEvents.status == 200 && headEvents.headers["content-type"] == "text/event-stream; charset=utf-8")
        let post = try client.request(Self.page, method: "POST")
        #expect(post.status == 405)
        #expect(post.headers["allow"] == "GET, HEAD")
    }

    @Test func pathTraversalIsRefused() throws {
        let content = Fixtures.copy("mini")
        let (server, client) = try start(content)
        defer { server.stop() }
        let attempts = [
            "/../site.yaml", "/assets/../../site.yaml", "/%2e%2e/site.yaml", "/%2E%2E/%2E%2E/etc/passwd",
            "/assets/..%2f..%2fsite.yaml", "/assets/%2e%2e%2f%2e%2e%2fsite.yaml", "/assets/..%5c..%5csite.yaml",
            "/assets\\..\\site.yaml", "/./index.html", "/assets/.%2e/site.yaml",
        ]
        for target in attempts {
            let response = try client.request(target)
            #expect(response.status == 403, "\(target) → \(response.status)")
            #expect(!response.body.contains("Mini Appeals"), "\(target) leaked a page")
        }
        for target in ["/%zz/", "/%c3%28/", "/a%00b/", "*", "http://evil.example/"] {
            #expect(try client.request(target).status == 400, "\(target)")
        }
        // DNS rebinding: a loopback preview answers loopback host names only.
        #expect(try client.request("/", host: "evil.example").status == 403)
        #expect(try client.request("/", host: "localhost:\(server.port)").status == 200)
    }

    @Test func anEditRebuildsAndTellsOpenTabsToReload() throws {
        let content = Fixtures.copy("mini")
        let theme = Fixtures.scratch("theme") + "/default"
        try FileManager.default.copyItem(atPath: Fixtures.defaultTheme, toPath: theme)
        let (server, client) = try start(content, theme: theme)
        defer { server.stop() }
        let before = try client.request(Self.page)
        let stream = try client.events()
        let hello = try ReloadEvent(stream.next("hello"))
        #expect(stream.headers.contains("Content-Type: text/event-stream"))
        #expect(before.body.contains("var generation = \"\(hello.generation)\","))
        #expect(hello.ok && hello.pages == 6)

        try edit(content + "/sections/lede.md", atomically: false) { $0.replacingOccurrences(of: "You can appeal.", with: "You can appeal, and many people win.") }
        let reload = try ReloadEvent(stream.next("reload"))
        #expect(reload.ok)
        #expect(reload.generation != hello.generation)
        #expect(reload.changed == [content + "/sections/lede.md"])
        let after = try client.request(Self.page)
        #expect(after.body.contains("You can appeal, and many people win."))
        #expect(after.body.contains("var generation = \"\(reload.generation)\","))

        // A theme edit reloads too, and the page asks for the new stylesheet.
        try edit(theme + "/assets/style.css") { $0 + "\n.appealpress-test { color: red; }\n" }
        let restyled = try ReloadEvent(stream.next("reload"))
        #expect(restyled.ok && restyled.changed == [theme + "/assets/style.css"])
        #expect(try client.request("/assets/style.css").body.hasSuffix(".appealpress-test { color: red; }\n"))
        let version = { (html: String) in html.firstMatch(of: /style\.css\?v=([0-9a-f]+)/).map { String($0.1) } }
        let newPage = try client.request(Self.page).body
        #expect(version(newPage) != nil && version(newPage) != version(after.body))
    }

    /// A rebuild parses only the file that was saved; the others' parses are reused.
    @Test func aRebuildParsesOnlyTheSavedFile() throws {
        let content = Fixtures.copy("mini")
        let (server, client) = try start(content)
        defer { server.stop() }
        let stream = try client.events()
        _ = try stream.next("hello")
        let first = server.loadCache.parsed
        #expect(first > 10 && server.loadCache.reused == 0)
        try edit(content + "/sections/lede.md") { $0.replacingOccurrences(of: "You can appeal.", with: "You can appeal, and many people win.") }
        #expect(try ReloadEvent(stream.next("reload")).ok)
        #expect(server.loadCache.parsed == first + 1)
        #expect(server.loadCache.reused == first - 1)
        #expect(try client.request(Self.page).body.contains("You can appeal, and many people win."))
    }

    /// The background checks of a rebuild that a newer one made moot stop rendering pages at once.
    @Test func cancelledChecksStopRendering() throws {
        let options = BuildOptions(content: Fixtures.path("mini"), theme: Fixtures.defaultTheme, output: "", date: Self.date)
        let site = try SiteBuilder.prepare(options)
        let asked = Locked(0)
        let full = SiteBuilder.checkPages(site, cancelled: { asked.withValue { $0 += 1 }; return false })
        let all = asked.current
        #expect(all >= site.outputs.cellCount, "asked before every page")
        #expect(full.findings.map(\.diagnostic) == SiteBuilder.checkPages(site).findings.map(\.diagnostic), "not cancelled: the same checks")
        asked.withValue { $0 = 0 }
        _ = SiteBuilder.checkPages(site, cancelled: { asked.withValue { $0 += 1 }; return true })
        // Each rendering thread stops at its first page.
        #expect(asked.current <= ProcessInfo.processInfo.activeProcessorCount && asked.current < all)
    }

    @Test func anErrorShowsOverTheLastGoodSiteUntilItIsFixed() throws {
        let content = Fixtures.copy("mini")
        let (server, client) = try start(content)
        defer { server.stop() }
        let stream = try client.events()
        _ = try stream.next("hello")
        let lede = content + "/sections/lede.md"
        let good = Fixtures.read(lede)

        // A misspelt placeholder and a front-matter key that is HTML: both must reach the page as text.
        try (good.replacingOccurrences(of: "{{ payer.name }}", with: "{{ payer.nmae }}")
            .replacingOccurrences(of: "section: lede", with: "section: lede\n\"<img src=x onerror=alert(1)>\": 1")).write(toFile: lede, atomically: true, encoding: .utf8)
        let failed = try ReloadEvent(stream.next("reload"))
        #expect(!failed.ok)
        #expect(failed.errors == 1)
        let page = try client.request(Self.page)
        #expect(page.status == 200)
        #expect(page.body.contains("You can appeal."), "the last good page is still served")
        #expect(page.body.contains("<div id=\"appealpress-errors\" role=\"alert\""))
        #expect(page.body.contains("unknown key `&lt;img src=x onerror=alert(1)&gt;`"))
        #expect(!page.body.contains("<img src=x"))

        try edit(lede) { $0.replacingOccurrences(of: "\"<img src=x onerror=alert(1)>\": 1\n", with: "") }
        let stillBroken = try ReloadEvent(stream.next("reload"))
        #expect(!stillBroken.ok)
        let misspelt = try client.request(Self.page)
        #expect(misspelt.body.contains("error: unknown placeholder `{{ payer.nmae }}`"))
        #expect(misspelt.body.contains("hint: did you mean `payer.name`?"))
        #expect(misspelt.body.contains("sections/lede.md:4:"))

        try good.write(toFile: lede, atomically: true, encoding: .utf8)
        let fixed = try ReloadEvent(stream.next("reload"))
        #expect(fixed.ok && fixed.errors == 0)
        let clean = try client.request(Self.page)
        #expect(!clean.body.contains("appealpress-errors"))
    }

    @Test func aSiteThatNeverBuiltShowsItsErrorsAndRecovers() throws {
        let content = Fixtures.copy("mini", changing: ["site.yaml": "name: Broken\n"])
        let (server, client) = try start(content)
        defer { server.stop() }
        let page = try client.request("/")
        #expect(page.status == 500)
        #expect(page.body.contains("The site has errors"))
        #expect(page.body.contains("site.yaml"))
        #expect(page.body.contains("appealpress-live-reload"))

        let stream = try client.events()
        _ = try stream.next("hello")
        try FileManager.default.removeItem(atPath: content + "/site.yaml")
        try FileManager.default.copyItem(atPath: Fixtures.path("mini") + "/site.yaml", toPath: content + "/site.yaml")
        #expect(try ReloadEvent(stream.next("reload", where: { $0.contains("\"ok\":true") })).pages == 6)
        #expect(try client.request("/").status == 200)
    }

    @Test func aTabOpenedDuringARebuildStillLearnsOfIt() throws {
        let (server, client) = try start(Fixtures.copy("mini"))
        defer { server.stop() }
        let stream = try client.events()
        let hello = try ReloadEvent(stream.next("hello"))
        let report = server.rebuild(changed: ["by hand"])
        #expect(report.tabs == 1)
        let late = try ReloadEvent(client.events().next("hello"))
        #expect(late.generation == report.generation && late.generation != hello.generation)
    }

    @Test func aBusyPortIsAClearError() throws {
        let (server, _) = try start(Fixtures.copy("mini"))
        defer { server.stop() }
        #expect {
            _ = try PreviewServer(options: ServeOptions(content: Fixtures.path("mini"), theme: Fixtures.defaultTheme, date: Self.date, port: server.port))
        } throws: { error in
            "\(error)".contains("cannot listen on 127.0.0.1:\(server.port)") && "\(error)".contains("in use")
        }
    }
}
