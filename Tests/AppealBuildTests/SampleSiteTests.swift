import AppealBuild
import AppealModel
import AppealPlan
import AppealRender
import AppealTestSupport
import Foundation
import Testing

/// The bundled `Content/` must build and must not repeat the errors of the page that started the
/// project (see the regression table at the top of the facts sheet).
@Suite struct SampleSiteTests {
    let renderer: SiteRenderer

    init() throws {
        let options = BuildOptions(content: Fixtures.repository + "/Content", theme: Fixtures.defaultTheme, output: "unused",
                                   date: Day(iso: "2026-11-29")!)
        let rendererSite = try SiteBuilder.prepare(options)
        renderer = rendererSite.renderer
    }

    func page(_ path: String) throws -> String {
        let index = try #require(renderer.plan.cells.firstIndex { $0.path == path }, "no page \(path)")
        return renderer.renderPage(index)
    }

    /// The HTML of one policy's ladder block on a page.
    func ladder(_ id: String, in html: String) throws -> Substring {
        let start = try #require(html.firstRange(of: "id=\"ladder-\(id)\""), "no ladder \(id)")
        let rest = html[start.upperBound...]
        return rest[..<(rest.firstRange(of: "<section class=\"ladder\"")?.lowerBound ?? rest.endIndex)]
    }

    @Test func theMatrixIsLargeAndHasSpecificArticles() {
        let plan = renderer.plan
        #expect(plan.cells.count >= 1_000)
        let counts = plan.site.entities.map(\.count)
        #expect(counts[0] >= 16 && counts[1] >= 12 && counts[2] >= 5)
        let angles = plan.site.fragments.filter { $0.section == "angle" && $0.selector.specificity == 2 }
        #expect(angles.count >= 40)
    }

    @Test func medicarePagesStateTheRightFirstDeadlines() throws {
        let html = try page("/kyphoplasty/medicare/medical-necessity/")
        let original = try ladder("original-medicare", in: html)
        #expect(original.contains("Redetermination"))
        #expect(original.contains(">120 days</strong>"))
        #expect(original.contains("CMS-20027"))
        let advantage = try ladder("medicare-advantage", in: html)
        #expect(advantage.contains(">65 calendar days</strong>") || advantage.contains(">65 days</strong>"))
        // In Part C the first appeal is a reconsideration, never a "redetermination".
        let firstStep = try #require(advantage.firstMatch(of: /class="step__name">([^<]*)</)?.1)
        #expect(firstStep == "Reconsideration")
    }

    @Test func originalMedicareNeverPromisesA72HourClaimAppeal() throws {
        let policy = try #require(renderer.plan.site.policies["original-medicare"])
        for level in policy.levels {
            #expect(level.deadline.unit != .hours && level.decision.unit != .hours, "\(level.name)")
            #expect(!level.decision.description.contains("72"), "\(level.name)")
        }
        for path in ["/kyphoplasty/medicare/medical-necessity/", "/lumbar-fusion/medicare/no-prior-authorization/"] {
            let block = try ladder("original-medicare", in: try page(path))
            let facts = block.matches(of: /<dd>(.*?)<\/dd>/).map { String($0.1) }
            #expect(!facts.isEmpty)
            #expect(!facts.contains { $0.contains("72 hours") || $0.contains("72-hour") }, "\(path)")
        }
    }

    @Test func everyPageCarriesTheDisclaimerAndAValidOffer() throws {
        let site = renderer.plan.site
        let today = renderer.plan.buildDate
        #expect(renderer.plan.cells.allSatisfy { site.offers.offers[$0.offer].isValid(on: today) })
        #expect(!renderer.plan.cells.contains { site.offers.offers[$0.offer].code == "PRIORAUTH15" })
        let html = try page("/knee-replacement/aetna/medical-necessity/")
        #expect(html.contains(Escape.html(site.config.disclaimer)))
        #expect(html.contains("coupon=SEO25"))
        #expect(html.contains("$30") && html.contains("$40"))
    }
}
