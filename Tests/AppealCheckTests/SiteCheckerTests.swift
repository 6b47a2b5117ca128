import AppealCheck
import AppealLoad
import AppealModel
import AppealPlan
import AppealRender
import AppealTestSupport
import Foundation
import Testing

/// Checks of the `mini` fixture with one thing broken at a time; each finding must name the source file.
@Suite struct SiteCheckerTests {
    static let angleFile = "sections/angles/kyphoplasty--medicare.md"
    static let angle = Fixtures.read(Fixtures.path("mini/" + angleFile))

    func renderer(_ content: String, date: String = "2026-11-29", theme: String = Fixtures.defaultTheme) throws -> SiteRenderer {
        let (site, _) = try ContentLoader.load(from: content)
        let (plan, _) = try Planner.plan(site, buildDate: Day(iso: date)!)
        return SiteRenderer(plan: plan, theme: try Theme.load(from: theme))
    }

    func check(_ changes: [String: String?] = [:], date: String = "2026-11-29", theme: String = Fixtures.defaultTheme) throws -> CheckResult {
        let content = changes.isEmpty ? Fixtures.path("mini") : Fixtures.copy("mini", changing: changes)
        return try check(renderer(content, date: date, theme: theme))
    }

    /// The render loop with the checker as its one consumer, as `appealpress check` runs it;
    /// `changing` edits an output's bytes on their way to the checker.
    func check(_ r: SiteRenderer, _ outputs: SiteOutputs? = nil, changing: @escaping @Sendable (SiteOutput, String) -> String = { $1 }) throws -> CheckResult {
        let outputs = outputs ?? r.outputs()
        let checker = SiteChecker(renderer: r, outputs: outputs)
        try r.renderEach(outputs) { output, i, bytes in checker.inspect(i, html: changing(output, String(decoding: bytes, as: UTF8.self))) }
        return checker.finish(adding: SiteChecker.contentFindings(plan: r.plan))
    }

    /// The angle fragment with `line` added as a paragraph at the end (it lands on line 12).
    func angle(adding line: String) -> [String: String?] { [Self.angleFile: Self.angle + "\n" + line + "\n"] }

    func finding(_ result: CheckResult, _ category: CheckCategory, containing text: String) -> Finding? {
        result.findings.first { $0.category == category && $0.diagnostic.message.contains(text) }
    }

    func theme(changing file: String, _ change: (String) -> String) -> String {
        let dir = Fixtures.scratch("theme") + "/theme"
        try! FileManager.default.copyItem(atPath: Fixtures.defaultTheme, toPath: dir)
        let path = dir + "/" + file
        try! change(Fixtures.read(path)).write(toFile: path, atomically: true, encoding: .utf8)
        return dir
    }

    @Test func theFixtureHasNoErrorsAndValidOutput() throws {
        let result = try check()
        #expect(result.errorCount == 0, "\(result.findings.map(\.diagnostic))")
        #expect(!result.findings.contains { $0.category == .validity || $0.category == .links })
        #expect(result.pages.count == 6 + 6 + 3 + 4 + 2, "cells, hubs, dimension indexes, guided hubs, home and 404")
        #expect(result.sitemapFiles == 1 && result.sitemapURLs == 12)
    }

    @Test func aBrokenLinkInAFragmentNamesTheFragmentLineAndColumn() throws {
        let result = try check(angle(adding: "Compare [Aetna's rules](/guides/kyphoplasty/cigna/medical-necessity/)."))
        let f = try #require(finding(result, .links, containing: "broken link `/guides/kyphoplasty/cigna/medical-necessity/`"))
        #expect(f.severity == .error)
        #expect(f.diagnostic.location?.file.hasSuffix(Self.angleFile) == true)
        #expect(f.diagnostic.location?.line == 12 && f.diagnostic.location?.column == 25)
        #expect(f.pageCount == 2)
        #expect(f.diagnostic.message.hasSuffix("on 2 pages, e.g. /kyphoplasty/medicare/experimental/, /kyphoplasty/medicare/medical-necessity/"))
    }

    @Test func anchorsMustExistOnTheirPage() throws {
        let good = try check(angle(adding: "See [the steps](#appeal-steps) and [Medicare](/guides/payers/medicare/#appeal-steps)."))
        #expect(good.errorCount == 0, "\(good.findings.map(\.diagnostic))")
        let bad = try check(angle(adding: "See [the steps](#steps) and [Medicare](/guides/payers/medicare/#nowhere)."))
        let local = try #require(finding(bad, .links, containing: "broken anchor `#steps`: no element has id `steps`"))
        #expect(local.diagnostic.location?.line == 12 && local.diagnostic.location?.column == 17)
        let other = try #require(finding(bad, .links, containing: "broken anchor `/guides/payers/medicare/#nowhere`"))
        #expect(other.diagnostic.location?.file.hasSuffix(Self.angleFile) == true)
    }

    @Test func utmParametersInAnInternalLinkAreAnError() throws {
        let result = try check(angle(adding: "[Aetna](/guides/kyphoplasty/aetna/medical-necessity/?utm_source=guide)"))
        let f = try #require(finding(result, .links, containing: "carries UTM parameters"))
        #expect(f.severity == .error && f.diagnostic.location?.file.hasSuffix(Self.angleFile) == true)
    }

    @Test func duplicateTitlesPointAtThePattern() throws {
        let matrix = Fixtures.read(Fixtures.path("mini/matrix.yaml"))
            .replacingOccurrences(of: "title: \"{{ procedure.name }} denied as {{ reason.phrase }} by {{ payer.name }}?\"",
                                  with: "title: \"{{ procedure.name }} denied by {{ payer.name }}?\"")
        let result = try check(["matrix.yaml": matrix])
        let f = try #require(finding(result, .seo, containing: "duplicate titles: 1 text is repeated on indexable pages"))
        #expect(f.diagnostic.location?.file.hasSuffix("matrix.yaml") == true)
        #expect(f.diagnostic.location?.line == 19)
        #expect(f.pageCount == 2)
        #expect(f.diagnostic.hint?.contains("“Kyphoplasty denied by Medicare?” is on 2 pages") == true)
    }

    @Test func aTyped60DaysOnAMedicarePageContradictsTheLadder() throws {
        let result = try check(angle(adding: "You have 60 days to appeal."))
        let f = try #require(finding(result, .facts, containing: "“60 days” contradicts the policy data on 2 of the 2 pages"))
        #expect(f.severity == .error)
        #expect(f.diagnostic.location?.file.hasSuffix(Self.angleFile) == true)
        #expect(f.diagnostic.location?.line == 12 && f.diagnostic.location?.column == 10)
        #expect(f.diagnostic.message.contains("Original Medicare redetermination: 120 days"))
        #expect(f.diagnostic.message.contains("Medicare Advantage reconsideration: 65 days"))
        #expect(f.diagnostic.hint?.contains("`{{ policies.original-medicare.levels.1.deadline_days }}`") == true)
    }

    @Test func uppercaseDaysAreFoundToo() throws {
        // The cheap "day" test before tokenizing ignores letter case, as the tokenizer does.
        let result = try check(angle(adding: "YOU HAVE 60 DAYS TO APPEAL."))
        #expect(finding(result, .facts, containing: "“60 DAYS” contradicts the policy data") != nil)
    }

    @Test func aSentenceThatNamesItsLadderGetsTheExactPlaceholder() throws {
        let result = try check(angle(adding: "With Original Medicare you have sixty days to ask for a redetermination."))
        let f = try #require(finding(result, .facts, containing: "“sixty days” contradicts"))
        #expect(f.diagnostic.hint == "write `{{ policies.original-medicare.levels.1.deadline_days }}` days instead, so the number comes from policies/original-medicare.yaml")
        // The second level, named in the sentence, is what a number is compared with.
        let second = try check(angle(adding: "Ask for a reconsideration by the QIC within a 180-day window with Original Medicare."))
        let typed = try #require(finding(second, .facts, containing: "“180-day” is typed in the prose"))
        #expect(typed.severity == .warning)
        #expect(typed.diagnostic.hint?.contains("levels.2.deadline_days") == true)
    }

    @Test func decisionTimesAndOtherDaysAreNotReadAsDeadlines() throws {
        let result = try check(angle(adding: "The contractor must decide within 60 days. Medicare assumes you get a notice 5 days after its date."))
        #expect(!result.findings.contains { $0.category == .facts && $0.severity == .error }, "\(result.findings.map(\.diagnostic))")
        #expect(finding(result, .facts, containing: "“60 days” is typed in the prose")?.diagnostic.hint?.contains("levels.1.decision") == true)
        #expect(finding(result, .facts, containing: "5 days") == nil)
    }

    @Test func aPolicyReviewedTooLongAgoIsStale() throws {
        let policy = Fixtures.read(Fixtures.path("mini/policies/original-medicare.yaml")).replacingOccurrences(of: "reviewed: 2026-11-20", with: "reviewed: 2025-06-30")
        let result = try check(["policies/original-medicare.yaml": policy])
        let f = try #require(finding(result, .freshness, containing: "policy `original-medicare` was last reviewed 517 days ago (2025-06-30); the limit is 365 days"))
        #expect(f.diagnostic.location?.file.hasSuffix("policies/original-medicare.yaml") == true)
        #expect(f.diagnostic.location?.line == 5)
        #expect(f.pageCount == 3)
    }

    @Test func expiredAndExpiringOffersAreReported() throws {
        let now = try check()
        let expired = try #require(finding(now, .freshness, containing: "offer `summer` expired on 2026-06-30 (152 days ago)"))
        #expect(expired.diagnostic.location?.file.hasSuffix("offers.yaml") == true && expired.diagnostic.location?.line == 32)
        #expect(finding(now, .freshness, containing: "offer `medicare20` ends") == nil)
        let soon = try check(date: "2026-12-15")
        let ending = try #require(finding(soon, .freshness, containing: "offer `medicare20` ends in 16 days (2026-12-31) on 3 pages; after that its pages get `seo25`"))
        #expect(ending.diagnostic.location?.line == 21)
    }

    @Test func nearIdenticalPagesAreReportedWithThePairAndScore() throws {
        let result = try check()
        let cluster = try #require(result.clusters.first)
        #expect(cluster.pages.map { result.pages[$0].path } == ["/kyphoplasty/medicare/experimental/", "/kyphoplasty/medicare/medical-necessity/"])
        #expect(cluster.maxSimilarity >= 0.9)
        let f = try #require(finding(result, .duplicates, containing: "2 pages are near-duplicates: /kyphoplasty/medicare/experimental/ ↔ /kyphoplasty/medicare/medical-necessity/ ("))
        #expect(f.diagnostic.location?.file.hasSuffix(Self.angleFile) == true)
        #expect(f.diagnostic.hint?.contains("differ only in reason") == true)
        #expect(result.pages[cluster.pages[0]].flags.contains(.nearDuplicate))
        // A stricter threshold in site.yaml and they are no longer reported.
        let site = Fixtures.read(Fixtures.path("mini/site.yaml")) + "checks: { similarity: 0.99 }\n"
        let relaxed = try check(["site.yaml": site])
        #expect(relaxed.clusters.isEmpty)
    }

    @Test func pagesWithTooFewWordsAreThin() throws {
        let site = Fixtures.read(Fixtures.path("mini/site.yaml")) + "checks: { thin_min_words: 5000, similarity: 0.99 }\n"
        let result = try check(["site.yaml": site])
        let f = try #require(finding(result, .duplicates, containing: "thin page: fewer than 5000 words of main content"))
        #expect(f.pageCount == 2 && f.diagnostic.location?.file.hasSuffix(Self.angleFile) == true)
        #expect(result.pages.filter { $0.flags.contains(.thinContent) }.count == 2)
    }

    @Test func unusedFragmentsAndFieldsAreReported() throws {
        let matrix = Fixtures.read(Fixtures.path("mini/matrix.yaml")).replacingOccurrences(of: "fields: { name: required }", with: "fields: { name: required, region: optional }")
        let result = try check([
            "sections/never.md": "---\nsection: checklist\nfor: { procedure: lumbar-mri, reason: experimental }\n---\nNever shown.\n",
            "matrix.yaml": matrix,
        ])
        let fragment = try #require(finding(result, .unused, containing: "this fragment is never used: its `for` matches no page"))
        #expect(fragment.diagnostic.location?.file.hasSuffix("sections/never.md") == true)
        let field = try #require(finding(result, .unused, containing: "field `region` of `payer` is declared but nothing uses `{{ payer.region }}`"))
        #expect(field.diagnostic.location?.line == 11)
    }

    @Test func pagesNothingLinksToAreOrphans() throws {
        let theme = theme(changing: "templates/hub.mustache") { $0.replacingOccurrences(of: "<li><a href=\"{{url}}\">{{name}}</a></li>", with: "<li>{{name}}</li>") }
        // The guided hubs list the same pages.
        let guide = theme + "/templates/guide.mustache"
        try Fixtures.read(guide).replacingOccurrences(of: "<li><a href=\"{{url}}\"><span class=\"browse__name\">{{name}}</span></a></li>", with: "<li>{{name}}</li>")
            .write(toFile: guide, atomically: true, encoding: .utf8)
        let site = Fixtures.read(Fixtures.path("mini/site.yaml")) + "related_limit: 0\n"
        let result = try check(["site.yaml": site], theme: theme)
        let f = try #require(finding(result, .links, containing: "orphan page: no other page links to it"))
        #expect(f.severity == .warning)
        #expect(f.pageCount == 6)
    }

    @Test func aBrokenTemplateMakesEveryPageItRendersInvalid() throws {
        let theme = theme(changing: "templates/page.mustache") { $0.replacingOccurrences(of: "</main>", with: "") }
        let result = try check(theme: theme)
        let f = try #require(finding(result, .validity, containing: "not well-formed HTML5: <main> is not closed before </body>"))
        #expect(f.diagnostic.location?.file.hasSuffix("templates/page.mustache") == true)
        #expect(f.pageCount == 6)
        #expect(f.diagnostic.hint?.hasPrefix("first seen at line") == true)
    }

    @Test func sitemapsSplitAtSmallLimitsStayValidAndComplete() throws {
        let r = try renderer(Fixtures.path("mini"))
        let split = r.outputs(sitemapLimits: (urls: 3, bytes: Sitemap.maxBytes))
        #expect(split.sitemapPaths.count == 5)
        let result = try check(r, split)
        #expect(!result.findings.contains { $0.category == .validity }, "\(result.findings.map(\.diagnostic))")
        #expect(result.sitemapFiles == 5 && result.sitemapURLs == 12)

        // An index that forgets a child, and a child that lists a noindex page.
        let bad = try check(r, split) { output, text in
            switch output.file {
            case "sitemap.xml":
                return text.replacingOccurrences(of: "<sitemap><loc>https://example.org/guides/sitemap-3.xml</loc>", with: "<sitemap><loc>https://example.org/guides/sitemap-9.xml</loc>")
            case "sitemap-1.xml":
                return text.replacingOccurrences(of: "</urlset>", with: "<url><loc>https://example.org/guides/kyphoplasty/aetna/medical-necessity/</loc></url>\n</urlset>")
            default: return text
            }
        }
        #expect(finding(bad, .validity, containing: "sitemap index lists https://example.org/guides/sitemap-9.xml, which is not a sitemap of this site") != nil)
        #expect(finding(bad, .validity, containing: "sitemap-3.xml was written but the sitemap index does not list it") != nil)
        #expect(finding(bad, .seo, containing: "a noindex page is listed in the sitemap on /kyphoplasty/aetna/medical-necessity/") != nil)
        #expect(finding(bad, .seo, containing: "an indexable page is missing from the sitemap") != nil)
    }

    @Test func theSampleSiteIsWellFormedWithAValidSitemapAndNoErrors() throws {
        let r = try renderer(Fixtures.repository + "/Content")
        let result = try check(r)
        #expect(result.pages.filter { if case .cell = $0.kind { true } else { false } }.count == 1_068)
        // Every page is well-formed HTML5 and the sitemap is valid: no validity finding at all.
        #expect(!result.findings.contains { $0.category == .validity }, "\(result.findings.filter { $0.category == .validity }.map(\.diagnostic))")
        #expect(result.errorCount == 0, "\(result.findings.filter { $0.severity == .error }.map(\.diagnostic))")
        #expect(result.sitemapURLs == 363, "306 cells and hubs, 3 indexes, 5 standalone pages, 49 guided hubs with text of their own")
        #expect(!result.findings.contains { $0.category == .facts })
    }
}
