import AppealBuild
import AppealCheck
import AppealModel
import AppealTestSupport
import Foundation
import Testing

/// A rebuild after one fragment is edited, with the checks on, rewrites exactly the pages that use
/// the fragment and reports the same findings as a full build of the edited content.
@Suite struct IncrementalChecksTests {
    static func lines(_ report: BuildReport, roots: [String]) -> [String] {
        report.check.findings.map { f in
            var text = "\(f.category.rawValue) \(f.diagnostic.location?.description ?? "-") \(f.diagnostic.message) | \(f.diagnostic.hint ?? "") | \(f.pages.sorted())"
            for root in roots { text = text.replacingOccurrences(of: root, with: "<content>") }
            return text
        }.sorted()
    }

    /// A copy of the mini fixture, and options building it into a new output on 2026-11-29.
    static func miniSite() -> (content: String, options: BuildOptions) {
        let content = Fixtures.copy("mini")
        return (content, BuildOptions(content: content, theme: Fixtures.defaultTheme, output: Fixtures.scratch() + "/Public", date: Day(iso: "2026-11-29")!))
    }

    /// A build of the same content into a new output: what a rebuild must find.
    static func fullBuild(_ options: BuildOptions) throws -> BuildReport {
        var fresh = options
        fresh.output = Fixtures.scratch() + "/Public"
        return try SiteBuilder.build(fresh)
    }

    @Test func anEditedFragmentRechecksToTheFindingsOfAFullBuild() throws {
        let (content, options) = Self.miniSite()
        let first = try SiteBuilder.build(options)
        #expect(first.checkedPages && first.committed)

        // The Medicare checklist lands on the three Medicare pages; the edit adds a broken link and a typed deadline.
        let file = content + "/sections/checklist-medicare.md"
        try (Fixtures.read(file) + "\nSee [the form](/guides/nowhere/). You have 60 days to appeal.\n").write(toFile: file, atomically: true, encoding: .utf8)
        let rebuilt = try SiteBuilder.build(options)
        #expect(rebuilt.changes.changed.sorted() == ["/kyphoplasty/medicare/experimental/", "/kyphoplasty/medicare/medical-necessity/",
                                                     "/lumbar-mri/medicare/medical-necessity/"])
        #expect(rebuilt.changes.added.isEmpty && rebuilt.changes.removed.isEmpty)

        let full = try Self.fullBuild(options)
        let incremental = Self.lines(rebuilt, roots: [content]), whole = Self.lines(full, roots: [content])
        #expect(incremental == whole)
        #expect(incremental.contains { $0.contains("broken link `/guides/nowhere/`") })
        #expect(incremental.contains { $0.contains("“60 days” contradicts the policy data") })
        #expect(rebuilt.written < first.written)
        // The pages that did not change were checked from what the first build kept of them.
        #expect(first.check.pagesFromSummaries == 0)
        #expect(rebuilt.check.pagesFromSummaries >= first.pages - 3)
        // The same pages and files as the first build: their links were counted, not checked again.
        #expect(rebuilt.check.linksFromSummaries == rebuilt.check.pagesFromSummaries)
    }

    /// A summary's link targets hold for a site of the same pages and files only: once a page is
    /// added (every page after it moves in the output list), unchanged pages have their links
    /// checked again, and the findings are those of a full build.
    @Test func linksAreCheckedAgainWhenTheSitesPagesChange() throws {
        let (content, options) = Self.miniSite()
        _ = try SiteBuilder.build(options)
        // A new denial reason: new pages and hubs, and every page after them moves in the output list.
        let reasons = content + "/reasons"
        try Fixtures.read(reasons + "/experimental.md").replacingOccurrences(of: "experimental", with: "out-of-network")
            .write(toFile: reasons + "/not-covered.md", atomically: true, encoding: .utf8)
        let rebuilt = try SiteBuilder.build(options)
        #expect(rebuilt.check.pagesFromSummaries > 0)
        #expect(rebuilt.check.linksFromSummaries == 0)
        let full = try Self.fullBuild(options)
        #expect(Self.lines(rebuilt, roots: [content]) == Self.lines(full, roots: [content]))
        // And the next rebuild, with nothing changed since, counts them from the new summaries again.
        let file = content + "/sections/checklist-medicare.md"
        try (Fixtures.read(file) + "\nOne more line.\n").write(toFile: file, atomically: true, encoding: .utf8)
        let again = try SiteBuilder.build(options)
        #expect(again.check.linksFromSummaries > 0)
        #expect(again.check.linksFromSummaries == again.check.pagesFromSummaries)
    }

    /// `check` after a build takes the pages the build wrote with the same bytes from what it kept,
    /// and finds what it finds without them.
    @Test func checkUsesTheSummariesOfTheLastBuild() throws {
        let site = Self.miniSite()
        let content = site.content
        var options = site.options
        _ = try SiteBuilder.build(options)
        let file = content + "/sections/checklist-medicare.md"
        try (Fixtures.read(file) + "\nSee [the form](/guides/nowhere/).\n").write(toFile: file, atomically: true, encoding: .utf8)
        options.ownLedgerOnly = true
        let withSummaries = try SiteBuilder.check(options)
        let prepared = try SiteBuilder.prepare(options)
        let without = SiteBuilder.checkPages(prepared)
        #expect(withSummaries.pagesFromSummaries > 0)
        #expect(without.pagesFromSummaries == 0)
        // The three Medicare pages changed: they are scanned, and their new broken link is found.
        #expect(withSummaries.pagesFromSummaries <= withSummaries.pages.count - 3)
        func lines(_ r: CheckResult) -> [String] {
            r.findings.map { "\($0.category.rawValue) \($0.diagnostic.location?.description ?? "-") \($0.diagnostic.message) | \($0.pages.sorted())" }.sorted()
        }
        #expect(lines(withSummaries) == lines(without))
        #expect(lines(withSummaries).contains { $0.contains("broken link `/guides/nowhere/`") })
    }

    /// `check` after a build does not render the pages whose inputs that build had: it takes their
    /// bytes' summaries, by the hashes the output's ledger holds. What it finds is what a check that
    /// renders everything finds, also after a `build --no-check` left the summaries behind the pages.
    @Test func checkAfterABuildRendersOnlyWhatChanged() throws {
        let site = Self.miniSite()
        let content = site.content
        var options = site.options
        let first = try SiteBuilder.build(options)
        options.ownLedgerOnly = true
        func lines(_ r: CheckResult) -> [String] {
            r.findings.map { "\($0.category.rawValue) \($0.diagnostic.location?.description ?? "-") \($0.diagnostic.message) | \($0.pages.sorted())" }.sorted()
        }
        func cold() throws -> CheckResult { SiteBuilder.checkPages(try SiteBuilder.prepare(options)) }

        // Nothing changed: every page with a fingerprint (6 pages, 4 guided hubs) is taken unrendered.
        let unchanged = try SiteBuilder.check(options)
        #expect(first.pages == 6)
        #expect(unchanged.pagesNotRendered == 6 + 4)
        #expect(lines(unchanged) == lines(try cold()))

        // The Medicare checklist: its 3 pages and the 2 Medicare hubs are rendered, and the new broken link found.
        let file = content + "/sections/checklist-medicare.md"
        try (Fixtures.read(file) + "\nSee [the form](/guides/nowhere/).\n").write(toFile: file, atomically: true, encoding: .utf8)
        let edited = try SiteBuilder.check(options)
        #expect(edited.pagesNotRendered == 3 + 2)
        #expect(lines(edited) == lines(try cold()))
        #expect(lines(edited).contains { $0.contains("broken link `/guides/nowhere/`") })

        // A build without checks writes those pages but keeps no summaries: the 3 pages are rendered
        // and scanned. The hubs it made again have the bytes they had (a checklist is not on them):
        // their summaries stand.
        var noCheck = site.options
        noCheck.check = false
        _ = try SiteBuilder.build(noCheck)
        let behind = try SiteBuilder.check(options)
        #expect(behind.pagesNotRendered == 3 + 4)
        #expect(lines(behind) == lines(try cold()))

        // Another output folder (no build there): everything is rendered.
        var elsewhere = options
        elsewhere.output = Fixtures.scratch() + "/Public"
        #expect(try SiteBuilder.check(elsewhere).pagesNotRendered == 0)
    }

    /// The summaries file beside the output is a cache: cut, corrupt or missing, the rebuild reads
    /// the pages instead and finds the same.
    @Test func aDamagedSummariesFileIsReadAsNone() throws {
        let (content, options) = Self.miniSite()
        _ = try SiteBuilder.build(options)
        let summaries = (options.output as NSString).deletingLastPathComponent + "/.Public.checks"
        let bytes = try #require(FileManager.default.contents(atPath: summaries))
        #expect(bytes.count > 1_000)
        let file = content + "/sections/checklist-medicare.md"
        for (n, damaged) in [bytes.prefix(bytes.count / 2), Data(bytes.map { $0 ^ 0x5A }), Data()].enumerated() {
            try damaged.write(to: URL(fileURLWithPath: summaries))
            try (Fixtures.read(file) + "\nEdit \(n).\n").write(toFile: file, atomically: true, encoding: .utf8)
            let rebuilt = try SiteBuilder.build(options)
            #expect(rebuilt.check.pagesFromSummaries == 0, "damage \(n)")
            let full = try Self.fullBuild(options)
            #expect(Self.lines(rebuilt, roots: [content]) == Self.lines(full, roots: [content]), "damage \(n)")
        }
    }
}
