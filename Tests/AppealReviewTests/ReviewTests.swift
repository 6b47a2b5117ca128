import AppealBuild
import AppealCheck
import AppealLoad
import AppealModel
import AppealPlan
import AppealRender
@testable import AppealReview
import AppealTestSupport
import Foundation
import Testing

/// Reviews are records tied to content: approve, edit, and what pages and checks make of them.
@Suite struct ReviewTests {
    static let reviewers = """
    reviewers:
      - { id: dr-lee, name: Dana Lee, credentials: "MD, internal medicine", role: clinical, url: "https://lee.test/about" }
      - { id: legal-team, kind: organization, name: Appeals Legal Team, role: legal }

    """
    static let date = Day(iso: "2026-11-29")!

    /// A copy of the mini fixture with reviewers, and `review: required` unless told otherwise.
    func site(required: Bool = true) -> String {
        let site = Fixtures.read(Fixtures.path("mini") + "/site.yaml") + (required ? "review: required\n" : "")
        return Fixtures.copy("mini", changing: ["reviewers.yaml": Self.reviewers, "site.yaml": site])
    }

    func approve(_ paths: [String], by reviewer: String, on day: String = "2026-11-20", in content: String) throws {
        let approval = try ReviewDesk.approve(paths, by: reviewer, on: Day(iso: day)!, content: content)
        try ReviewDesk.write(approval.ledger, content: content)
    }

    func status(_ content: String) throws -> ReviewStatus { try ReviewStatus.of(content: content, date: Self.date).0 }

    func prepared(_ content: String) throws -> PreparedSite {
        try SiteBuilder.prepare(BuildOptions(content: content, theme: Fixtures.defaultTheme, output: "", date: Self.date))
    }

    func renderer(_ content: String) throws -> SiteRenderer { try prepared(content).renderer }

    func page(_ r: SiteRenderer, _ path: String) throws -> String {
        r.renderPage(try #require(r.plan.cells.firstIndex { $0.path == path }))
    }

    /// A standalone page is an input like any other: approving it makes it indexable under
    /// `review: required`, status counts the one page it makes, and an edit makes it stale.
    @Test func aStandalonePageIsReviewedLikeAnyInput() throws {
        let page = "---\ntitle: About\ndescription: What this fixture site is, for the review tests of standalone pages.\n---\nAbout {{ site.name }}.\n"
        let content = site()
        let file = content + "/pages/about.md"
        try FileManager.default.createDirectory(atPath: content + "/pages", withIntermediateDirectories: true)
        try page.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try status(content).never.contains { $0.file == file })
        #expect(try prepared(content).renderer.plan.pageIndexable == [false], "unreviewed: noindex")
        try approve([file], by: "dr-lee", in: content)
        let reviewed = try #require(try status(content).reviewed.first { $0.file == file })
        #expect(reviewed.pages == 1 && reviewed.examples == ["/about/"])
        #expect(try prepared(content).renderer.plan.pageIndexable == [true])
        try (page + "More.\n").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try status(content).stale.contains { $0.file == file })
    }

    @Test func approveThenStatusShowsReviewedAndAnEditMakesItStale() throws {
        let content = site()
        #expect(try status(content).reviewed.isEmpty)
        #expect(try status(content).never.count == 14)
        try approve([content + "/sections/lede.md", "offers.yaml"], by: "dr-lee", in: content)
        let ledger = Fixtures.read(content + "/reviews.yaml")
        let lede = SHA256.hex(Fixtures.read(content + "/sections/lede.md"))
        #expect(ledger.contains("  - { file: offers.yaml, reviewer: dr-lee, date: 2026-11-20, sha256: \(SHA256.hex(Fixtures.read(content + "/offers.yaml"))) }\n"
                                + "  - { file: sections/lede.md, reviewer: dr-lee, date: 2026-11-20, sha256: \(lede) }\n"))
        var now = try status(content)
        #expect(now.reviewed.map(\.file) == [content + "/offers.yaml", content + "/sections/lede.md"])
        let reviewedLede = try #require(now.reviewed.last)
        #expect(reviewedLede.pages == 6 && reviewedLede.examples.count == 3 && reviewedLede.reviews.first?.reviewer == "dr-lee")
        #expect(now.never.count == 12 && now.stale.isEmpty)
        #expect(now.heldBack == 2)

        // Any change to the file, even a comma, and the record no longer matches.
        try (Fixtures.read(content + "/sections/lede.md") + ",").write(toFile: content + "/sections/lede.md", atomically: true, encoding: .utf8)
        now = try status(content)
        #expect(now.stale.map(\.file) == [content + "/sections/lede.md"])
        #expect(now.stale.first?.reviews.first?.current == false)
        #expect(now.text.contains("Stale: changed since reviewed — 1 file\n  \(content)/sections/lede.md: last reviewed by dr-lee on 2026-11-20; 6 pages, e.g. "))
        let json = try #require(JSONSerialization.jsonObject(with: Data(now.json().utf8)) as? [String: Any])
        #expect((json["stale"] as? [[String: Any]])?.first?["state"] as? String == "stale")

        // Approving again (a folder works too) replaces that reviewer's record; the file is reviewed again.
        try approve([content + "/sections"], by: "dr-lee", on: "2026-11-22", in: content)
        now = try status(content)
        #expect(now.stale.isEmpty && now.reviewed.contains { $0.file == content + "/sections/lede.md" && $0.reviews.map(\.date) == ["2026-11-22"] })
        #expect(Fixtures.read(content + "/reviews.yaml").components(separatedBy: "file: sections/lede.md").count == 2)
    }

    @Test func theGateMakesPagesNoindexAndPagesSayWhoReviewedThemFromTheRecords() throws {
        let content = site()
        try approve([content], by: "dr-lee", in: content)
        try approve([content + "/sections/angles/kyphoplasty--medicare.md"], by: "legal-team", on: "2026-11-25", in: content)
        // Edited after its review: experimental's page (a full page) waits for a new review.
        try (Fixtures.read(content + "/reasons/experimental.md") + "\nMore.\n").write(toFile: content + "/reasons/experimental.md", atomically: true, encoding: .utf8)

        let site = try prepared(content)
        let r = site.renderer
        let held = "/kyphoplasty/medicare/experimental/", open = "/kyphoplasty/medicare/medical-necessity/"
        let heldCell = try #require(r.plan.cells.first { $0.path == held })
        #expect(heldCell.needsReview && !heldCell.thin && !r.isIndexable(heldCell))
        let sitemap = r.sitemapFiles().map(\.1).joined()
        #expect(!sitemap.contains(held) && sitemap.contains(open))
        let heldPage = try page(r, held)
        #expect(heldPage.contains("content=\"noindex,follow\""))
        #expect(!heldPage.contains("Reviewed by") && !heldPage.contains("reviewedBy"))

        let openPage = try page(r, open)
        #expect(openPage.contains("content=\"index,follow\""))
        #expect(openPage.contains("<p>Reviewed by Appeals Legal Team on <time datetime=\"2026-11-25\">November 25, 2026</time></p>"))
        #expect(openPage.contains("<p>Reviewed by <a href=\"https://lee.test/about\">Dana Lee, MD, internal medicine</a> on <time datetime=\"2026-11-20\">November 20, 2026</time></p>"))
        #expect(openPage.contains(#""reviewedBy":[{"@type":"Organization","name":"Appeals Legal Team"},{"@type":"Person","name":"Dana Lee","url":"https://lee.test/about"}],"lastReviewed":"2026-11-25""#))
        // The policies' typed `reviewed:` dates are not presented as reviews.
        #expect(!openPage.contains("2026-10-01") && !openPage.contains("Checked against"))

        // `check` names the file that holds pages back, with how many; --strict makes it fail.
        let check = SiteBuilder.checkPages(site)
        let finding = try #require(check.findings.first { $0.category == .reviews })
        #expect(finding.diagnostic.location?.file == content + "/reasons/experimental.md")
        #expect(finding.diagnostic.message == "changed since `dr-lee` reviewed it on 2026-11-20, so 1 page is built noindex and left out of the sitemap (`review: required` in site.yaml)")
        #expect(finding.pageCount == 1 && finding.examples == [held])
        #expect(check.findings.filter { $0.category == .reviews }.count == 1)
        #expect(!check.fails(strict: false) && check.fails(strict: true))
    }

    @Test func optionalReviewsShowButDoNotGate() throws {
        let content = site(required: false)
        try approve([content + "/offers.yaml"], by: "dr-lee", in: content)
        let site = try prepared(content)
        let r = site.renderer
        let open = try #require(r.plan.cells.first { $0.path == "/kyphoplasty/medicare/medical-necessity/" })
        #expect(open.needsReview && r.isIndexable(open))
        #expect(!(try page(r, open.path)).contains("Reviewed by"))
        #expect(!site.findings.contains { $0.category == .reviews })
    }

    @Test func badApprovalsAreLocatedErrorsAndWriteNothing() throws {
        let content = site()
        func errors(_ paths: [String], by reviewer: String = "dr-lee", on day: String = "2026-11-20") -> [Diagnostic] {
            do {
                _ = try ReviewDesk.approve(paths, by: reviewer, on: Day(iso: day)!, content: content)
                return []
            } catch {
                return error.diagnostics
            }
        }
        let unknown = try #require(errors(["offers.yaml"], by: "dr-le").error(containing: "unknown reviewer `dr-le`"))
        #expect(unknown.location == SourceLocation(file: content + "/reviewers.yaml", line: 1, column: 1))
        #expect(unknown.hint?.contains("did you mean `dr-lee`?") == true)
        #expect(errors([content + "/sections/nope.md"]).error(containing: "`\(content)/sections/nope.md` does not exist")?.location?.file == content + "/sections/nope.md")
        #expect(errors([content + "/site.yaml"]).error(containing: "is not a file pages are built from") != nil)
        #expect(errors(["offers.yaml"], on: "2999-01-01").error(containing: "is in the future") != nil)
        #expect(!FileManager.default.fileExists(atPath: content + "/reviews.yaml"))
    }
}
