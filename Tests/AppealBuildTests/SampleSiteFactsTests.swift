import AppealBuild
import AppealCheck
import AppealModel
import AppealRender
import AppealTestSupport
import Foundation
import Testing

/// Facts of the bundled site that were corrected against primary text (issue 12), pinned on the real
/// pages: each page shows the path and the free help of its own program, and nothing of another's.
@Suite struct SampleSiteFactsTests {
    let prepared: PreparedSite
    var renderer: SiteRenderer { prepared.renderer }

    init() throws {
        let options = BuildOptions(content: Fixtures.repository + "/Content", theme: Fixtures.defaultTheme, output: "unused",
                                   date: Day(iso: "2026-11-29")!)
        prepared = try SiteBuilder.prepare(options)
    }

    func page(_ path: String) throws -> (ladders: [String], html: String) {
        let index = try #require(renderer.plan.cells.firstIndex { $0.path == path }, "no page \(path)")
        let html = renderer.renderPage(index)
        let ids = html.matches(of: /<section class="ladder" id="ladder-([a-z0-9-]+)"/).map { String($0.1) }
        return (ids, html)
    }

    /// The page's free-help section alone.
    func freeHelp(_ html: String) -> String {
        guard let start = html.range(of: "<section class=\"free-help\""), let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex)
        else { return "" }
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test func theTricareCodingErrorPageShowsTheFormalReviewStepAndNoMedicalNecessityDeadline() throws {
        let (ladders, html) = try page("/lumbar-fusion/tricare/coding-error/")
        #expect(ladders == ["tricare-factual"])
        #expect(html.contains("Formal review") && html.contains(">60 days</strong>"))
        // The article for this procedure and payer no longer fills in the medical-necessity ladder's deadlines.
        #expect(!html.contains("90 days from the date of the first reconsideration decision"))
        #expect(!html.contains("Second reconsideration"))
        #expect(html.contains("The TRICARE ladder above gives the deadlines for the kind of denial on this page"))
    }

    @Test func theFEHBPathIsOnlyOnThePagesOfCarriersThatRunFEHBPlans() throws {
        for payer in ["aetna", "bcbs", "unitedhealthcare", "kaiser-permanente"] {
            let (ladders, html) = try page("/lumbar-fusion/\(payer)/medical-necessity/")
            #expect(ladders.contains("fehb"), "\(payer)")
            #expect(html.contains("Review by the Office of Personnel Management (OPM)"), "\(payer)")
        }
        let aetna = try page("/lumbar-fusion/aetna/not-covered/")
        #expect(aetna.html.contains(">6 months</strong>") && aetna.html.contains("5 CFR 890.105(b)"))
        for path in ["/lumbar-fusion/cigna/medical-necessity/", "/lumbar-fusion/humana/medical-necessity/",
                     "/lumbar-fusion/medicare/medical-necessity/", "/lumbar-fusion/tricare/medical-necessity/",
                     "/lumbar-fusion/molina/medical-necessity/"] {
            #expect(try !page(path).ladders.contains("fehb"), "\(path)")
        }
    }

    @Test func noGLP1PageOutsideMedicareShowsPartDAndNoneShowsTheMedicalMedicareLadders() throws {
        let plan = renderer.plan
        let glp1 = plan.cells.filter { $0.path.hasPrefix("/glp1-obesity/") }
        #expect(!glp1.isEmpty)
        for cell in glp1 {
            let ladders = plan.policies(cell)
            #expect(!ladders.contains("original-medicare") && !ladders.contains("medicare-advantage"), "\(cell.path)")
            if cell.path.contains("/tricare/") || cell.path.contains("/medicaid/") {
                #expect(!ladders.contains("medicare-part-d"), "\(cell.path)")
            }
        }
        let (ladders, html) = try page("/glp1-obesity/medicare/not-covered/")
        #expect(ladders == ["medicare-part-d"])
        #expect(html.contains("Medicare GLP-1 Bridge") && html.contains("July 1, 2026"))
        #expect(!html.contains("unlikely to work"))
        #expect(!html.contains("redetermination</strong>, and you have 120 days"))
        // Off the GLP-1 pages the Medicare pages keep both medical ladders.
        #expect(try page("/kyphoplasty/medicare/medical-necessity/").ladders == ["original-medicare", "medicare-advantage"])
    }

    @Test func everyPageNamesTheFreeHelpOfItsOwnPrograms() throws {
        for cell in renderer.plan.cells.indices where cell % 37 == 0 {
            let html = renderer.renderPage(cell)
            #expect(freeHelp(html).contains("Free help with your appeal"), "\(renderer.plan.cells[cell].path)")
        }
        let medicare = freeHelp(try page("/kyphoplasty/medicare/medical-necessity/").html)
        #expect(medicare.contains("1-800-MEDICARE") && medicare.contains("State Health Insurance Assistance Program (SHIP)"))
        #expect(medicare.components(separatedBy: "1-800-MEDICARE").count == 2, "listed once though two ladders name it")
        #expect(!medicare.contains("EBSA") && !medicare.contains("Beneficiary Counseling"))

        let medicaid = freeHelp(try page("/kyphoplasty/medicaid/medical-necessity/").html)
        #expect(medicaid.contains("Your state Medicaid agency") && medicaid.contains("ombudsman"))
        #expect(!medicaid.contains("1-800-MEDICARE"))

        let aetna = freeHelp(try page("/kyphoplasty/aetna/medical-necessity/").html)
        #expect(aetna.contains("Consumer Assistance Program") && aetna.contains("Employee Benefits Security Administration (EBSA)"))

        let molina = freeHelp(try page("/kyphoplasty/molina/medical-necessity/").html)
        #expect(molina.contains("Consumer Assistance Program") && !molina.contains("EBSA"), "no job-based plans at Molina")

        let tricare = freeHelp(try page("/kyphoplasty/tricare/coding-error/").html)
        #expect(tricare.contains("Beneficiary Counseling and Assistance Coordinators (BCACs)"))
        #expect(!tricare.contains("1-800-MEDICARE") && !tricare.contains("Consumer Assistance Program"))
    }

    @Test func medicaidPagesSayFromWhatTheDaysToKeepBenefitsRun() throws {
        let html = try page("/kyphoplasty/medicaid/medical-necessity/").html
        #expect(html.contains("before the date the change takes effect") && html.contains("42 CFR 431.230"))
        #expect(html.contains("within 10 days of getting the notice (42 CFR 431.231(c))"))
        #expect(html.contains("within 10 days of the plan&#39;s notice") || html.contains("within 10 days of the plan’s notice")
                || html.contains("within 10 days of the plan's notice"))
        #expect(html.contains("42 CFR 438.420"))
    }

    @Test func externalReviewSaysWhichProcessHasWhichLimit() throws {
        let html = try page("/kyphoplasty/aetna/medical-necessity/").html
        #expect(html.contains(">4 months</strong>"))
        #expect(html.contains("under the federal rule") && html.contains("external review page says to file within 60 days"))
        #expect(html.contains("45 CFR 147.136(d)(2)(i)") && html.contains("29 CFR 2590.715-2719(d)(2)(i)"))
        // Independent fact check: HealthCare.gov gives its 60 days for external review in general, and no
        // primary text says a state process may allow less than the federal 4 months.
        #expect(!html.contains("a state process may set a shorter limit") && !html.contains("HealthCare.gov says 60 days"))
    }

    // MARK: Independent fact check (2026-12-01)

    /// CMS lists the plan types that can use the GLP-1 Bridge and leaves some out: the page must not
    /// promise it to everyone with Medicare drug coverage, and must say where to ask.
    @Test func theGLP1BridgeIsNotPromisedToEveryMedicareDrugPlan() throws {
        let html = try page("/glp1-obesity/medicare/not-covered/").html
        #expect(html.contains("Not every kind of plan takes part") && html.contains("CMS leaves some kinds of plans out"))
        #expect(html.contains("ask your plan or 1-800-MEDICARE whether yours"))
        #expect(!html.contains("for people with Medicare drug coverage (Part D)."))
        #expect(!html.contains("for people who have Medicare drug coverage, through a stand-alone drug plan or a Medicare Advantage plan with drug coverage"))
    }

    /// The TRICARE lumbar-fusion article shows on the factual-appeal pages too, so it must not call every
    /// contractor denial a medical-necessity one.
    @Test func theTricareLumbarFusionArticleDoesNotCallEveryDenialMedicalNecessity() throws {
        let (ladders, html) = try page("/lumbar-fusion/tricare/coding-error/")
        #expect(ladders == ["tricare-factual"])
        #expect(!html.contains("A denial from the contractor is a <em>medical necessity</em> denial"))
        #expect(html.contains("takes TRICARE") && html.contains("factual") && html.contains("Your notice says which one applies."))
    }

    /// Aetna left the ACA marketplaces for 2026; its hub says so instead of offering the individual steps
    /// as if Aetna still sold those plans.
    @Test func theAetnaHubSaysAetnaLeftTheMarketplacesFor2026() throws {
        let site = renderer.plan.site
        let d = try #require(site.matrix.dimensionIndex("payer"))
        let e = try #require(site.entities[d].firstIndex { $0.slug == "aetna" })
        let html = try #require(renderer.renderHub(dimension: d, entity: e))
        #expect(html.contains("Aetna stopped selling plans on the ACA") && html.contains("marketplaces for 2026"))
        #expect(!html.contains("If you bought an Aetna plan yourself, the"))
    }

    /// A help line that two ladders on the page list names both, not only the first.
    @Test func freeHelpNamesEveryLadderThatListsIt() throws {
        let medicare = freeHelp(try page("/kyphoplasty/medicare/medical-necessity/").html)
        #expect(medicare.contains("(Original Medicare, Medicare Advantage)"))
        #expect(!medicare.contains("(Original Medicare)<"))
        let aetna = freeHelp(try page("/kyphoplasty/aetna/medical-necessity/").html)
        #expect(aetna.contains("Consumer Assistance Program</a> <span class=\"free-help__program\">(Employer plan, Individual plan)"))
        let tricare = freeHelp(try page("/kyphoplasty/tricare/coding-error/").html)
        #expect(tricare.contains("(TRICARE)") && !tricare.contains("TRICARE, TRICARE"))
    }

    /// NCD 90.2 covers germline panel testing nationally only for breast or ovarian cancer; the "any
    /// cancer" scope is the MolDX LCD's, and the page must not give it as the NCD's.
    @Test func theGeneticTestingCriteriaKeepTheNCDAndTheLCDApart() throws {
        let html = try page("/genetic-testing/medicare/medical-necessity/").html
        #expect(html.contains("(NCD 90.2) covers gene-panel (next-generation sequencing) testing of this kind for breast or ovarian cancer"))
        #expect(html.contains("LCD L39040 covers people with any cancer"))
        #expect(html.contains("you have not had the same test before"))
    }

    /// The WISeR claim on the knee arthroscopy pages cites CMS's own model page.
    @Test func theWiserClaimCitesCMSsOwnPage() throws {
        let html = try page("/knee-arthroscopy/medicare/no-prior-authorization/").html
        #expect(html.contains("https://www.cms.gov/priorities/innovation/innovation-models/wiser"))
    }

    @Test func correctedCoverageCriteriaArePrintedAsTheSourcesSayThem() throws {
        let knee = try page("/knee-arthroscopy/medicare/medical-necessity/").html
        #expect(knee.contains("These are two separate exclusions"))
        #expect(knee.contains("Arizona, New Jersey, Ohio, Oklahoma, Texas and Washington") && knee.contains("WISeR"))
        let proton = try page("/proton-beam/tricare/experimental/").html
        #expect(!proton.contains("Both put these cases in the first group"))
        #expect(proton.contains("The two lists are longer than these examples and are not the same"))
        let priorAuth = try page("/spinal-cord-stimulator/medicare/no-prior-authorization/").html
        #expect(!priorAuth.contains("only a few services") && priorAuth.contains("WISeR"))
    }

    @Test func noFragmentFillsInALadderItsPageDoesNotShow() throws {
        let stray = prepared.findings.filter { $0.diagnostic.message.contains("fills in a rule of the") }
        #expect(stray.isEmpty, "\(stray.map(\.diagnostic.message))")
    }
}
