import AppealBuild
import AppealCheck
import AppealModel
import AppealServe
import AppealTestSupport
import Foundation
import Testing

/// `build`, `check`, a `build` with nothing to do and `serve` run the same pipeline, so for the same
/// content they report the same findings: content checks (a typed deadline that contradicts the
/// ladder, an expired offer) and page checks (near-duplicates, titles) alike.
@Suite struct OneSetOfFindingsTests {
    static let date = Day(iso: "2026-11-29")!

    /// A finding as every command prints it: a build without --strict reports errors as warnings.
    struct Reported: Hashable, CustomStringConvertible {
        var category: CheckCategory
        var diagnostic: Diagnostic
        init(_ f: Finding) {
            category = f.category
            diagnostic = f.diagnostic
            diagnostic.severity = .warning
        }
        var description: String { "\(category): \(diagnostic)" }
    }

    @Test func buildCheckNoOpBuildAndServeReportTheSameFindings() throws {
        let angle = "sections/angles/kyphoplasty--medicare.md"
        let content = Fixtures.copy("mini", changing: [angle: Fixtures.read(Fixtures.path("mini/" + angle)) + "\nYou have 60 days to appeal.\n"])
        let output = Fixtures.scratch() + "/Public"
        let options = BuildOptions(content: content, theme: Fixtures.defaultTheme, output: output, date: Self.date)

        let built = try SiteBuilder.build(options)
        #expect(built.written > 0 && built.checkedPages)
        let fromBuild = Set(built.check.findings.map(Reported.init))
        // Known findings of both kinds, so the comparison cannot pass on two empty lists.
        #expect(fromBuild.contains { $0.category == .facts && $0.diagnostic.message.contains("“60 days” contradicts the policy data") })
        #expect(fromBuild.contains { $0.category == .freshness && $0.diagnostic.message.contains("offer `summer` expired") })
        #expect(fromBuild.contains { $0.category == .duplicates })

        let checked = try SiteBuilder.check(options)
        #expect(checked.errorCount == 1, "check keeps the fact error an error")
        #expect(Set(checked.findings.map(Reported.init)) == fromBuild)

        let noOp = try SiteBuilder.build(options)
        #expect(noOp.written == 0 && noOp.unchanged == built.files)
        #expect(Set(noOp.check.findings.map(Reported.init)) == fromBuild)

        // Touched but unchanged: the second shortcut (inputs read, nothing rendered) reports them too.
        let site = content + "/site.yaml"
        try Fixtures.read(site).write(toFile: site, atomically: true, encoding: .utf8)
        let replanned = try SiteBuilder.build(options)
        #expect(replanned.written == 0)
        #expect(Set(replanned.check.findings.map(Reported.init)) == fromBuild)

        // --no-check drops only the page checks.
        var noCheck = options
        noCheck.check = false
        let contentOnly = Set(try SiteBuilder.build(noCheck).check.findings.map(Reported.init))
        #expect(contentOnly == fromBuild.filter { [.content, .facts, .freshness, .unused].contains($0.category) })
        #expect(contentOnly.contains { $0.category == .facts })

        let server = try PreviewServer(options: ServeOptions(content: content, theme: Fixtures.defaultTheme, date: Self.date,
                                                            host: "127.0.0.1", port: 0, pollInterval: 0.05))
        defer { server.stop() }
        let first = server.start()
        #expect(first.ok)
        let served = Set(server.waitForChecks().map(Reported.init))
        #expect(served == fromBuild, "only in serve: \(served.subtracting(fromBuild)); only in build: \(fromBuild.subtracting(served))")
    }
}
