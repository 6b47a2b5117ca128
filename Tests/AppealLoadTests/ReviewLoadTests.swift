import AppealLoad
import AppealModel
import AppealTestSupport
import Foundation
import Testing

/// reviewers.yaml, reviews.yaml and `review:` in site.yaml: read strictly, every problem located.
@Suite struct ReviewLoadTests {
    static let reviewers = """
    reviewers:
      - { id: dr-lee, name: Dana Lee, credentials: "MD", role: clinical, url: "https://lee.test/" }
      - id: legal-team
        kind: organization
        name: Appeals legal team
        role: legal

    """

    func load(_ changes: [String: String?]) -> (Site?, [Diagnostic]) {
        let dir = Fixtures.copy("mini", changing: changes)
        do {
            let (site, warnings) = try ContentLoader.load(from: dir)
            return (site, warnings)
        } catch {
            return (nil, error.diagnostics)
        }
    }

    func ledger(_ lines: String) -> String { "version: 1\nreviews:\n" + lines }

    @Test func recordsMatchTheFileTheyApproveUntilItChanges() throws {
        let lede = Fixtures.read(Fixtures.path("mini") + "/sections/lede.md")
        let digest = SHA256.hex(lede)
        let (site, diagnostics) = load(["reviewers.yaml": Self.reviewers, "reviews.yaml": ledger("""
          - { file: sections/lede.md, reviewer: dr-lee, date: 2026-11-20, sha256: \(digest) }
          - { file: offers.yaml, reviewer: legal-team, date: 2026-11-21, sha256: \(String(repeating: "0", count: 64)) }

        """)])
        let loaded = try #require(site, "\(diagnostics)")
        let book = loaded.reviews
        #expect(book.reviewers["dr-lee"]?.byline == "Dana Lee, MD")
        #expect(book.reviewers["legal-team"]?.kind == .organization && book.reviewers["legal-team"]?.credentials == nil)
        let ledeFile = try #require(loaded.fragments.first { $0.location.file.hasSuffix("sections/lede.md") }).location.file
        #expect(book.isReviewed(ledeFile))
        #expect(!book.isReviewed(loaded.offers.location.file))
        #expect(book.stale[loaded.offers.location.file]?.map { book.records[$0].reviewer } == ["legal-team"])
        #expect(loaded.config.review == .optional)
    }

    @Test func reviewIsRequiredOrOptional() throws {
        let site = Fixtures.read(Fixtures.path("mini") + "/site.yaml")
        #expect(load(["site.yaml": site + "review: required\n"]).0?.config.review == .required)
        let (none, d) = load(["site.yaml": site + "review: mandatory\n"])
        #expect(none == nil)
        let e = try #require(d.error(containing: "`review` must be `required` or `optional`, found `mandatory`"))
        #expect(e.location?.file.hasSuffix("site.yaml") == true && e.location?.line == 8 && e.location?.column == 9)
    }

    @Test func anUnknownReviewerIsALocatedError() throws {
        let (site, d) = load(["reviewers.yaml": Self.reviewers, "reviews.yaml": ledger("""
          - { file: sections/lede.md, reviewer: dr-le, date: 2026-11-20, sha256: \(String(repeating: "a", count: 64)) }

        """)])
        #expect(site == nil)
        let e = try #require(d.error(containing: "unknown reviewer `dr-le`"))
        #expect(e.location?.file.hasSuffix("reviews.yaml") == true && e.location?.line == 3 && e.location?.column == 41)
        #expect(e.hint?.contains("did you mean `dr-lee`?") == true)
    }

    @Test func aReviewOfAFileThatDoesNotExistIsALocatedError() throws {
        let (site, d) = load(["reviewers.yaml": Self.reviewers, "reviews.yaml": ledger("""
          - { file: sections/lede.md, reviewer: dr-lee, date: 2026-11-20, sha256: \(String(repeating: "a", count: 64)) }
          - { file: sections/gone.md, reviewer: dr-lee, date: 2026-11-20, sha256: \(String(repeating: "a", count: 64)) }
          - { file: site.yaml, reviewer: dr-lee, date: 2026-11-20, sha256: \(String(repeating: "a", count: 64)) }

        """)])
        #expect(site == nil)
        let gone = try #require(d.error(containing: "records a review of `sections/gone.md`, which does not exist"))
        #expect(gone.location?.line == 4 && gone.location?.column == 5)
        let notInput = try #require(d.error(containing: "`site.yaml` is not a file pages are built from"))
        #expect(notInput.location?.line == 5)
    }

    /// A standalone page that fails to load has its own error; its review is not a second one
    /// telling the editor to delete the review line.
    @Test func aReviewOfAPageThatFailsToLoadAddsNoError() throws {
        let (site, d) = load(["reviewers.yaml": Self.reviewers, "pages/about.md": "---\ntitle: About\n---\nNo description.\n",
                              "reviews.yaml": ledger("""
          - { file: pages/about.md, reviewer: dr-lee, date: 2026-11-20, sha256: \(String(repeating: "a", count: 64)) }

        """)])
        #expect(site == nil)
        #expect(d.contains { $0.severity == .error && $0.location?.file.hasSuffix("pages/about.md") == true && $0.message.contains("description") }, "\(d)")
        #expect(!d.contains { $0.location?.file.hasSuffix("reviews.yaml") == true }, "\(d)")
    }

    @Test(arguments: [
        ("version: 1\nreviews: [ { file: offers.yaml\n", "malformed YAML", 3),
        ("version: 2\nreviews: []\n", "reviews.yaml has format version 2", 1),
        ("version: 1\nreviews:\n  - { file: offers.yaml, reviewer: dr-lee, date: 2026-13-01, sha256: \(String(repeating: "a", count: 64)) }\n", "is not a date", 3),
        ("version: 1\nreviews:\n  - { file: offers.yaml, reviewer: dr-lee, date: 2026-11-01, sha256: ABC }\n", "must be 64 lower-case hex digits", 3),
        ("version: 1\nreviews:\n  - { file: offers.yaml, reviewer: dr-lee, when: 2026-11-01 }\n", "unknown key `when`", 3),
        ("version: 1\nreview:\n  - {}\n", "unknown key `review` in reviews.yaml", 2),
    ])
    func malformedReviewFilesAreLocatedErrors(text: String, message: String, line: Int) throws {
        let (site, d) = load(["reviewers.yaml": Self.reviewers, "reviews.yaml": text])
        #expect(site == nil)
        let e = try #require(d.error(containing: message), "\(d)")
        #expect(e.location?.file.hasSuffix("reviews.yaml") == true && e.location?.line == line)
    }

    @Test(arguments: [
        ("reviewers:\n  - { id: a, name: A, role: clinical }\n", "a reviewer is missing `credentials`", 2),
        ("reviewers:\n  - { id: a, name: A, credentials: MD, role: nurse }\n", "`role` of reviewer `a` must be one of clinical, legal, editorial, billing", 2),
        ("reviewers:\n  - { id: a, kind: company, name: A, role: legal }\n", "`kind` of reviewer `a` must be `person` or `organization`", 2),
        ("reviewers:\n  - { id: A B, name: A, credentials: MD, role: legal }\n", "reviewer id `A B` must be a slug", 2),
        ("reviewers:\n  - { id: a, name: A, credentials: MD, role: legal }\n  - { id: a, name: B, credentials: JD, role: legal }\n", "reviewer id `a` is used twice", 3),
        ("reviewers:\n  - { id: a, name: A, credentials: MD, role: legal, url: lee.test }\n", "must be an absolute http(s) URL", 2),
    ])
    func badReviewersAreLocatedErrors(text: String, message: String, line: Int) throws {
        let (site, d) = load(["reviewers.yaml": text])
        #expect(site == nil)
        let e = try #require(d.error(containing: message), "\(d)")
        #expect(e.location?.file.hasSuffix("reviewers.yaml") == true && e.location?.line == line)
    }

    @Test func bannedPhrasesAreReadFromChecks() throws {
        let site = Fixtures.read(Fixtures.path("mini") + "/site.yaml")
        #expect(load([:]).0?.config.checks.bannedPhrases == TextScanner.defaultBannedPhrases)
        #expect(load(["site.yaml": site + "checks:\n  banned_phrases: [sure win, no risk]\n"]).0?.config.checks.bannedPhrases == ["sure win", "no risk"])
        #expect(load(["site.yaml": site + "checks:\n  banned_phrases: []\n"]).0?.config.checks.bannedPhrases == [])
        let (none, d) = load(["site.yaml": site + "checks:\n  banned_phrases: { a: b }\n"])
        #expect(none == nil && d.error(containing: "`banned_phrases` in `checks` must be a list") != nil)
    }

    @Test func unfinishedTextIsFoundInValuesAndBodiesButNotInCommentsOrKeys() throws {
        let policy = Fixtures.read(Fixtures.path("mini") + "/policies/employer-erisa.yaml")
        let (site, d) = load([
            "policies/employer-erisa.yaml": "# TODO: check every level; see https://example.com/notes\n" + policy
                .replacingOccurrences(of: "name: ", with: "name: FIXME ", options: [], range: policy.range(of: "name: ")),
            "procedures/lumbar-mri.md": "---\nname: Lumbar MRI  # TODO not content\nshort_name: lumbar MRI\n---\nHub prose, TK.\n",
        ])
        let loaded = try #require(site, "\(d)")
        let marks = loaded.textMarks.map { "\($0.location.file.split(separator: "/").suffix(2).joined(separator: "/")):\($0.location.line):\($0.location.column) \($0.text)" }
        #expect(marks == ["policies/employer-erisa.yaml:2:7 FIXME", "procedures/lumbar-mri.md:5:12 TK"])
    }
}
