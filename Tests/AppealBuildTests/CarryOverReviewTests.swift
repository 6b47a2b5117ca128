import AppealBuild
import AppealCheck
import AppealModel
import AppealTestSupport
import Foundation
import Testing

/// Issue 16, review 3: inputs that change what a page or a guided hub shows while no fingerprint
/// looked at them. After each edit, a rebuild's pages are byte for byte those of a full build of the
/// edited content, and `check` in the output finds what a check that renders everything finds.
@Suite struct CarryOverReviewTests {
    static let date = Day(iso: "2026-11-29")!

    static func page(_ slug: String, title: String, label: String) -> String {
        "---\ntitle: \(title)\ndescription: A standalone page of the fixture site, for the rebuild tests of AppealPress.\nmenu: footer\nmenu_label: \(label)\n---\nWhat this fixture site is.\n"
    }

    static func options(_ content: String) -> BuildOptions {
        BuildOptions(content: content, theme: Fixtures.defaultTheme, output: Fixtures.scratch() + "/Public", date: date)
    }

    /// The pages of a full build of `content` into a new folder.
    static func fresh(_ content: String) throws -> [String: Data] {
        let out = Fixtures.scratch() + "/Public"
        _ = try SiteBuilder.build(BuildOptions(content: content, theme: Fixtures.defaultTheme, output: out, date: date))
        return try GuidedHubRebuildTests.pages(out)
    }

    /// Files whose bytes differ between two builds, by path.
    static func differences(_ a: [String: Data], _ b: [String: Data]) -> [String] {
        Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
    }

    /// The rebuilt output's pages are those of a full build of `content`.
    static func expectSame(_ output: String, _ content: String) throws {
        let differ = differences(try GuidedHubRebuildTests.pages(output), try fresh(content))
        #expect(differ == [])
    }

    static func lines(_ r: CheckResult) -> [String] {
        r.findings.map { "\($0.category.rawValue) \($0.diagnostic.location?.description ?? "-") \($0.diagnostic.message) | \($0.pages.sorted())" }.sorted()
    }

    /// Every page's footer lists the standalone pages with `menu: footer`: adding one, renaming one
    /// or taking one away changes every page and every guided hub.
    @Test func aFooterPageIsAnInputOfEveryPage() throws {
        let content = Fixtures.copy("mini")
        try FileManager.default.createDirectory(atPath: content + "/pages", withIntermediateDirectories: true)
        try Self.page("about", title: "About the fixture", label: "About us").write(toFile: content + "/pages/about.md", atomically: true, encoding: .utf8)
        let options = Self.options(content)
        _ = try SiteBuilder.build(options)
        let hub = options.output + "/procedures/kyphoplasty/aetna/index.html"
        #expect(Fixtures.read(hub).contains(">About us</a>"))

        // A second footer page.
        try Self.page("privacy", title: "Privacy", label: "Privacy").write(toFile: content + "/pages/privacy.md", atomically: true, encoding: .utf8)
        _ = try SiteBuilder.build(options)
        #expect(Fixtures.read(hub).contains(">Privacy</a>"))
        try Self.expectSame(options.output, content)

        // Its label changes.
        try Self.page("privacy", title: "Privacy", label: "Your privacy").write(toFile: content + "/pages/privacy.md", atomically: true, encoding: .utf8)
        _ = try SiteBuilder.build(options)
        #expect(Fixtures.read(hub).contains(">Your privacy</a>"))
        try Self.expectSame(options.output, content)

        // It goes (gone for good, 410): `check` in the output must not find the stale footer's link to it.
        try Self.removePrivacyAndCheck(content, options)
        _ = try SiteBuilder.build(options)
        #expect(!Fixtures.read(hub).contains("privacy"))
        try Self.expectSame(options.output, content)
    }
}

extension CarryOverReviewTests {
    /// `check` in the output after a footer page is gone: the pages it does not render are those
    /// whose inputs the last build had, and the footer is one of them; no broken link to the page.
    @Test func checkAfterAFooterPageIsGoneFindsWhatAFullCheckFinds() throws {
        let content = Fixtures.copy("mini")
        try FileManager.default.createDirectory(atPath: content + "/pages", withIntermediateDirectories: true)
        try Self.page("about", title: "About the fixture", label: "About us").write(toFile: content + "/pages/about.md", atomically: true, encoding: .utf8)
        try Self.page("privacy", title: "Privacy", label: "Privacy").write(toFile: content + "/pages/privacy.md", atomically: true, encoding: .utf8)
        let options = Self.options(content)
        _ = try SiteBuilder.build(options)
        #expect(Fixtures.read(options.output + "/procedures/kyphoplasty/aetna/index.html").contains(">Privacy</a>"))
        try Self.removePrivacyAndCheck(content, options)
    }

    /// Deletes `pages/privacy.md` (gone for good, 410), then expects `check` in the last build's
    /// output to find what a check that renders everything finds: no link to the page.
    static func removePrivacyAndCheck(_ content: String, _ built: BuildOptions) throws {
        try FileManager.default.removeItem(atPath: content + "/pages/privacy.md")
        try "redirects:\n  - { from: /privacy/, status: 410 }\n".write(toFile: content + "/redirects.yaml", atomically: true, encoding: .utf8)
        var options = built
        options.ownLedgerOnly = true
        let checked = try SiteBuilder.check(options)
        let cold = SiteBuilder.checkPages(try SiteBuilder.prepare(options))
        #expect(lines(checked) == lines(cold))
        #expect(!lines(checked).contains { $0.contains("/privacy/") })
    }

    /// A standalone page outside the menus is an input of its own page: an edit to its text is built.
    @Test func anEditedStandalonePageIsBuiltAgain() throws {
        let content = Fixtures.copy("mini")
        try FileManager.default.createDirectory(atPath: content + "/pages", withIntermediateDirectories: true)
        let file = content + "/pages/about.md"
        try Self.page("about", title: "About the fixture", label: "About us").replacingOccurrences(of: "menu: footer\n", with: "")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let options = Self.options(content)
        _ = try SiteBuilder.build(options)
        try GuidedHubRebuildTests.append("A second sentence about the fixture.\n", to: file)
        let report = try SiteBuilder.build(options)
        #expect(report.written > 0)
        #expect(Fixtures.read(options.output + "/about/index.html").contains("A second sentence about the fixture."))
        try Self.expectSame(options.output, content)
    }


    /// Approves every input file of `content` as it is now, with `review: required` in site.yaml.
    static func approveAll(_ content: String) throws {
        try """
        reviewers:
          - id: sample-placeholder
            kind: organization
            name: AppealPress sample reviewer (replace before publishing)
            credentials: "a placeholder: no clinical or legal review"
            role: editorial

        """.write(toFile: content + "/reviewers.yaml", atomically: true, encoding: .utf8)
        let skip: Set<String> = ["site.yaml", "matrix.yaml", "reviewers.yaml", "reviews.yaml"]
        var lines = ["version: 1", "reviews:"]
        for file in try FileManager.default.subpathsOfDirectory(atPath: content).sorted()
        where (file.hasSuffix(".md") || file.hasSuffix(".yaml") || file.hasSuffix(".csv")) && !skip.contains(file) {
            let digest = SHA256.hex(Fixtures.read(content + "/" + file))
            lines.append("  - { file: \(file), reviewer: sample-placeholder, date: 2026-11-20, sha256: \(digest) }")
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: content + "/reviews.yaml", atomically: true, encoding: .utf8)
        let site = content + "/site.yaml"
        if !Fixtures.read(site).contains("review: required") { try GuidedHubRebuildTests.append("review: required\n", to: site) }
    }

    /// With `review: required`, a page is indexable while the files it is built from are reviewed as
    /// they are now. Values read from a spreadsheet share one file: an edit to one row takes every
    /// page and guided hub of the others out of the index too, though their rows did not change.
    @Test func aSpreadsheetRowEditUnreviewsThePagesOfTheOtherRows() throws {
        let content = Fixtures.copy("mini", changing: ["procedures/kyphoplasty.md": nil, "procedures/lumbar-mri.md": nil,
                                                       "procedures/procedures.csv": Fixtures.read(Fixtures.path("spreadsheet/procedures.csv"))])
        // Short pages indexable too, so the guided hubs are indexable while reviewed.
        let site = content + "/site.yaml"
        try Fixtures.read(site).replacingOccurrences(of: "thin_pages: noindex", with: "thin_pages: index").write(toFile: site, atomically: true, encoding: .utf8)
        try Self.approveAll(content)
        let options = Self.options(content)
        _ = try SiteBuilder.build(options)
        let hub = options.output + "/procedures/kyphoplasty/medicare/index.html"
        let page = options.output + "/kyphoplasty/medicare/medical-necessity/index.html"
        #expect(Fixtures.read(hub).contains("<meta name=\"robots\" content=\"index,follow\">"))
        #expect(Fixtures.read(page).contains("<meta name=\"robots\" content=\"index,follow\">"))

        // Another procedure's row: the spreadsheet is no longer the version that was reviewed.
        let csv = content + "/procedures/procedures.csv"
        let text = Fixtures.read(csv)
        #expect(text.contains("lumbar-mri,Lumbar spine MRI,lumbar MRI,"))
        try text.replacingOccurrences(of: "lumbar-mri,Lumbar spine MRI,lumbar MRI,", with: "lumbar-mri,Lumbar spine MRI,lumbar spine MRI,")
            .write(toFile: csv, atomically: true, encoding: .utf8)
        _ = try SiteBuilder.build(options)
        #expect(Fixtures.read(hub).contains("<meta name=\"robots\" content=\"noindex,follow\">"))
        #expect(Fixtures.read(page).contains("<meta name=\"robots\" content=\"noindex,follow\">"))
        try Self.expectSame(options.output, content)

        // Approved again: back in the index.
        try Self.approveAll(content)
        _ = try SiteBuilder.build(options)
        #expect(Fixtures.read(hub).contains("<meta name=\"robots\" content=\"index,follow\">"))
        try Self.expectSame(options.output, content)
    }
}

extension CarryOverReviewTests {
    /// A spreadsheet row's cells say nothing of the columns they are in: two columns whose headers
    /// trade places give the same cells other meanings, and every page of those values changes.
    @Test func spreadsheetColumnsThatTradeHeadersAreBuiltAgain() throws {
        let content = Fixtures.copy("mini", changing: ["procedures/kyphoplasty.md": nil, "procedures/lumbar-mri.md": nil,
                                                       "procedures/procedures.csv": Fixtures.read(Fixtures.path("spreadsheet/procedures.csv"))])
        let options = Self.options(content)
        _ = try SiteBuilder.build(options)
        let csv = content + "/procedures/procedures.csv"
        let text = Fixtures.read(csv)
        let header = "slug,name,short_name,policies,criteria.title,criteria.source,"
        #expect(text.hasPrefix(header))
        try ("slug,name,short_name,policies,criteria.source,criteria.title," + text.dropFirst(header.count)).write(toFile: csv, atomically: true, encoding: .utf8)
        let report = try SiteBuilder.build(options)
        #expect(report.rendered.pages > 0)
        try Self.expectSame(options.output, content)
    }
}
