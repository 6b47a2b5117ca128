import AppealLoad
import AppealModel
import AppealPlan
import AppealTestSupport
import Testing

@Suite struct PlannerTests {
    let date = Day(iso: "2026-11-29")!

    func plan(_ dir: String = Fixtures.path("mini"), date: Day? = nil) throws -> SitePlan {
        let (site, _) = try ContentLoader.load(from: dir)
        return try Planner.plan(site, buildDate: date ?? self.date).0
    }

    func errors(changing changes: [String: String?], date: Day? = nil) throws -> [Diagnostic] {
        let (site, _) = try ContentLoader.load(from: Fixtures.copy("mini", changing: changes))
        do {
            _ = try Planner.plan(site, buildDate: date ?? self.date)
            return []
        } catch {
            return error.diagnostics
        }
    }

    func cell(_ plan: SitePlan, _ path: String) throws -> Cell {
        try #require(plan.cells.first { $0.path == path })
    }

    @Test func exclusionsRemoveCellsAndURLsFollowThePattern() throws {
        let p = try plan()
        #expect(p.cells.count == 6)  // 2 × 2 × 2 minus lumbar-mri × experimental on both payers
        #expect(!p.cells.contains { $0.path.hasPrefix("/lumbar-mri/") && $0.path.hasSuffix("/experimental/") })
        #expect(p.cells.first?.path == "/kyphoplasty/aetna/experimental/")
        #expect(Set(p.cells.map(\.path)).count == p.cells.count)
    }

    @Test func theMostSpecificFragmentWins() throws {
        let p = try plan()
        let checklist = p.site.matrix.sections.firstIndex { $0.name == "checklist" }!
        let medicare = try cell(p, "/lumbar-mri/medicare/medical-necessity/")
        let aetna = try cell(p, "/lumbar-mri/aetna/medical-necessity/")
        #expect(p.site.fragments[medicare.fragments[checklist]!].location.file.hasSuffix("checklist-medicare.md"))
        #expect(p.site.fragments[aetna.fragments[checklist]!].location.file.hasSuffix("sections/checklist.md"))
    }

    @Test func cellsWithoutTheirSpecificSectionAreThin() throws {
        let p = try plan()
        #expect(try !cell(p, "/kyphoplasty/medicare/medical-necessity/").thin)
        #expect(try cell(p, "/kyphoplasty/aetna/medical-necessity/").thin)
        #expect(p.cells.filter(\.thin).count == 4)
    }

    @Test func thinPagesCanBeSkipped() throws {
        let site = Fixtures.read(Fixtures.path("mini/site.yaml")).replacingOccurrences(of: "thin_pages: noindex", with: "thin_pages: skip")
        let p = try plan(Fixtures.copy("mini", changing: ["site.yaml": site]))
        #expect(p.cells.map(\.path) == ["/kyphoplasty/medicare/experimental/", "/kyphoplasty/medicare/medical-necessity/"])
    }

    @Test func offersFollowSpecificityAndTheirWindows() throws {
        let code = { (p: SitePlan, path: String) in p.site.offers.offers[try cell(p, path).offer].code }
        let now = try plan()
        #expect(try code(now, "/kyphoplasty/medicare/experimental/") == "MEDICARE20")
        #expect(try code(now, "/kyphoplasty/aetna/experimental/") == "SEO25")
        // After the Medicare offer ends, Medicare pages fall back to the site-wide one; the expired summer offer is never used.
        let later = try plan(date: Day(iso: "2027-03-01")!)
        #expect(try code(later, "/kyphoplasty/medicare/experimental/") == "SEO25")
        #expect(!later.cells.contains { later.site.offers.offers[$0.offer].code == "SUMMER10" })
    }

    @Test func aBuildDatePastEveryOfferIsAnError() throws {
        let d = try errors(changing: [:], date: Day(iso: "2028-01-01")!)
        // One error per set of expired offers, so the message names the offers to extend.
        let aetna = try #require(d.error(containing: "no valid offer on 2028-01-01 for 3 page(s), e.g. kyphoplasty × aetna"))
        #expect(aetna.message.hasSuffix("outside their window: seo25, summer"))
        #expect(aetna.hint?.contains("fallback") == true)
        #expect(d.error(containing: "outside their window: seo25, medicare20, summer") != nil)
    }

    @Test func unknownPlaceholderSuggestsTheRightName() throws {
        let d = try errors(changing: ["sections/lede.md": "---\nsection: lede\n---\nHello\nDenied by {{ payer.nmae }}.\n"])
        let e = try #require(d.error(containing: "unknown placeholder `{{ payer.nmae }}`"))
        #expect(e.location?.file.hasSuffix("sections/lede.md") == true)
        #expect(e.location?.line == 5 && e.location?.column == 11)
        #expect(e.hint == "did you mean `payer.name`?")
    }

    @Test func policyPlaceholdersAreCheckedAgainstTheLadder() throws {
        let d = try errors(changing: ["sections/lede.md": """
            ---
            section: lede
            ---
            {{ policies.original-medicare.levels.9.deadline }} {{ policies.medicare-advantage.levels.1.form }} {{ policies.nope.name }}
            """])
        #expect(d.error(containing: "has levels 1 to 2") != nil)
        #expect(d.error(containing: "level 1 of `medicare-advantage` has no `form`") != nil)
        #expect(d.error(containing: "there is no policy `nope`") != nil)
    }

    @Test func equallySpecificFragmentsAreAnErrorNamingBoth() throws {
        let d = try errors(changing: ["sections/checklist-medicare-2.md": "---\nsection: checklist\nfor: { payer: medicare }\n---\nOther\n"])
        let e = try #require(d.error(containing: "both fill section `checklist`"))
        #expect(e.message.contains("sections/checklist-medicare.md"))
        #expect(e.message.contains("sections/checklist-medicare-2.md"))
        #expect(e.message.contains("on 3 page(s)"))
    }

    @Test func aRequiredSectionWithoutFragmentIsAnError() throws {
        let d = try errors(changing: ["sections/lede.md": nil])
        let e = try #require(d.error(containing: "required section `lede` has no fragment for 6 page(s)"))
        #expect(e.hint?.contains("site-wide default") == true)
    }

    @Test func optionalFieldsMustExistWhereAFragmentUsesThem() throws {
        let d = try errors(changing: ["sections/lede.md": "---\nsection: lede\n---\n{{ procedure.criteria_source }}\n"])
        let e = try #require(d.error(containing: "has no value for procedure `lumbar-mri`"))
        #expect(e.location?.line == 4)
    }

    @Test func collidingURLsNameBothPages() throws {
        let matrix = Fixtures.read(Fixtures.path("mini/matrix.yaml"))
            .replacingOccurrences(of: "url: /{{ procedure.slug }}/{{ payer.slug }}/{{ reason.slug }}/",
                                  with: "url: /{{ procedure.slug }}-{{ payer.slug }}-{{ reason.slug }}/")
        let d = try errors(changing: [
            "matrix.yaml": matrix,
            "payers/aetna-medical.md": "---\nname: Aetna Medical\n---\n",
            "reasons/necessity.md": "---\nname: Necessity\nphrase: needless\n---\n",
        ])
        let e = try #require(d.error(containing: "URL /kyphoplasty-aetna-medical-necessity/ is used by page"))
        #expect(e.message.contains("kyphoplasty × aetna-medical × necessity") || e.message.contains("kyphoplasty × aetna × medical-necessity"))
    }

    @Test func aFourthDimensionNeedsNoCode() throws {
        let p = try plan(Fixtures.path("four-dimensions"))
        #expect(p.site.matrix.dimensions.map(\.key) == ["procedure", "payer", "reason", "state"])
        #expect(p.cells.count == 12)  // the 6 cells of the mini site × 2 states
        let c = try cell(p, "/kyphoplasty/medicare/medical-necessity/texas/")
        let lede = p.site.matrix.sections.firstIndex { $0.name == "lede" }!
        #expect(p.site.fragments[c.fragments[lede]!].location.file.hasSuffix("lede-texas.md"))
        #expect(p.text(p.title, cell: c) == "Kyphoplasty denied as not medically necessary by Medicare in Texas?")
    }
}

/// An ended fallback offer is never published: its pages have no valid offer (issue 17).
@Suite struct FallbackOfferTests {
    static let offers = Fixtures.read(Fixtures.path("mini/offers.yaml"))

    @Test func anEndedFallbackIsNoOffer() throws {
        let content = Fixtures.copy("mini", changing: ["offers.yaml": Self.offers.replacingOccurrences(of: "fallback: none", with: "fallback: summer")])
        let (site, _) = try ContentLoader.load(from: content)
        do {
            _ = try Planner.plan(site, buildDate: Day(iso: "2028-01-05")!)
            Issue.record("planned with an ended fallback")
        } catch {
            let found = error.diagnostics.filter { $0.message.hasPrefix("no valid offer on 2028-01-05") && $0.message.contains("fallback summer") }
            #expect(found.count == 2, "\(error.diagnostics)")
            #expect(found.allSatisfy { $0.location?.file == content + "/offers.yaml" })
        }
    }
}
