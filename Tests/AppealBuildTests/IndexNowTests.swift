import AppealBuild
import AppealModel
import AppealTestSupport
import Foundation
import Testing

/// IndexNow gets exactly the URLs a build added, changed or removed, 10,000 a request, with retries.
@Suite struct IndexNowTests {
    static let key = "appealpress-test-key-1"

    /// A server that logs each POST (path, content type, body) as a JSON line and answers with the
    /// statuses given, then 200.
    static let recorder = """
    import http.server, json, sys
    statuses = [int(s) for s in sys.argv[2].split(",") if s]
    log = sys.argv[3]
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with open(log, "a") as f:
                f.write(json.dumps({"path": self.path, "type": self.headers.get("Content-Type"), "body": body.decode()}) + "\\n")
            self.send_response(statuses.pop(0) if statuses else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()
        def log_message(self, *args):
            pass
    http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
    """

    func requests(_ log: String) throws -> [[String: Any]] {
        try Fixtures.read(log).split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test func theBuildPublishesTheKeyAndNotifySubmitsExactlyTheChangesWithRetries() throws {
        let content = Fixtures.copy("mini")
        let site = content + "/site.yaml"
        try (Fixtures.read(site) + "indexnow_key: \(Self.key)\n").write(toFile: site, atomically: true, encoding: .utf8)
        let output = Fixtures.scratch() + "/Public"
        let options = BuildOptions(content: content, theme: Fixtures.defaultTheme, output: output, date: Day(iso: "2026-11-29")!)
        _ = try SiteBuilder.build(options)
        #expect(Fixtures.read(output + "/\(Self.key).txt") == Self.key)

        let folder = Fixtures.scratch("indexnow")
        let script = folder + "/recorder.py", log = folder + "/requests.jsonl"
        try Self.recorder.write(toFile: script, atomically: true, encoding: .utf8)
        let server = try StaticServer(script: script, arguments: ["429,503", log])
        defer { server.stop() }
        let arguments = ["notify", "indexnow", "--key", Self.key, "--endpoint", server.url + "indexnow", "--output", output, "--backoff", "0.01"]

        let first = try Executable.run(arguments)
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out.contains("request 1 (20 URLs): 429") && first.out.contains("request 1 (20 URLs): 503") && first.out.contains("request 1 (20 URLs): 200"))
        let sent = try requests(log)
        #expect(sent.count == 3, "two retries, then accepted")
        #expect(Set(sent.map { $0["body"] as? String ?? "" }).count == 1, "the same request each time")
        #expect(sent.allSatisfy { $0["path"] as? String == "/indexnow" && ($0["type"] as? String)?.hasPrefix("application/json") == true })
        let body = try #require(JSONSerialization.jsonObject(with: Data((sent[0]["body"] as? String ?? "").utf8)) as? [String: Any])
        #expect(body["host"] as? String == "example.org" && body["key"] as? String == Self.key)
        #expect(body["keyLocation"] as? String == "https://example.org/guides/\(Self.key).txt")
        let urls = body["urlList"] as? [String] ?? []
        #expect(urls.count == 20 && urls.contains("https://example.org/guides/kyphoplasty/medicare/medical-necessity/"))

        // One fragment edited: only its two pages are submitted.
        let angle = content + "/sections/angles/kyphoplasty--medicare.md"
        try (Fixtures.read(angle) + "\nOne more sentence.\n").write(toFile: angle, atomically: true, encoding: .utf8)
        _ = try SiteBuilder.build(options)
        try "".write(toFile: log, atomically: true, encoding: .utf8)
        #expect(try Executable.run(arguments).status == 0)
        let again = try requests(log)
        #expect(again.count == 1)
        let edited = try #require(JSONSerialization.jsonObject(with: Data((again[0]["body"] as? String ?? "").utf8)) as? [String: Any])
        #expect(edited["urlList"] as? [String] == ["https://example.org/guides/kyphoplasty/medicare/experimental/",
                                                  "https://example.org/guides/kyphoplasty/medicare/medical-necessity/"])
    }

    @Test func aRefusedRequestFailsAfterItsRetriesAndADryRunSendsNothing() throws {
        let output = Fixtures.scratch() + "/Public"
        _ = try SiteBuilder.build(BuildOptions(content: Fixtures.path("mini"), theme: Fixtures.defaultTheme, output: output, date: Day(iso: "2026-11-29")!))
        let folder = Fixtures.scratch("indexnow")
        let script = folder + "/recorder.py", log = folder + "/requests.jsonl"
        try Self.recorder.write(toFile: script, atomically: true, encoding: .utf8)
        let server = try StaticServer(script: script, arguments: ["403", log])
        defer { server.stop() }
        let base = ["notify", "indexnow", "--key", Self.key, "--endpoint", server.url + "indexnow", "--output", output, "--backoff", "0.01"]
        let refused = try Executable.run(base)
        #expect(refused.status == 1 && refused.out.contains("request 1 (20 URLs): 403"))
        #expect(try requests(log).count == 1, "403 is not retried")
        let dry = try Executable.run(base + ["--dry-run"])
        #expect(dry.status == 0 && dry.out.contains("\"keyLocation\":\"https://example.org/guides/\(Self.key).txt\""))
        #expect(try requests(log).count == 1, "a dry run sends nothing")
        #expect(try Executable.run(["notify", "indexnow", "--key", "short"]).status == 64)
        #expect(try Executable.run(["notify", "indexnow", "--key", Self.key, "--output", Fixtures.scratch()]).status == 1)
    }

    @Test func moreThan10000URLsAreSplit() throws {
        let notifier = IndexNow(key: Self.key, site: "https://appeals.example.org/")
        let urls = (0..<25_001).map { "https://appeals.example.org/p\($0)/" }
        let bodies = notifier.bodies(urls).map { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        #expect(bodies.map { ($0?["urlList"] as? [String])?.count } == [10_000, 10_000, 5_001])
        #expect(bodies.compactMap { $0?["urlList"] as? [String] }.flatMap { $0 } == urls)
        #expect(bodies.allSatisfy { $0?["host"] as? String == "appeals.example.org" })
    }
}
