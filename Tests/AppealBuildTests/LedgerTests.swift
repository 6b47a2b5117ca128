import AppealBuild
import AppealCheck
import AppealModel
import AppealTestSupport
import Foundation
import Testing

/// The ledger is the site's memory: what changed between two builds, which URLs went away, and
/// where they go now.
@Suite struct LedgerTests {
    static let date = Day(iso: "2026-11-29")!
    static let angle = "sections/angles/kyphoplasty--medicare.md"

    func options(_ content: String, _ output: String, since: String? = nil) -> BuildOptions {
        BuildOptions(content: content, theme: Fixtures.defaultTheme, output: output, date: Self.date, since: since)
    }

    func ledger(_ output: String) throws -> SiteLedger {
        try SiteLedger.parse(try #require(FileManager.default.contents(atPath: output + "/" + SiteLedger.fileName)))
    }

    /// The mini fixture with payer `medicare` renamed to `medicare-us` (file and selectors).
    func renamed(_ content: String) throws {
        let fm = FileManager.default
        try fm.moveItem(atPath: content + "/payers/medicare.md", toPath: content + "/payers/medicare-us.md")
        for file in [Self.angle, "sections/checklist-medicare.md", "offers.yaml"] {
            let text = Fixtures.read(content + "/" + file).replacingOccurrences(of: "payer: medicare", with: "payer: medicare-us")
            try text.write(toFile: content + "/" + file, atomically: true, encoding: .utf8)
        }
    }

    func errors(_ options: BuildOptions) -> [Diagnostic] {
        do {
            _ = try SiteBuilder.build(options)
            return []
        } catch {
            return error.diagnostics.filter { $0.severity == .error }
        }
    }

    @Test func everyBuildWritesALedgerAndAChangeList() throws {
        let output = Fixtures.scratch() + "/Public"
        let report = try SiteBuilder.build(options(Fixtures.path("mini"), output))
        let first = try ledger(output)
        // The 6 cells, 6 hubs and the home page; the 404 page is not published.
        #expect(first.pages.count == 20)
        #expect(first.site == "https://example.org/guides/")
        #expect(first.pages["/kyphoplasty/medicare/medical-necessity/"]?.indexable == true)
        #expect(first.pages["/kyphoplasty/aetna/medical-necessity/"]?.indexable == false, "thin pages are noindex")
        #expect(report.changes.added.count == 20 && report.changes.changed.isEmpty && report.changes.removed.isEmpty)
        let changes = Fixtures.read(output + "/appealpress-changes.txt")
        #expect(changes.split(separator: "\n").count == 20 && changes.contains("https://example.org/guides/kyphoplasty/medicare/medical-necessity/\n"))
        // Written as JSON any tool can read.
        let json = try JSONSerialization.jsonObject(with: Data(Fixtures.read(output + "/" + SiteLedger.fileName).utf8)) as? [String: Any]
        #expect(json?["version"] as? Int == 1 && (json?["urls"] as? [Any])?.count == 20)
    }

    /// Editing one fragment changes exactly its pages: they get the build date as `lastmod`, every
    /// other page keeps its date, and the change list names those pages only.
    @Test func editingOneFragmentChangesExactlyItsPagesAndTheirLastmod() throws {
        let content = Fixtures.copy("mini")
        let output = Fixtures.scratch() + "/Public"
        _ = try SiteBuilder.build(options(content, output))
        let before = try ledger(output)
        let file = content + "/" + Self.angle
        try (Fixtures.read(file) + "\nOne more sentence about this insurer.\n").write(toFile: file, atomically: true, encoding: .utf8)
        let report = try SiteBuilder.build(options(content, output))
        let edited = ["/kyphoplasty/medicare/experimental/", "/kyphoplasty/medicare/medical-necessity/"]
        #expect(report.changes.changed == edited)
        #expect(report.changes.added.isEmpty && report.changes.removed.isEmpty && report.changes.unchanged == 18)
        let after = try ledger(output)
        for (path, page) in after.pages {
            if edited.contains(path) {
                #expect(page.changed == Self.date && page.hash != before.pages[path]!.hash, "\(path)")
            } else {
                #expect(page == before.pages[path], "\(path) keeps its hash and date")
            }
        }
        #expect(before.pages[edited[1]]!.changed != Self.date, "the first build dates a page by its sources")
        let sitemap = Fixtures.read(output + "/sitemap.xml")
        #expect(sitemap.contains("<loc>https://example.org/guides/kyphoplasty/medicare/medical-necessity/</loc><lastmod>2026-11-29</lastmod>"))
        #expect(Fixtures.read(output + "/appealpress-changes.txt") == edited.map { "https://example.org/guides" + $0 + "\n" }.joined())

        // Nothing changed since: the next build reports no change.
        #expect(try SiteBuilder.build(options(content, output)).changes.changed.isEmpty)
    }

    /// In CI the previous output is not on disk: `--since` with the deployed ledger (a file or a
    /// URL) gives the same answer, and the same ledger, as an incremental build on disk.
    @Test func sinceTheDeployedLedgerGivesTheSameAnswerAsAnIncrementalBuild() throws {
        let content = Fixtures.copy("mini")
        let deployed = Fixtures.scratch() + "/Public"
        _ = try SiteBuilder.build(options(content, deployed))
        let published = Fixtures.scratch("ledger") + "/" + SiteLedger.fileName
        try FileManager.default.copyItem(atPath: deployed + "/" + SiteLedger.fileName, toPath: published)

        let file = content + "/" + Self.angle
        try (Fixtures.read(file) + "\nOne more sentence about this insurer.\n").write(toFile: file, atomically: true, encoding: .utf8)
        let incremental = try SiteBuilder.build(options(content, deployed))
        let fresh = Fixtures.scratch() + "/Public"
        let fromFile = try SiteBuilder.build(options(content, fresh, since: published))
        #expect(fromFile.changes == incremental.changes)
        #expect(fromFile.changes.changed.count == 2)
        #expect(Fixtures.read(fresh + "/" + SiteLedger.fileName) == Fixtures.read(deployed + "/" + SiteLedger.fileName))
        #expect(Fixtures.read(fresh + "/sitemap.xml") == Fixtures.read(deployed + "/sitemap.xml"))

        // The same from the deployed ledger's URL.
        let server = try StaticServer(folder: (published as NSString).deletingLastPathComponent)
        defer { server.stop() }
        let fromURL = try SiteBuilder.build(options(content, Fixtures.scratch() + "/Public", since: server.url + SiteLedger.fileName))
        #expect(fromURL.changes == incremental.changes)
    }

    /// A renamed value: the build fails, naming the URLs and why, with the lines to paste; with
    /// them pasted it succeeds, old URLs get stub pages (a static host) and leave the sitemap, and
    /// the ledger remembers where they went.
    @Test func aRenamedValueNeedsRedirectsAndTheErrorGivesThem() throws {
        let content = Fixtures.copy("mini")
        let output = Fixtures.scratch() + "/Public"
        _ = try SiteBuilder.build(options(content, output))
        let before = try InterruptedBuildTests.snapshot(output)
        try renamed(content)

        let found = errors(options(content, output))
        #expect(found.count == 1)
        let error = try #require(found.first)
        #expect(error.message.hasPrefix("3 indexable URLs of the last build are not written any more: payer `medicare` no longer exists (renamed to `medicare-us`?)"))
        #expect(error.location?.file == content + "/payers/medicare-us.md")
        let lines = try #require(error.hint).split(separator: "\n").filter { $0.hasPrefix("  - {") }.map(String.init)
        #expect(lines == ["  - { from: /kyphoplasty/medicare/experimental/, to: /kyphoplasty/medicare-us/experimental/ }",
                          "  - { from: /kyphoplasty/medicare/medical-necessity/, to: /kyphoplasty/medicare-us/medical-necessity/ }",
                          "  - { from: /payers/medicare/, to: /payers/medicare-us/ }"])
        #expect(try InterruptedBuildTests.snapshot(output) == before, "nothing was written")

        try (["redirects:"] + lines).joined(separator: "\n").appending("\n").write(toFile: content + "/redirects.yaml", atomically: true, encoding: .utf8)
        let report = try SiteBuilder.build(options(content, output))
        #expect(report.changes.removed.contains("/kyphoplasty/medicare/medical-necessity/"))
        let stub = Fixtures.read(output + "/kyphoplasty/medicare/medical-necessity/index.html")
        #expect(stub.contains("<link rel=\"canonical\" href=\"https://example.org/guides/kyphoplasty/medicare-us/medical-necessity/\">"))
        #expect(stub.contains("<meta name=\"robots\" content=\"noindex,follow\">"))
        #expect(stub.contains("<meta http-equiv=\"refresh\" content=\"0; url=https://example.org/guides/kyphoplasty/medicare-us/medical-necessity/\">"))
        let sitemap = Fixtures.read(output + "/sitemap.xml")
        #expect(!sitemap.contains("/medicare/") && sitemap.contains("/kyphoplasty/medicare-us/medical-necessity/"))
        let ledger = try ledger(output)
        #expect(ledger.moved["/payers/medicare/"] == SiteLedger.Moved(to: "/payers/medicare-us/", status: 301))
        #expect(ledger.pages["/payers/medicare/"] == nil)

        // The rules stay needed: dropping them later is an error again.
        try FileManager.default.removeItem(atPath: content + "/redirects.yaml")
        #expect(errors(options(content, output)).contains { $0.message.contains("/payers/medicare/ was redirected to /payers/medicare-us/ by the last build") })
    }

    @Test(arguments: [
        ("netlify", "_redirects", "/payers/medicare/ /payers/medicare-us/ 301"),
        ("cloudflare", "_redirects", "/payers/medicare/ /payers/medicare-us/ 301"),
        ("nginx", "nginx-redirects.conf", "    \"/payers/medicare/\" \"/payers/medicare-us/\";"),
        ("apache", ".htaccess", "RedirectMatch 301 \"^/payers/medicare/$\" \"/payers/medicare-us/\""),
    ])
    func hostsThatReadARedirectFileGetOneAndNoStubs(_ host: String, _ file: String, _ line: String) throws {
        let content = Fixtures.copy("mini")
        let site = content + "/site.yaml"
        try (Fixtures.read(site) + "host: \(host)\n").write(toFile: site, atomically: true, encoding: .utf8)
        let output = Fixtures.scratch() + "/Public"
        _ = try SiteBuilder.build(options(content, output))
        try renamed(content)
        try "redirects:\n  - { from: /payers/medicare/, to: /payers/medicare-us/ }\n  - { from: /kyphoplasty/medicare/*, to: /kyphoplasty/medicare-us/:splat }\n"
            .write(toFile: content + "/redirects.yaml", atomically: true, encoding: .utf8)
        _ = try SiteBuilder.build(options(content, output))
        let text = Fixtures.read(output + "/" + file)
        #expect(text.contains(line), "\(text)")
        #expect(!FileManager.default.fileExists(atPath: output + "/payers/medicare/index.html"), "no stub where the host redirects")
        // Nor under a prefix rule: a file there would shadow the rule on the host.
        #expect(!FileManager.default.fileExists(atPath: output + "/kyphoplasty/medicare/medical-necessity/index.html"))
        #expect(try ledger(output).moved["/kyphoplasty/medicare/medical-necessity/"]?.to == "/kyphoplasty/medicare-us/medical-necessity/")
    }

    @Test func cloudflareLimitsAreErrorsNotSilentTruncation() throws {
        let content = Fixtures.copy("mini")
        let site = content + "/site.yaml"
        try (Fixtures.read(site) + "host: cloudflare\n").write(toFile: site, atomically: true, encoding: .utf8)
        let rules = (0..<2_001).map { "  - { from: /old-\($0)/, to: /payers/aetna/ }" }
        try (["redirects:"] + rules).joined(separator: "\n").write(toFile: content + "/redirects.yaml", atomically: true, encoding: .utf8)
        let found = errors(options(content, Fixtures.scratch() + "/Public"))
        #expect(found.contains { $0.message.contains("Cloudflare Pages reads at most 2000 static and 100 dynamic redirects; this site has 2001 and 0") })
    }

    @Test func aLongLineAndAForeignHtaccessAreRefused() throws {
        let content = Fixtures.copy("mini")
        let site = content + "/site.yaml"
        try (Fixtures.read(site) + "host: cloudflare\n").write(toFile: site, atomically: true, encoding: .utf8)
        try "redirects:\n  - { from: /\((0..<11).map { _ in String(repeating: "a", count: 100) }.joined(separator: "/"))/, to: /payers/aetna/ }\n".write(toFile: content + "/redirects.yaml", atomically: true, encoding: .utf8)
        #expect(errors(options(content, Fixtures.scratch() + "/Public")).contains { $0.message.hasPrefix("Cloudflare Pages ignores redirect lines longer than 1000 characters") })

        // Apache: a hand-written .htaccess in the output is kept by every build, and not replaced.
        try (Fixtures.read(site).replacingOccurrences(of: "host: cloudflare", with: "host: apache")).write(toFile: site, atomically: true, encoding: .utf8)
        try "redirects:\n  - { from: /old/, to: /payers/aetna/ }\n".write(toFile: content + "/redirects.yaml", atomically: true, encoding: .utf8)
        let output = Fixtures.scratch() + "/Public"
        _ = try SiteBuilder.build(options(Fixtures.path("mini"), output))
        try "ErrorDocument 404 /404.html\n".write(toFile: output + "/.htaccess", atomically: true, encoding: .utf8)
        #expect(errors(options(content, output)).contains { $0.message.contains("the output holds its own .htaccess") })
        #expect(Fixtures.read(output + "/.htaccess") == "ErrorDocument 404 /404.html\n")
    }

    /// A long chain is followed once: 2,000 links resolve in well under a second of planning.
    @Test func aLongChainResolvesToItsLastPage() throws {
        let rules = (0..<2_000).map { "  - { from: /old-\($0)/, to: /old-\($0 + 1)/ }" } + ["  - { from: /old-2000/, to: /payers/aetna/ }"]
        let content = Fixtures.copy("mini", changing: ["redirects.yaml": (["redirects:"] + rules).joined(separator: "\n") + "\n"])
        let output = Fixtures.scratch() + "/Public"
        _ = try SiteBuilder.build(options(content, output))
        #expect(Fixtures.read(output + "/old-0/index.html").contains("<link rel=\"canonical\" href=\"https://example.org/guides/payers/aetna/\">"))
        #expect(try ledger(output).moved.count == 2_001)
    }

    @Test(arguments: [
        ("  - { from: /a/, to: /b/ }\n  - { from: /b/, to: /a/ }\n", "redirect loop: /a/ → /b/ → /a/"),
        ("  - { from: /old/, to: /nowhere/ }\n", "`/old/` redirects to `/nowhere/`, which is not a page the build writes"),
        ("  - { from: /payers/aetna/, to: /payers/medicare/ }\n", "`/payers/aetna/` is redirected, but the build still writes a page there"),
        ("  - { from: old, to: /payers/aetna/ }\n", "`from` `old` must start with `/`"),
        ("  - { from: /old/, to: /payers/aetna/, status: 302 }\n  - { from: /old/, status: 410 }\n", "`/old/` is redirected twice"),
        ("  - { from: /old/, status: 404 }\n", "`status` of a redirect must be 301, 302, 307, 308 or 410, found 404"),
        ("  - { from: /old/ }\n", "a redirect needs `to`"),
        ("  - { from: /sitemap.xml, to: /payers/aetna/ }\n", "`/sitemap.xml` is a file the build writes itself"),
        ("  - { from: /404.html, to: /payers/aetna/ }\n", "`/404.html` is a file the build writes itself"),
        ("  - { from: /payers/aetna, to: /payers/medicare/ }\n", "`/payers/aetna` is redirected, but the build still writes a page there"),
        ("  - { from: /x/.., to: /payers/aetna/ }\n", "must not contain empty, `.` or `..` segments"),
        ("  - { from: /.well-known/x, to: /payers/aetna/ }\n", "must not start with a hidden folder"),
    ])
    func badRedirectsAreLocatedErrors(_ rules: String, _ message: String) throws {
        let content = Fixtures.copy("mini", changing: ["redirects.yaml": "redirects:\n" + rules])
        let output = Fixtures.scratch() + "/Public"
        let found = errors(options(content, output))
        let error = try #require(found.first { $0.message.contains(message) }, "\(found)")
        #expect(error.location?.file == content + "/redirects.yaml" && (error.location?.line ?? 0) >= 2)
        #expect(!FileManager.default.fileExists(atPath: output), "nothing written")
    }

    @Test func aLedgerThatCannotBeReadIsAnErrorUnlessOptional() throws {
        let output = Fixtures.scratch() + "/Public"
        let folder = Fixtures.scratch("ledgers")
        let cases = [("broken.json", "{\"format\": \"appealpress-ledger\", ", "is not a ledger"),
                     ("other.json", #"{"format":"appealpress-ledger","version":1,"site":"https://other.example/","built":"2026-11-01","urls":[],"moved":[]}"#,
                      "is of https://other.example/, not of this site (https://example.org/guides/)"),
                     ("future.json", #"{"format":"appealpress-ledger","version":7}"#, "is a ledger of version 7")]
        for (name, text, message) in cases {
            try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
            let found = errors(options(Fixtures.path("mini"), output, since: folder + "/" + name))
            #expect(found.contains { $0.message.contains(message) && $0.location?.file == folder + "/" + name }, "\(name): \(found)")
            #expect(!FileManager.default.fileExists(atPath: output))
        }
        #expect(errors(options(Fixtures.path("mini"), output, since: "http://127.0.0.1:9/appealpress-ledger.json"))
            .contains { $0.message.hasPrefix("cannot fetch the ledger http://127.0.0.1:9/appealpress-ledger.json") })

        var optional = options(Fixtures.path("mini"), output, since: folder + "/broken.json")
        optional.sinceOptional = true
        let report = try SiteBuilder.build(optional)
        #expect(report.committed && report.check.findings.contains { $0.severity == .warning && $0.diagnostic.message.contains("is not a ledger") })
    }

    /// `check` takes no `--since`: a damaged ledger in its output is a warning that names the file,
    /// and it checks as a check of a folder with no build does.
    @Test func checkWarnsOfADamagedLedgerInItsOutput() throws {
        let output = Fixtures.scratch() + "/Public"
        var build = options(Fixtures.path("mini"), output, since: nil)
        _ = try SiteBuilder.build(build)
        let ledger = output + "/appealpress-ledger.json"
        try "{\"format\": \"appealpress-ledger\", ".write(toFile: ledger, atomically: true, encoding: .utf8)
        build.ownLedgerOnly = true
        let result = try SiteBuilder.check(build)
        let warning = result.findings.first { $0.diagnostic.message.contains("is not a ledger") }
        #expect(warning?.severity == .warning && warning?.diagnostic.location?.file == ledger)
        #expect(warning?.diagnostic.hint?.contains("--since") == false)
        var fresh = build
        fresh.output = Fixtures.scratch() + "/Public"
        func lines(_ r: CheckResult) -> [String] { r.findings.filter { !$0.diagnostic.message.contains("ledger") }.map { "\($0.category.rawValue) \($0.diagnostic.message)" }.sorted() }
        #expect(lines(result) == lines(try SiteBuilder.check(fresh)))
    }
}

/// `python3 -m http.server` on a free loopback port, serving one folder (or another Python server
/// given as `script`, called with the port and then `arguments`).
final class StaticServer {
    let process = Process()
    let url: String

    init(folder: String = "", script: String? = nil, arguments: [String] = []) throws {
        var port: UInt16 = 0
        // A free port: bind to 0, read it back, let it go.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = UInt16(bigEndian: address.sin_port)
        close(fd)
        url = "http://127.0.0.1:\(port)/"
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = script.map { ["python3", $0, String(port)] + arguments }
            ?? ["python3", "-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", folder]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Ready when it answers.
        for _ in 0..<100 {
            let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var to = sockaddr_in()
            to.sin_family = sa_family_t(AF_INET)
            to.sin_addr.s_addr = inet_addr("127.0.0.1")
            to.sin_port = port.bigEndian
            let ok = withUnsafeMutablePointer(to: &to) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(probe, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } } == 0
            close(probe)
            if ok { return }
            usleep(50_000)
        }
    }

    /// Ends the server; polls rather than `waitUntilExit`, which can wait for ever on a child that
    /// a signal ended.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        for _ in 0..<100 where process.isRunning { usleep(20_000) }
    }
}

/// Two outputs on one file are found when the site is planned, at the setting that made them, by
/// `check` as by `build` (issue 17).
@Suite struct OutputCollisionTests {
    @Test func aKeyFileOnTheChangeListIsALocatedErrorBeforeAnythingIsWritten() throws {
        let site = Fixtures.read(Fixtures.path("mini/site.yaml")) + "indexnow_key: appealpress-changes\n"
        let content = Fixtures.copy("mini", changing: ["site.yaml": site])
        let output = Fixtures.scratch() + "/Public"
        for run in [{ _ = try SiteBuilder.check(BuildOptions(content: content, theme: Fixtures.defaultTheme, output: output, date: Day(iso: "2026-11-29")!)) },
                    { _ = try SiteBuilder.build(BuildOptions(content: content, theme: Fixtures.defaultTheme, output: output, date: Day(iso: "2026-11-29")!)) }] {
            do {
                try run()
                Issue.record("no collision found")
            } catch let error as DiagnosticError {
                let e = try #require(error.diagnostics.first { $0.message.hasPrefix("two outputs would be written to appealpress-changes.txt") }, "\(error.diagnostics)")
                #expect(e.location?.file == content + "/site.yaml")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}
