@testable import AppealCheck
import AppealModel
import Testing

/// Every check is linear in the size of its input. These tests count the units of work the checks
/// report (scalars visited, trie steps, stack and attribute probes), never time: doubling the input
/// at most doubles the work, where a quadratic check would quadruple it.
@Suite struct LinearChecksTests {
    static func template(_ text: String) -> PlaceholderText {
        var diagnostics = Diagnostics()
        return PlaceholderText.parse(text, origin: AppealModel.SourceLocation(file: "sections/long.md", line: 5, column: 1), diagnostics: &diagnostics)
    }

    /// A run-on paragraph: `n` clauses with two numbers of days each and no sentence end.
    static func runOn(_ n: Int) -> String {
        (0..<n).map { _ in "you have 60 days to file and {{ payer.name }} gives 90 days to ask" }.joined(separator: ", ") + "\n"
    }

    func factWork(_ n: Int) -> (work: Int, mentions: [FactCheck.Mention]) {
        var work = 0
        let mentions = FactCheck.mentions(in: Self.template(Self.runOn(n)), work: &work)
        return (work, mentions)
    }

    @Test func theFactCheckReadsARunOnParagraphInLinearWork() {
        let (small, a) = factWork(1_000)
        let (large, b) = factWork(2_000)
        let (larger, c) = factWork(4_000)
        #expect(a.count == 2_000 && b.count == 4_000 && c.count == 8_000)
        // Twice the text, at most twice the work (a quadratic reading makes it four times).
        #expect(Double(large) <= 2.05 * Double(small), "work \(small) → \(large)")
        #expect(Double(larger) <= 2.05 * Double(large), "work \(large) → \(larger)")
        // The one sentence is made once and shared by every mention in it.
        #expect(Set(c.map { ObjectIdentifier($0.about) }).count == 1)
        #expect(c[0].sentence.count > 200_000)
        // Locations are still exact, from one forward walk.
        let clause = "you have 60 days to file and {{ payer.name }} gives 90 days to ask, "
        let last = c[c.count - 2]
        #expect(last.location.line == 5 && last.location.column == 1 + clause.unicodeScalars.count * 3_999 + 9)
        #expect(c[c.count - 1].location.column == last.location.column + "60 days to file and {{ payer.name }} gives ".unicodeScalars.count)
    }

    @Test func sentencesAreStillTheOnesAroundEachMention() {
        let mentions = FactCheck.mentions(in: Self.template("Send it in 5 days. You have 60 days to appeal! Then 90 days.\n- A list item 3 days long\n"))
        #expect(mentions.map(\.number) == [5, 60, 90, 3])
        #expect(mentions.map(\.sentence) == ["send it in 5 days.", " you have 60 days to appeal!", " then 90 days.", "- a list item 3 days long\n"])
        #expect(mentions.map(\.location.column) == [12, 29, 53, 15])
    }

    func locateWork(_ n: Int) -> (Int, [String: AppealModel.SourceLocation]) {
        let text = (0..<n).map { "See [page \($0)](/guides/page-\($0)/) and [a repeat](/guides/page-0/)." }.joined(separator: "\n")
        let urls = (0..<n).map { "/guides/page-\($0)/" } + ["/guides/nowhere/"]
        var work = 0
        let found = SourceMap.locate(urls, in: Self.template(text), work: &work)
        return (work, found)
    }

    @Test func thousandsOfLinksInOneFragmentAreLocatedInOnePass() {
        let (small, a) = locateWork(2_000)
        let (large, b) = locateWork(4_000)
        #expect(a.count == 2_000 && b.count == 4_000)
        #expect(Double(large) <= 2.2 * Double(small), "work \(small) → \(large)")
        // Each link at its first occurrence, line and column as before.
        #expect(b["/guides/page-0/"] == AppealModel.SourceLocation(file: "sections/long.md", line: 5, column: 14))
        #expect(b["/guides/page-3999/"] == AppealModel.SourceLocation(file: "sections/long.md", line: 5 + 3_999, column: 17))
        #expect(b["/guides/nowhere/"] == nil)
    }

    @Test func theMultiStringSearchFindsOverlappingStringsAtTheirFirstPlace() {
        var search = TextSearch(["he", "she", "his", "hers", "ushers!"])
        var found = [Int?](repeating: nil, count: 5)
        search.firstOffsets(in: "a hishe ushers", into: &found)
        #expect(found == [5, 4, 2, 10, nil])
        // A later text finds only what the earlier ones did not.
        let new = search.firstOffsets(in: "ushers!", into: &found)
        #expect(new == [4] && found[4] == 0)
    }

    func probes(_ html: String) -> (Int, [String]) {
        let scan = HTMLScanner(fragment: true).scan(html)
        return (scan.probes, scan.problems.map(\.message))
    }

    @Test func aTagWithThousandsOfAttributesIsScannedInLinearWork() {
        func tag(_ n: Int) -> String { "<div " + (0..<n).map { "data-a\($0)=\"x\"" }.joined(separator: " ") + " DATA-A7=\"y\"></div>" }
        let (small, problems) = probes(tag(2_000))
        let (large, _) = probes(tag(4_000))
        #expect(Double(large) <= 2.05 * Double(small), "probes \(small) → \(large)")
        #expect(problems == ["attribute `data-a7` appears twice on <div>"])
        // Fewer than eight are compared directly, with the same answer.
        #expect(probes("<p id=\"a\" ID=\"b\">x</p>").1 == ["attribute `id` appears twice on <p>"])
    }

    @Test func strayEndTagsAndDeepNestingAreScannedInLinearWork() {
        func stray(_ n: Int) -> String { String(repeating: "<span>", count: n) + String(repeating: "</em>", count: n) + String(repeating: "</span>", count: n) }
        let (a, problems) = probes(stray(2_000))
        let (b, _) = probes(stray(4_000))
        #expect(Double(b) <= 2.05 * Double(a), "probes \(a) → \(b)")
        #expect(problems.first == "</em> has no open <em>")
        func nested(_ n: Int) -> String { "<p>" + String(repeating: "<div>", count: n) + String(repeating: "</div>", count: n) + "</p>" }
        let (c, blocks) = probes(nested(2_000))
        let (d, _) = probes(nested(4_000))
        #expect(d <= 2 * c + 10, "probes \(c) → \(d)")
        #expect(blocks.first == "<div> cannot be inside <p>: browsers close the <p> first")
        // A table between them hides the paragraph, as before.
        #expect(!probes("<p><table><tr><td><div>x</div></td></tr></table></p>").1.contains("<div> cannot be inside <p>: browsers close the <p> first"))
        // Closing an outer element past open ones reports each, innermost first.
        #expect(probes("<section><em><b>x</section>").1 == ["<b> is not closed before </section>", "<em> is not closed before </section>"])
    }
}
