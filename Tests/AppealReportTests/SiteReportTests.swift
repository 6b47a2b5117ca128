import AppealCheck
import AppealLoad
import AppealModel
import AppealPlan
import AppealRender
import AppealReport
import AppealTestSupport
import Foundation
import Testing

@Suite struct SiteReportTests {
    func report(date: String = "2026-11-29") throws -> SiteReport {
        let (site, _) = try ContentLoader.load(from: Fixtures.path("mini"))
        let (plan, _) = try Planner.plan(site, buildDate: Day(iso: date)!)
        let renderer = SiteRenderer(plan: plan, theme: try Theme.load(from: Fixtures.defaultTheme))
        let outputs = renderer.outputs()
        // The render loop with the checker as its one consumer, as `appealpress report` runs it.
        let checker = SiteChecker(renderer: renderer, outputs: outputs)
        try renderer.renderEach(outputs) { _, i, bytes in checker.inspect(i, html: String(decoding: bytes, as: UTF8.self)) }
        return SiteReport(plan: plan, check: checker.finish(adding: SiteChecker.contentFindings(plan: plan)))
    }

    @Test func coverageCountsEveryCellOfTheMatrix() throws {
        let r = try report()
        #expect(r.summary.cells == 8 && r.summary.pages == 6)
        #expect(r.summary.fullPages == 2 && r.summary.thinPages == 4 && r.summary.excludedCells == 2)
        #expect(r.cells.count == 8)
        let excluded = r.cells.filter { $0.status == .excluded }.map { $0.values.joined(separator: "/") }
        #expect(excluded == ["lumbar-mri/aetna/experimental", "lumbar-mri/medicare/experimental"])
        let full = r.cells.filter { $0.status == .full }
        #expect(full.allSatisfy { $0.nearDuplicate && $0.warnings })
        let payers = try #require(r.dimensions.first { $0.key == "payer" })
        #expect(payers.values.map(\.slug) == ["aetna", "medicare"])
        #expect(payers.values[1].pages == 3 && payers.values[1].full == 2 && payers.values[1].excluded == 1)
    }

    @Test func offersAndPoliciesShowTheirWindowsAndAges() throws {
        let r = try report(date: "2026-12-15")
        let states = Dictionary(uniqueKeysWithValues: r.offers.map { ($0.id, $0.state) })
        #expect(states == ["seo25": .active, "medicare20": .endingSoon, "summer": .expired])
        #expect(r.offers.first { $0.id == "medicare20" }?.pages == 3)
        #expect(r.policies.first?.slug == "medicare-advantage")  // reviewed first, so oldest
        #expect(r.policies.first?.ageDays == 75)
        #expect(r.clusters.count == 1 && r.clusters[0].pages.count == 2)
    }

    @Test func theHTMLIsSelfContainedAndWellFormed() throws {
        let html = try report().html()
        #expect(!html.contains("<script"))
        #expect(!html.contains("src=\"http") && !html.contains("<link rel=\"stylesheet\""))
        #expect(html.contains("<h2>Coverage of the matrix</h2>"))
        #expect(html.contains("title=\"kyphoplasty × medicare × experimental — full, warnings, near-duplicate"))
        #expect(html.contains("offer") && html.contains("Policies by review age") && html.contains("Near-duplicate clusters"))
        let scan = HTMLScanner().scan(html)
        #expect(scan.problems.isEmpty, "\(scan.problems)")
    }

    @Test func theJSONCarriesTheSameData() throws {
        let json = try report().json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["pages"] as? Int == 6)
        #expect((object["cells"] as? [Any])?.count == 8)
        #expect((object["findings"] as? [Any])?.isEmpty == false)
    }
}
