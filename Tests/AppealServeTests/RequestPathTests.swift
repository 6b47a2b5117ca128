@testable import AppealServe
import AppealModel
import Testing

@Suite struct RequestPathTests {
    @Test func plainPathsAreDecodedOnce() {
        #expect(RequestPath(target: "/kyphoplasty/medicare/medical-necessity/") == .path("/kyphoplasty/medicare/medical-necessity/", query: nil))
        #expect(RequestPath(target: "/a/?utm_source=x#top") == .path("/a/", query: "utm_source=x"))
        #expect(RequestPath(target: "/caf%C3%A9/") == .path("/café/", query: nil))
        // Decoded once: a double-encoded dot is a strange name, not a way up.
        #expect(RequestPath(target: "/%252e%252e/") == .path("/%2e%2e/", query: nil))
        #expect(RequestPath(target: "/a..b/...") == .path("/a..b/...", query: nil))
    }

    @Test(arguments: ["/..", "/../x", "/a/../../x", "/%2e%2e/x", "/%2E%2e%2Fx", "/a/..%2F..%2Fx", "/a/%2e%2e%5cx",
                      "/a\\..\\x", "/%5c", "/./x", "/a/.", "/a/%2e/b", "/.%2e/x"])
    func climbingOutIsForbidden(_ target: String) {
        guard case .forbidden = RequestPath(target: target) else {
            Issue.record("\(target) was not refused: \(RequestPath(target: target))")
            return
        }
    }

    @Test(arguments: ["", "*", "x/y", "http://example.org/", "/%", "/%4", "/%zz", "/%c3%28", "/a%00b", "/a%0Ab",
                      "/a?x\nSet-Cookie:y=1", "/a?x\rSet-Cookie:y=1"])
    func malformedTargetsAreBadRequests(_ target: String) {
        guard case .badRequest = RequestPath(target: target) else {
            Issue.record("\(target) was not a bad request: \(RequestPath(target: target))")
            return
        }
    }
}

@Suite struct LoopbackHostTests {
    @Test func onlyTrueLoopbackNamesAreAccepted() {
        for host in ["localhost", "app.localhost", "127.0.0.1", "127.1.2.3", "::1"] { #expect(PreviewServer.isLoopback(host), "\(host)") }
        for host in ["127.0.0.1.evil.example", "127.evil", "127.0.0.256", "evil.example", "1270.0.0.1"] {
            #expect(!PreviewServer.isLoopback(host), "\(host)")
        }
    }
}

@Suite struct LiveReloadTests {
    @Test func theOverlayEscapesEveryDiagnosticField() {
        let diagnostic = Diagnostic.error("unknown key `<script>alert(1)</script>`", at: SourceLocation(file: "Content/<b>.md", line: 3, column: 2),
                                          hint: "did you mean `\"><img src=x>`?")
        let html = LiveReload.overlay([diagnostic])
        #expect(html.contains("Content/&lt;b&gt;.md:3:2"))
        #expect(html.contains("unknown key `&lt;script&gt;alert(1)&lt;/script&gt;`"))
        #expect(html.contains("hint: did you mean `&quot;&gt;&lt;img src=x&gt;`?"))
        #expect(!html.contains("<script>") && !html.contains("<img") && !html.contains("<b>"))
    }

    @Test func theOverlayShowsAtMostFiftyErrors() {
        let many = (1...60).map { Diagnostic.error("problem \($0)", at: nil) }
        let html = LiveReload.overlay(many)
        #expect(html.contains("AppealPress: 60 errors."))
        #expect(html.contains("problem 50<") && !html.contains("problem 51<"))
        #expect(html.contains("… and 10 more: see the terminal."))
    }

    @Test func theScriptGoesBeforeTheLastBodyEndTag() {
        #expect(LiveReload.inject("<s>", into: "<body>x</body></html>") == "<body>x<s></body></html>")
        #expect(LiveReload.inject("<s>", into: "<p>no body tag") == "<p>no body tag<s>")
        #expect(LiveReload.inject("<s>", into: "<BODY></BODY>") == "<BODY><s></BODY>")
    }

    @Test func eventsSplitMultiLineData() {
        #expect(EventChannel.format(event: "reload", data: "a\nb") == "event: reload\ndata: a\ndata: b\n\n")
    }
}

@Suite struct ContentWatcherTests {
    @Test func scratchFilesOfEditorsAreIgnored() {
        for name in [".lede.md.swp", "lede.md~", "4913", "#lede.md#", ".DS_Store", "x.tmp"] { #expect(ContentWatcher.isScratch(name), "\(name)") }
        for name in ["lede.md", "site.yaml", "style.css"] { #expect(!ContentWatcher.isScratch(name), "\(name)") }
    }

    @Test func changesListAddedRemovedAndEditedFiles() {
        let a = ContentWatcher.Stamp(size: 1, inode: 1, seconds: 1, nanoseconds: 0)
        var b = a
        b.nanoseconds = 5
        #expect(ContentWatcher.changes(from: ["x": a, "y": a, "z": a], to: ["x": a, "y": b, "w": a]) == ["w", "y", "z"])
    }
}
