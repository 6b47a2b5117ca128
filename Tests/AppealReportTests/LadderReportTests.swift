import AppealCheck
import AppealLoad
import AppealModel
import AppealPlan
import AppealRender
import AppealReport
import AppealTestSupport
import Foundation
import Testing

/// The report shows where each ladder lands: a map per policy in HTML, each page's list in JSON.
@Suite struct LadderReportTests {
    func report() throws -> SiteReport {
        let ma = Fixtures.read(Fixtures.path("mini/policies/medicare-advantage.yaml"))
            .replacingOccurrences(of: "reviewed: 2026-10-01\n", with: "reviewed: 2026-10-01\nexcept: { reason: experimental }\n")
        let (site, _) = try ContentLoader.load(from: Fixtures.copy("mini", changing: ["policies/medicare-advantage.yaml": ma]))
        let (plan, _) = try Planner.plan(site, buildDate: Day(iso: "2026-11-29")!)
        let renderer = SiteRenderer(plan: plan, theme: try Theme.load(from: Fixtures.defaultTheme))
        let outputs = renderer.outputs()
        // The render loop with the checker as its one consumer, as `appealpress report` runs it.
        let checker = SiteChecker(renderer: renderer, outputs: outputs)
        try renderer.renderEach(outputs) { _, i, bytes in checker.inspect(i, html: String(decoding: bytes, as: UTF8.self)) }
        return SiteReport(plan: plan, check: checker.finish(adding: SiteChecker.contentFindings(plan: plan)))
    }

    @Test func eachPolicysPagesAndRulesAreListed() throws {
        let r = try report()
        #expect(r.ladders.map(\.slug) == ["employer-erisa", "medicare-advantage", "original-medicare"])
        let ma = try #require(r.ladders.first { $0.slug == "medicare-advantage" })
        #expect(ma.pages == 2)
        #expect(ma.rules == ["policies: of payer medicare", "except: reason: experimental"])
        let cell = try #require(r.cells.first { $0.path == "/kyphoplasty/medicare/experimental/" })
        #expect(cell.ladders == ["original-medicare"])
        #expect(r.cells.first { $0.path == "/kyphoplasty/medicare/medical-necessity/" }?.ladders == ["original-medicare", "medicare-advantage"])
        #expect(r.cells.first { $0.status == .excluded }?.ladders == nil)
        #expect(r.policies.first { $0.slug == "medicare-advantage" }?.pages == 2)
    }

    @Test func theHTMLHasAMapPerPolicy() throws {
        let html = try report().html()
        #expect(html.contains("<h2>Where each appeal ladder applies</h2>"))
        #expect(html.components(separatedBy: "<div class=\"ladder-map\"").count == 4)
        // Medicare × kyphoplasty: one of its two pages shows Medicare Advantage, and the title says which.
        #expect(html.contains("title=\"kyphoplasty × medicare: 1 of 2 pages: medical-necessity\""))
        #expect(html.contains("<code>except: reason: experimental</code>"))
        #expect(HTMLScanner().scan(html).problems.isEmpty)
    }

    @Test func theJSONCarriesEachPagesLadders() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try report().json().utf8)) as? [String: Any])
        let ladders = try #require(object["ladders"] as? [[String: Any]])
        #expect(ladders.count == 3)
        let cells = try #require(object["cells"] as? [[String: Any]])
        let page = try #require(cells.first { $0["path"] as? String == "/lumbar-mri/aetna/medical-necessity/" })
        #expect(page["ladders"] as? [String] == ["employer-erisa"])
    }
}
