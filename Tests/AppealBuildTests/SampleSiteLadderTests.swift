import AppealBuild
import AppealModel
import AppealPlan
import AppealRender
import AppealTestSupport
import Foundation
import Testing

/// On the bundled site, each page shows the ladders that apply to its cell: TRICARE's two paths split
/// by reason, Part D only on drug pages of payers with Medicare plans.
@Suite struct SampleSiteLadderTests {
    let renderer: SiteRenderer

    init() throws {
        renderer = try Self.prepare(Fixtures.repository + "/Content")
    }

    static func prepare(_ content: String) throws -> SiteRenderer {
        let options = BuildOptions(content: content, theme: Fixtures.defaultTheme, output: "unused", date: Day(iso: "2026-11-29")!)
        let prepared = try SiteBuilder.prepare(options)
        return prepared.renderer
    }

    func page(_ path: String, _ renderer: SiteRenderer? = nil) throws -> (ladders: [String], html: String) {
        let r = renderer ?? self.renderer
        let index = try #require(r.plan.cells.firstIndex { $0.path == path }, "no page \(path)")
        let html = r.renderPage(index)
        let ids = html.matches(of: /<section class="ladder" id="ladder-([a-z0-9-]+)"/).map { String($0.1) }
        return (ids, html)
    }

    func hubLadders(_ dimension: String, _ slug: String) throws -> [String] {
        let site = renderer.plan.site
        let d = try #require(site.matrix.dimensionIndex(dimension))
        let e = try #require(site.entities[d].firstIndex { $0.slug == slug })
        let html = try #require(renderer.renderHub(dimension: d, entity: e))
        return html.matches(of: /<section class="ladder" id="ladder-([a-z0-9-]+)"/).map { String($0.1) }
    }

    @Test func theTricareCodingErrorPageShowsTheFactualLadderOnly() throws {
        let (ladders, html) = try page("/kyphoplasty/tricare/coding-error/")
        #expect(ladders == ["tricare-factual"])
        #expect(html.contains("Formal review"))
        #expect(html.contains(">60 days</strong>"))
        #expect(!html.contains("Second reconsideration"))
        // Its sources list and review date follow: the factual page's source, not the medical-necessity one.
        #expect(html.contains("https://tricare.mil/PatientResources/ContactUs/FileComplaint/Factual"))
        #expect(!html.contains("https://www.tricare.mil/Resources/Appeals/MedicalNecessity.aspx"))
        // The lede and the next steps follow the factual path too.
        #expect(html.contains("takes TRICARE’s"))
        #expect(!html.contains("For a denial based on medical necessity"))
        #expect(html.contains("Defense Health Agency for a formal review within"))
    }

    @Test func theTricareMedicalNecessityPagesShowTheirOwnLadder() throws {
        for reason in ["medical-necessity", "experimental"] {
            #expect(try page("/proton-beam/tricare/\(reason)/").ladders == ["tricare"], "\(reason)")
        }
        for reason in ["not-covered", "no-prior-authorization", "out-of-network", "coding-error"] {
            #expect(try page("/lumbar-fusion/tricare/\(reason)/").ladders == ["tricare-factual"], "\(reason)")
        }
        // Humana's pages carry TRICARE for Humana Military members, split the same way.
        #expect(try page("/kyphoplasty/humana/medical-necessity/").ladders == ["medicare-advantage", "medicaid-managed-care", "tricare"])
        #expect(try page("/kyphoplasty/humana/coding-error/").ladders == ["medicare-advantage", "medicaid-managed-care", "tricare-factual"])
    }

    @Test func partDIsOnlyOnDrugPagesOfPayersWithMedicarePlans() throws {
        let plan = renderer.plan
        for cell in plan.cells where plan.policies(cell).contains("medicare-part-d") {
            #expect(cell.path.hasPrefix("/glp1-obesity/"), "\(cell.path)")
            #expect(!cell.path.contains("/tricare/") && !cell.path.contains("/medicaid/"), "\(cell.path)")
        }
        #expect(try page("/glp1-obesity/tricare/not-covered/").ladders == ["tricare-factual"])
        #expect(try page("/glp1-obesity/medicaid/not-covered/").ladders == ["medicaid-ffs", "medicaid-managed-care"])
        #expect(try page("/glp1-obesity/medicare/not-covered/").ladders.contains("medicare-part-d"))
        // No longer first on a mixed payer's page: the payer's own ladders lead.
        #expect(try page("/glp1-obesity/cigna/medical-necessity/").ladders.first == "employer-erisa")
    }

    @Test func aGLP1PageForAnEmployerPlanShowsNoPartDLadder() throws {
        // The bundled insurers all run Medicare plans too, so the case is a copy of Content/ with one
        // employer-only plan added: Part D must not follow the drug there.
        let content = Fixtures.scratch("ladders") + "/Content"
        try FileManager.default.copyItem(atPath: Fixtures.repository + "/Content", toPath: content)
        try "---\nname: Acme Employer Plan\nshort_name: Acme\npolicies: [employer-erisa]\n---\n"
            .write(toFile: content + "/payers/acme-employer.md", atomically: true, encoding: .utf8)
        try "---\nsection: next_steps\nfor: { payer: acme-employer }\n---\n## Your next steps\n\nAppeal to the plan within {{ policies.employer-erisa.levels.1.deadline }}.\n"
            .write(toFile: content + "/sections/next-steps/acme-employer.md", atomically: true, encoding: .utf8)
        let copy = try Self.prepare(content)
        let (ladders, html) = try page("/glp1-obesity/acme-employer/not-covered/", copy)
        #expect(ladders == ["employer-erisa"])
        #expect(!html.contains("id=\"ladder-medicare-part-d\""))
        #expect(!html.contains("https://www.cms.gov/medicare/appeals-grievances/prescription-drug/reconsiderations"))
        #expect(try page("/glp1-obesity/medicare/not-covered/", copy).ladders.contains("medicare-part-d"))
    }

    @Test func theMedicareKyphoplastyPageStillShowsBothMedicareLadders() throws {
        let (ladders, html) = try page("/kyphoplasty/medicare/medical-necessity/")
        #expect(ladders == ["original-medicare", "medicare-advantage"])
        #expect(html.contains(">120 days</strong>"))
    }

    @Test func hubsShowTheLaddersTheirValueBringsToItsPages() throws {
        #expect(try hubLadders("payer", "tricare") == ["tricare", "tricare-factual"])
        #expect(try hubLadders("payer", "medicare") == ["original-medicare", "medicare-advantage", "medicare-part-d"])
        #expect(try hubLadders("procedure", "glp1-obesity") == ["medicare-part-d"])
        // A reason is not what decides a ladder: its hub is not filled with every program's.
        #expect(try hubLadders("reason", "medical-necessity").isEmpty)
        #expect(try hubLadders("procedure", "kyphoplasty").isEmpty)
    }
}
