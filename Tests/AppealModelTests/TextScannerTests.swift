@testable import AppealModel
import Testing

@Suite struct TextScannerTests {
    let scanner = TextScanner(bannedPhrases: TextScanner.defaultBannedPhrases, ownHost: "appeals.example.org")

    func found(_ text: String) -> [String] {
        scanner.marks(in: text, from: SourceLocation(file: "f.md", line: 1, column: 1)).map { "\($0.kind.rawValue):\($0.text)" }
    }

    @Test func unfinishedWordsMatchAsWholeWordsOnly() {
        #expect(found("TODO: write this") == ["unfinished:TODO"])
        #expect(found("see todo, and (FIXME)") == ["unfinished:todo", "unfinished:FIXME"])
        #expect(found("Quote TK here.") == ["unfinished:TK"])
        // TK is case-sensitive; words that contain these letters are prose.
        #expect(found("tk is a typo; TKO, ATK, Mastodon, todos, TODOLIST and photodocumentation are words") == [])
        #expect(found("Lorem  ipsum dolor\nLOREM\nIPSUM") == ["unfinished:Lorem ipsum", "unfinished:LOREM IPSUM"])
    }

    @Test func exampleDomainsAreStandInsExceptTheSitesOwnHost() {
        #expect(found("See https://www.example.org/TODO.") == ["exampleLink:www.example.org", "unfinished:TODO"])
        #expect(found("mail help@example.com or example.net/x") == ["exampleLink:example.com", "exampleLink:example.net"])
        #expect(found("https://appeals.example.org/kyphoplasty/ and https://appealpress.example/start") == [])
        #expect(found("myexample.org, example.organic, example.com-tools, example.orgs") == [])
    }

    @Test func bannedPhrasesMatchInAnyCaseAcrossLineBreaks() {
        #expect(found("Approval is GUARANTEED.") == ["bannedPhrase:GUARANTEED"])
        #expect(found("We have 100% success\nand you are always\n  approved.") == ["bannedPhrase:100% success", "bannedPhrase:always approved"])
        #expect(found("No outcome is guaranteeable; unguaranteed.") == [])
        let custom = TextScanner(bannedPhrases: ["sure win"])
        #expect(custom.marks(in: "a Sure  Win; guaranteed", from: SourceLocation(file: "f")).map(\.text) == ["Sure Win"])
    }

    @Test func marksAreLocatedAtTheWordInTheFile() {
        let text = "---\nname: x\n---\nFirst line.\nIt is — é — TODO and lorem ipsum.\n"
        let marks = scanner.marks(in: text, from: SourceLocation(file: "a.md", line: 1, column: 1))
        #expect(marks.map(\.location.description) == ["a.md:5:13", "a.md:5:22"])
        // Text that starts part-way into its file counts from there.
        #expect(scanner.marks(in: "x TODO", from: SourceLocation(file: "b.md", line: 9, column: 4)).first?.location.description == "b.md:9:6")
    }
}
