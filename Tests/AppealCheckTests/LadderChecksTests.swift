import AppealCheck
import AppealLoad
import AppealModel
import AppealPlan
import AppealRender
import AppealTestSupport
import Testing

/// The content checks read each page's ladders from the planner's per-cell decision, not from the
/// values' `policies:` lists.
@Suite struct LadderChecksTests {
    static let angleFile = "sections/angles/kyphoplasty--medicare.md"
    static let maFile = "policies/medicare-advantage.yaml"

    func check(_ changes: [String: String?]) throws -> CheckResult {
        let (site, _) = try ContentLoader.load(from: Fixtures.copy("mini", changing: changes))
        let (plan, _) = try Planner.plan(site, buildDate: Day(iso: "2026-11-29")!)
        let r = SiteRenderer(plan: plan, theme: try Theme.load(from: Fixtures.defaultTheme))
        // The render loop with the checker as its one consumer, as `appealpress check` runs it.
        let outputs = r.outputs()
        let checker = SiteChecker(renderer: r, outputs: outputs)
        try r.renderEach(outputs) { _, i, bytes in checker.inspect(i, html: String(decoding: bytes, as: UTF8.self)) }
        return checker.finish(adding: SiteChecker.contentFindings(plan: plan))
    }

    func medicareAdvantage(inserting lines: String) -> String {
        Fixtures.read(Fixtures.path("mini/" + Self.maFile)).replacingOccurrences(of: "reviewed: 2026-10-01\n", with: "reviewed: 2026-10-01\n" + lines)
    }

    func finding(_ result: CheckResult, _ category: CheckCategory, containing text: String) -> Finding? {
        result.findings.first { $0.category == category && $0.diagnostic.message.contains(text) }
    }

    @Test func theFactCheckComparesWithTheLaddersEachPageShows() throws {
        // The angle lands on kyphoplasty × medicare × {experimental, medical-necessity}. "65 days" is Medicare
        // Advantage's first deadline: on both pages while it shows there, only on one once `except` removes it.
        let angle = Fixtures.read(Fixtures.path("mini/" + Self.angleFile)) + "\nYou must appeal within 65 days.\n"
        let both = try check([Self.angleFile: angle])
        #expect(finding(both, .facts, containing: "“65 days” is typed in the prose")?.pageCount == 2)
        #expect(finding(both, .facts, containing: "“65 days” contradicts") == nil)

        let one = try check([Self.angleFile: angle, Self.maFile: medicareAdvantage(inserting: "except: { reason: experimental }\n")])
        let wrong = try #require(finding(one, .facts, containing: "“65 days” contradicts the policy data on 1 of the 2 pages"))
        #expect(wrong.diagnostic.severity == .error)
        #expect(wrong.examples == ["/kyphoplasty/medicare/experimental/"])
        #expect(wrong.diagnostic.message.contains("Original Medicare redetermination: 120 days"))
    }

    @Test func reviewAgeCountsThePagesThatShowTheLadder() throws {
        let stale = medicareAdvantage(inserting: "except: { procedure: lumbar-mri }\n").replacingOccurrences(of: "reviewed: 2026-10-01", with: "reviewed: 2025-06-30")
        let result = try check([Self.maFile: stale])
        let f = try #require(finding(result, .freshness, containing: "policy `medicare-advantage` was last reviewed"))
        // Three Medicare pages list it; `except` takes lumbar-mri × medicare × medical-necessity away.
        #expect(f.pageCount == 2)
        #expect(f.diagnostic.message.contains("(2 pages show it)"))
    }

    @Test func aPolicyItsExceptRemovesEverywhereIsShownOnNoPage() throws {
        let result = try check([Self.maFile: medicareAdvantage(inserting: "except: { payer: medicare }\n")])
        let f = try #require(finding(result, .unused, containing: "policy `medicare-advantage` is shown on no page"))
        #expect(f.diagnostic.message.contains("`except:` removes it"))
        #expect(finding(result, .unused, containing: "policy `original-medicare` is shown on no page") == nil)
    }

    @Test func aFragmentThatFillsInALadderItsPagesDoNotShowIsNamed() throws {
        // `except` takes Medicare Advantage off the experimental page; the angle still fills in its deadline there.
        let result = try check([Self.maFile: medicareAdvantage(inserting: "except: { reason: experimental }\n")])
        let f = try #require(finding(result, .facts, containing: "`{{ policies.medicare-advantage.levels.1.deadline_days }}` fills in a rule of the Medicare Advantage ladder on 1 of the 2 pages"))
        #expect(f.diagnostic.severity == .warning)
        #expect(f.examples == ["/kyphoplasty/medicare/experimental/"])
        #expect(f.diagnostic.location?.file.hasSuffix(Self.angleFile) == true && f.diagnostic.location?.line == 9)
        // Original Medicare is still on both pages: nothing to say about it.
        #expect(finding(result, .facts, containing: "Original Medicare ladder") == nil)
        // Without the rule, both pages show both ladders and the check is quiet.
        #expect(finding(try check([:]), .facts, containing: "fills in a rule of") == nil)
    }
}
