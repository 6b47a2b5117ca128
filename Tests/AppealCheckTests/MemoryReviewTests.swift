@testable import AppealCheck
import AppealLoad
import AppealModel
import AppealPlan
import AppealRender
import AppealTestSupport
import Foundation
import Testing

/// Review of the checks that keep little per page (issue 16): each test pins a case where the
/// streamed, hashed bookkeeping must find what the whole-site bookkeeping of before found.
@Suite struct MemoryReviewTests {
    /// What `checkPageMeta` found before texts were hashed: texts grouped by `String` equality
    /// (canonical equivalence), pages in page order, each group under its lowest page's text.
    func reference(_ texts: [(text: String, page: Int)]) -> [String: [Int]] {
        var groups: [String: [Int]] = [:]
        for (text, page) in texts.sorted(by: { $0.page < $1.page }) { groups[text, default: []].append(page) }
        return groups.filter { $0.value.count > 1 }
    }

    /// Swift compares strings by canonical equivalence: "Café" typed precomposed (U+00E9) and typed
    /// with a combining accent (e U+0301) are one title to the old check, so one shared text, and the
    /// text shown is the lowest page's, byte for byte, whatever order the pages come in.
    @Test func canonicallyEqualTextsAreOneSharedText() {
        let nfc = "Caf\u{E9} appeals", nfd = "Cafe\u{301} appeals", angstrom = "\u{212B} unit", ring = "\u{C5} unit"
        #expect(nfc == nfd && Array(nfc.utf8) != Array(nfd.utf8))
        let texts: [(text: String, page: Int)] = [(nfd, 0), (nfc, 1), (nfc, 2), (nfd, 3), ("Plain", 4), ("Plain", 5),
                                                  (ring, 6), (angstrom, 7), (nfc, 8), ("Alone", 9), (nfd + " ", 10)]
        let expected = reference(texts)
        var generator = SystemRandomNumberGenerator()
        for round in 0..<50 {
            var shared = SharedTexts()
            for (text, page) in round == 0 ? texts : texts.shuffled(using: &generator) { shared.add(text, page: page) }
            #expect(shared.repeated.count == expected.count, "round \(round): \(shared.repeated)")
            for (text, pages) in expected {
                let found = shared.repeated.first { $0.key == text }
                #expect(found.map { Set($0.value) } == Set(pages), "round \(round): \(text)")
                // The key is the text of the group's lowest page, as the old dictionary kept it.
                #expect(found.map { Array($0.key.utf8) } == Array(text.utf8), "round \(round): \(text)")
            }
        }
    }

    /// The same through the checker: two insurers whose names differ only in how "é" is typed give
    /// their hubs one title and one description, which the check reports as shared (as before).
    @Test func hubsWhoseTitlesDifferOnlyInNormalizationShareTheirTitle() throws {
        let aetna = Fixtures.read(Fixtures.path("mini/payers/aetna.md")).replacingOccurrences(of: "name: Aetna", with: "name: Caf\u{E9}")
        let medicare = Fixtures.read(Fixtures.path("mini/payers/medicare.md")).replacingOccurrences(of: "name: Medicare", with: "name: Cafe\u{301}")
        let content = Fixtures.copy("mini", changing: ["payers/aetna.md": aetna, "payers/medicare.md": medicare])
        let (site, _) = try ContentLoader.load(from: content)
        let (plan, _) = try Planner.plan(site, buildDate: Day(iso: "2026-11-29")!)
        let renderer = SiteRenderer(plan: plan, theme: try Theme.load(from: Fixtures.defaultTheme))
        let outputs = renderer.outputs()
        let checker = SiteChecker(renderer: renderer, outputs: outputs)
        try renderer.renderEach(outputs) { _, i, bytes in checker.inspect(i, bytes: bytes) }
        let result = checker.finish(adding: [])
        let titles = try #require(result.findings.first { $0.diagnostic.message.hasPrefix("duplicate titles: 1 text is repeated") })
        #expect(titles.examples == ["/payers/aetna/", "/payers/medicare/"])
        #expect(titles.diagnostic.hint?.hasPrefix("e.g. “Caf\u{E9} · Mini Appeals” is on 2 pages") == true)
        #expect(titles.diagnostic.hint.map { Array($0.utf8).starts(with: Array("e.g. “Caf\u{E9}".utf8)) } == true)
        #expect(result.findings.contains { $0.diagnostic.message.hasPrefix("duplicate meta descriptions") && $0.examples == ["/payers/aetna/", "/payers/medicare/"] })
    }
}
