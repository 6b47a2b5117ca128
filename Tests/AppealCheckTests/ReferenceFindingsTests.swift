import AppealCheck
import AppealLoad
import AppealModel
import AppealPlan
import AppealRender
import AppealTestSupport
import Foundation
import Testing

/// The findings of the page and content checks on fixtures built to trigger every kind of finding,
/// compared line by line with a reference recorded from the checks as they were before they were
/// made incremental and linear (Tests/Fixtures/reference-findings). A faster check must find exactly
/// the same things: the same messages, locations, hints, pages, words, flags and duplicate pairs.
///
/// One change was made on purpose, by hand, in mini-content.txt: "Send them in about thirty days." is
/// no longer read as a deadline (issue 16: deadlines are told from other counts of days).
///
/// `APPEALPRESS_RECORD_REFERENCE=1 swift test --filter ReferenceFindingsTests` rewrites the reference.
@Suite struct ReferenceFindingsTests {
    static let angleFile = "sections/angles/kyphoplasty--medicare.md"

    /// A scenario: a fixture, the files changed in it, and optionally a theme change or output edits.
    struct Scenario: Sendable {
        var name: String
        var fixture: String
        var changes: [String: String?] = [:]
        var theme: [String: @Sendable (String) -> String] = [:]
        var date = "2026-11-29"
        var sitemapURLs: Int?
        var edit: (@Sendable (SiteOutput, String) -> String)?
    }

    static func read(_ file: String, in fixture: String = "mini") -> String { Fixtures.read(Fixtures.path(fixture + "/" + file)) }

    /// A run of words no other text of the fixture has, to build long shared passages.
    static func words(_ range: Range<Int>) -> String {
        let vocabulary = ["insurer", "reviewer", "records", "letter", "notice", "evidence", "treatment", "imaging", "history", "symptoms",
                          "guideline", "benefit", "summary", "chart", "visit", "result", "months", "weeks", "surgery", "service"]
        return range.map { vocabulary[($0 * 7 + $0 / 20) % vocabulary.count] + "\($0 % 13)" }.joined(separator: " ")
    }

    static var scenarios: [Scenario] {
        let angle = read(angleFile)
        let site = read("site.yaml")
        let matrix = read("matrix.yaml")
        return [
            Scenario(name: "mini", fixture: "mini"),
            Scenario(name: "mini-content", fixture: "mini", changes: [
                angleFile: angle + """

                Compare [Aetna's rules](/guides/kyphoplasty/cigna/medical-necessity/) and [the list](/guides/payers/aetna).
                See [the steps](#steps), [the good steps](#appeal-steps) and [Medicare](/guides/payers/medicare/#nowhere).
                [Aetna](/guides/kyphoplasty/aetna/medical-necessity/?utm_source=guide) and [out](/elsewhere/) and [empty]().

                You have 60 days to appeal. With Original Medicare you have sixty days to ask for a redetermination.
                Ask for a reconsideration by the QIC within a 180-day window with Original Medicare.
                The contractor must decide within 60 days. Medicare assumes you get a notice 5 days after its date.
                YOU HAVE 90 DAYS TO APPEAL. Send them in about thirty days.

                """,
                "matrix.yaml": matrix
                    .replacingOccurrences(of: "title: \"{{ procedure.name }} denied as {{ reason.phrase }} by {{ payer.name }}?\"",
                                          with: "title: \"{{ procedure.name }} denied by {{ payer.name }}?\"")
                    .replacingOccurrences(of: "fields: { name: required }", with: "fields: { name: required, region: optional }"),
                "policies/original-medicare.yaml": read("policies/original-medicare.yaml").replacingOccurrences(of: "reviewed: 2026-11-20", with: "reviewed: 2025-06-30"),
                "sections/never.md": "---\nsection: checklist\nfor: { procedure: lumbar-mri, reason: experimental }\n---\nNever shown.\n",
            ]),
            Scenario(name: "mini-offers-ending", fixture: "mini", date: "2026-12-15"),
            Scenario(name: "mini-thin", fixture: "mini", changes: ["site.yaml": site + "checks: { thin_min_words: 5000, similarity: 0.99 }\n"]),
            Scenario(name: "mini-thin-unique", fixture: "mini", changes: ["site.yaml": site + "checks: { thin_min_unique_words: 400, similarity: 0.5 }\n"]),
            Scenario(name: "mini-orphans", fixture: "mini", changes: ["site.yaml": site + "related_limit: 0\n"],
                     theme: ["templates/hub.mustache": { $0.replacingOccurrences(of: "<li><a href=\"{{url}}\">{{name}}</a></li>", with: "<li>{{name}}</li>") },
                             // The guided hubs list the same pages.
                             "templates/guide.mustache": {
                                 $0.replacingOccurrences(of: "<li><a href=\"{{url}}\"><span class=\"browse__name\">{{name}}</span></a></li>", with: "<li>{{name}}</li>")
                             }]),
            Scenario(name: "mini-broken-template", fixture: "mini",
                     theme: ["templates/page.mustache": { $0.replacingOccurrences(of: "</main>", with: "") }]),
            Scenario(name: "mini-raw-html", fixture: "mini", changes: [
                "site.yaml": site + "raw_html: true\n",
                angleFile: angle + "\n<div class=\"note\">An unclosed <b>note</div>\n\n<p id=\"dup\">one</p><p id=\"dup\">two</p>\n",
            ]),
            Scenario(name: "mini-sitemaps", fixture: "mini", sitemapURLs: 3, edit: { output, text in
                switch output.file {
                case "sitemap.xml":
                    return text.replacingOccurrences(of: "<sitemap><loc>https://example.org/guides/sitemap-3.xml</loc>", with: "<sitemap><loc>https://example.org/guides/sitemap-9.xml</loc>")
                case "sitemap-1.xml":
                    return text.replacingOccurrences(of: "</urlset>", with: "<url><loc>https://example.org/guides/kyphoplasty/aetna/medical-necessity/</loc></url>\n</urlset>")
                default: return text
                }
            }),
            // The same 300 words on two pages, split between the angle and the checklist at different
            // places: the pages are near-duplicates only through shingles that cross the boundary.
            Scenario(name: "mini-boundary", fixture: "mini", changes: [
                "sections/angles/kyphoplasty--aetna--experimental.md": "---\nsection: angle\nfor: { procedure: kyphoplasty, payer: aetna, reason: experimental }\n---\n\(words(0..<150))\n",
                "sections/checklist-kyphoplasty-aetna-experimental.md": "---\nsection: checklist\nfor: { procedure: kyphoplasty, payer: aetna, reason: experimental }\n---\n\(words(150..<300))\n",
                "sections/angles/kyphoplasty--aetna--necessity.md": "---\nsection: angle\nfor: { procedure: kyphoplasty, payer: aetna, reason: medical-necessity }\n---\n\(words(0..<220))\n",
                "sections/checklist-kyphoplasty-aetna-necessity.md": "---\nsection: checklist\nfor: { procedure: kyphoplasty, payer: aetna, reason: medical-necessity }\n---\n\(words(220..<300))\n",
            ]),
            Scenario(name: "bench-small", fixture: "bench-small"),
            // Not the bundled Content/: it is the content team's to edit, and an edit there must not
            // fail the tests. The reference served its purpose when the checks were rebuilt.
        ]
    }

    func result(of scenario: Scenario) throws -> (CheckResult, [String]) {
        let content = scenario.changes.isEmpty ? Fixtures.path(scenario.fixture) : Fixtures.copy(scenario.fixture, changing: scenario.changes)
        var themeRoot = Fixtures.defaultTheme
        if !scenario.theme.isEmpty {
            themeRoot = Fixtures.scratch("theme") + "/theme"
            try FileManager.default.copyItem(atPath: Fixtures.defaultTheme, toPath: themeRoot)
            for (file, change) in scenario.theme {
                let path = themeRoot + "/" + file
                try change(Fixtures.read(path)).write(toFile: path, atomically: true, encoding: .utf8)
            }
        }
        let (site, _) = try ContentLoader.load(from: content)
        let (plan, _) = try Planner.plan(site, buildDate: Day(iso: scenario.date)!)
        let r = SiteRenderer(plan: plan, theme: try Theme.load(from: themeRoot))
        let outputs = scenario.sitemapURLs.map { r.outputs(sitemapLimits: (urls: $0, bytes: Sitemap.maxBytes)) } ?? r.outputs()
        let checker = SiteChecker(renderer: r, outputs: outputs)
        let edit = scenario.edit
        try r.renderEach(outputs) { output, i, bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            checker.inspect(i, html: edit?(output, text) ?? text)
        }
        let roots = [(content, "<content>"), (URL(fileURLWithPath: content).standardizedFileURL.path, "<content>"), (themeRoot, "<theme>"),
                     (URL(fileURLWithPath: Fixtures.defaultTheme).standardizedFileURL.path, "<theme>")]
        let result = checker.finish(adding: SiteChecker.contentFindings(plan: r.plan))
        return (result, roots.map { $0.0 + "\t" + $0.1 })
    }

    /// One line per finding, page, pair and cluster, in an order that does not depend on threads.
    static func lines(_ result: CheckResult, roots: [String]) -> [String] {
        func clean(_ s: String) -> String {
            var s = s
            for pair in roots {
                let parts = pair.split(separator: "\t").map(String.init)
                s = s.replacingOccurrences(of: parts[0], with: parts[1])
            }
            return s
        }
        func at(_ l: AppealModel.SourceLocation?) -> String { l.map { clean($0.file) + ":\($0.line):\($0.column)" } ?? "-" }
        let findings = result.findings.map { f in
            "finding \(f.category.rawValue) \(f.severity) \(at(f.diagnostic.location)) | \(clean(f.diagnostic.message)) | \(clean(f.diagnostic.hint ?? "")) | pages \(f.pages.sorted()) | count \(f.pageCount) | e.g. \(f.examples)"
        }.sorted()
        let pages = result.pages.map { p in
            "page \(p.path) indexable=\(p.indexable) words=\(p.words) unique=\(p.uniqueWords.map(String.init) ?? "-") flags=\(p.flags.rawValue)"
        }
        let pairs = result.duplicatePairs.map { "pair \($0.a) \($0.b) \(String(format: "%.4f", $0.similarity))" }.sorted()
        let clusters = result.clusters.map { "cluster \($0.pages) \(String(format: "%.4f", $0.maxSimilarity)) \(at($0.source))" }.sorted()
        return findings + pages + pairs + clusters + ["sitemaps \(result.sitemapFiles) files \(result.sitemapURLs) urls"]
    }

    static func referencePath(_ name: String) -> String { Fixtures.path("reference-findings/\(name).txt") }

    @Test(arguments: scenarios.map(\.name))
    func theChecksFindExactlyWhatTheReferenceFound(_ name: String) throws {
        let scenario = try #require(Self.scenarios.first { $0.name == name })
        let (result, roots) = try result(of: scenario)
        let got = Self.lines(result, roots: roots)
        let path = Self.referencePath(name)
        if ProcessInfo.processInfo.environment["APPEALPRESS_RECORD_REFERENCE"] == "1" {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try (got.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        let expected = Fixtures.read(path).split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast()
        #expect(!expected.isEmpty, "no reference at \(path)")
        let missing = expected.filter { !got.contains($0) }, extra = got.filter { !expected.contains($0) }
        // The default theme's words count too: a deliberate change to the theme or a fixture is
        // recorded again (the command above), and the diff of the reference shows what it changed.
        #expect(missing.isEmpty && extra.isEmpty, """
            missing:\n\(missing.joined(separator: "\n"))\nextra:\n\(extra.joined(separator: "\n"))
            (after a deliberate theme or fixture change: APPEALPRESS_RECORD_REFERENCE=1 swift test --filter ReferenceFindingsTests)
            """)
        #expect(expected.count == got.count)
    }

    /// The scenarios do trigger every kind of finding the checks have: a reference without some kind
    /// would prove nothing about it.
    @Test func theScenariosCoverEveryKindOfFinding() throws {
        let all = Self.scenarios.map { Fixtures.read(Self.referencePath($0.name)) }.joined(separator: "\n")
        let kinds = [
            "broken link `", "broken anchor `#steps`", "broken anchor `/guides/payers/medicare/#nowhere`", "carries UTM parameters",
            "is outside the site", "empty link", "did you mean", "duplicate titles", "contradicts the policy data", "is typed in the prose",
            "was last reviewed", "expired on", "ends in", "never used", "is declared but nothing uses", "orphan page", "not well-formed HTML5",
            "the HTML of this fragment is not well-formed", "sitemap index lists", "was written but the sitemap index does not list it",
            "a noindex page is listed in the sitemap", "an indexable page is missing from the sitemap", "are near-duplicates",
            "thin page: fewer than", "thin page: adds fewer than", "pair ", "cluster ",
        ]
        for kind in kinds { #expect(all.contains(kind), "no scenario triggers “\(kind)”") }
        // The boundary scenario's two lumbar MRI pages are near-duplicates of each other.
        let boundary = Fixtures.read(Self.referencePath("mini-boundary"))
        #expect(boundary.contains("/kyphoplasty/aetna/experimental/ ↔ /kyphoplasty/aetna/medical-necessity/"))
    }
}
