import AppealLoad
import AppealModel
import AppealPlan
import AppealTestSupport
import Foundation
import Testing

/// Unfinished text and banned phrases: errors at the word where they reach an indexable page.
@Suite struct UnfinishedTextTests {
    let date = Day(iso: "2026-11-29")!

    func diagnostics(changing changes: [String: String?]) throws -> [Diagnostic] {
        let dir = Fixtures.copy("mini", changing: changes)
        let (site, _) = try ContentLoader.load(from: dir)
        do {
            return try Planner.plan(site, buildDate: date).1
        } catch {
            return error.diagnostics
        }
    }

    func angle(_ extra: String) -> String { Fixtures.read(Fixtures.path("mini") + "/sections/angles/kyphoplasty--medicare.md") + extra }

    @Test func aStandInLinkInAFragmentIsAnErrorAtTheLink() throws {
        // The angle fills the two full pages; its last line is line 10, so the added one is 12.
        let d = try diagnostics(changing: ["sections/angles/kyphoplasty--medicare.md": angle("\nRead [the rules](https://example.com/rules).\n")])
        let e = try #require(d.error(containing: "stand-in address `example.com`"))
        #expect(e.location?.file.hasSuffix("sections/angles/kyphoplasty--medicare.md") == true)
        #expect(e.location?.line == 12 && e.location?.column == 26)
        #expect(e.message.hasSuffix("would reach 2 indexable pages, e.g. /kyphoplasty/medicare/experimental/, /kyphoplasty/medicare/medical-necessity/"))
    }

    @Test func aBannedPhraseIsAnErrorNamingThePhrase() throws {
        let d = try diagnostics(changing: ["sections/angles/kyphoplasty--medicare.md": angle("\nApproval is Guaranteed with our letter.\n")])
        let e = try #require(d.error(containing: "banned phrase “Guaranteed”"))
        #expect(e.location?.line == 12 && e.location?.column == 13)
        #expect(e.hint?.contains("checks.banned_phrases") == true)
        // The site decides the list: an empty one bans nothing.
        let site = Fixtures.read(Fixtures.path("mini") + "/site.yaml") + "checks:\n  banned_phrases: []\n"
        let allowed = try diagnostics(changing: ["site.yaml": site, "sections/angles/kyphoplasty--medicare.md": angle("\nApproval is Guaranteed.\n")])
        #expect(allowed.error(containing: "banned phrase") == nil)
    }

    @Test func textOnlyOnNoindexPagesIsAWarning() throws {
        // The lumbar-mri × medicare page is thin (noindex); a fragment only for it may hold a draft.
        let draft = "---\nsection: checklist\nfor: { procedure: lumbar-mri, payer: medicare }\n---\nTODO: the MRI checklist.\n"
        let d = try diagnostics(changing: ["sections/next-lumbar.md": draft])
        let w = try #require(d.first { $0.message.contains("unfinished text `TODO`") })
        #expect(w.severity == .warning)
        #expect(w.location?.line == 5 && w.location?.column == 1)
        #expect(w.message.contains("is on 1 page built noindex, e.g. /lumbar-mri/medicare/medical-necessity/"))
    }

    @Test func anEmptyFragmentAndUnfinishedWordsInDataAreErrors() throws {
        let policy = Fixtures.read(Fixtures.path("mini") + "/policies/original-medicare.yaml")
            .replacingOccurrences(of: "citation: 42 CFR 405.942", with: "citation: \"42 CFR 405.942 (TK)\"")
        let d = try diagnostics(changing: [
            "sections/angles/kyphoplasty--medicare.md": "---\nsection: angle\nfor: { procedure: kyphoplasty, payer: medicare }\n---\n\n",
            "policies/original-medicare.yaml": policy,
        ])
        let empty = try #require(d.error(containing: "this fragment has no text"))
        #expect(empty.location?.line == 4)
        let tk = try #require(d.error(containing: "unfinished text `TK`"))
        #expect(tk.location?.file.hasSuffix("policies/original-medicare.yaml") == true)
        let line = try #require(policy.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("(TK)") })
        #expect(tk.location?.line == line + 1)
        // The ladder is on both full Medicare pages and on the Medicare hub page (the third Medicare page is thin).
        #expect(tk.message.contains("would reach 3 indexable pages, e.g. /kyphoplasty/medicare/experimental/, /kyphoplasty/medicare/medical-necessity/, /payers/medicare/"))
    }

    @Test func theSitesOwnHostAndCommentsAreNotContent() throws {
        let d = try diagnostics(changing: [
            "sections/angles/kyphoplasty--medicare.md": angle("\nSee [our guide](https://example.org/guides/payers/medicare/).\n"),
            "payers/aetna.md": "---\n# TODO: FIXME lorem ipsum https://example.net\nname: Aetna\npolicies: [employer-erisa]\n---\n",
        ])
        #expect(d.filter { $0.severity == .error }.isEmpty, "\(d)")
    }

    @Test func anEmptyCriteriaItemIsALoadError() throws {
        let file = Fixtures.read(Fixtures.path("mini") + "/procedures/kyphoplasty.md")
        let changed = file.replacingOccurrences(of: "  items:\n", with: "  items:\n    - \"\"\n")
        #expect(changed != file)
        do {
            _ = try ContentLoader.load(from: Fixtures.copy("mini", changing: ["procedures/kyphoplasty.md": changed]))
            Issue.record("an empty criterion loaded")
        } catch {
            let e = try #require(error.diagnostics.error(containing: "an item of `criteria` is empty"))
            let line = try #require(changed.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "    - \"\"" })
            #expect(e.location?.line == line + 1 && e.location?.column == 7)
        }
    }
}
