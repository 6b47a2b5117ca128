import AppealCheck
import AppealLoad
import AppealModel
import AppealPlan
import AppealRender
import AppealReport
import AppealTestSupport
import Foundation
import Testing

/// The report marks the cells whose pages wait for a review.
@Suite struct ReviewReportTests {
    @Test func unreviewedCellsAreMarked() throws {
        let lede = Fixtures.read(Fixtures.path("mini") + "/sections/lede.md")
        let content = Fixtures.copy("mini", changing: [
            "site.yaml": Fixtures.read(Fixtures.path("mini") + "/site.yaml") + "review: required\n",
            "reviewers.yaml": "reviewers:\n  - { id: ed, kind: organization, name: Editors, role: editorial }\n",
            "reviews.yaml": "version: 1\nreviews:\n  - { file: sections/lede.md, reviewer: ed, date: 2026-11-20, sha256: \(SHA256.hex(lede)) }\n",
        ])
        let (site, _) = try ContentLoader.load(from: content)
        let (plan, _) = try Planner.plan(site, buildDate: Day(iso: "2026-11-29")!)
        let renderer = SiteRenderer(plan: plan, theme: try Theme.load(from: Fixtures.defaultTheme))
        let outputs = renderer.outputs()
        let checker = SiteChecker(renderer: renderer, outputs: outputs)
        try renderer.renderEach(outputs) { _, i, bytes in checker.inspect(i, html: String(decoding: bytes, as: UTF8.self)) }
        let report = SiteReport(plan: plan, check: checker.finish(adding: SiteChecker.contentFindings(plan: plan)))
        #expect(report.review == "required")
        #expect(report.summary.unreviewedPages == 6)
        #expect(report.cells.filter { $0.path != nil }.allSatisfy { $0.unreviewed })
        let html = report.html()
        #expect(html.contains("unreviewed pages"))
        #expect(html.contains("sq full unrev") && html.contains("awaiting review (noindex)"))
        let json = report.json()
        #expect(json.contains("\"unreviewed\" : true") || json.contains("\"unreviewed\":true"))
        // Review findings are listed with the rest, one per file that holds back an otherwise indexable page: the two
        // full pages' offers, values (2 + 2), angle, checklist and two ladders; the reviewed lede is not among them.
        #expect(report.findings.filter { $0.category == "reviews" }.count == 9)
    }
}
