import AppealModel
import Foundation
import Testing

/// The source line under a diagnostic, with a caret under the column.
@Suite struct SourceExcerptTests {
    @Test func theCaretSitsUnderTheColumn() throws {
        let text = "---\nname: Aetna\nshort_name: Aetna: CVS\n---\n"
        let d = Diagnostic.error("malformed YAML", at: SourceLocation(file: "payers/aetna.md", line: 3, column: 18)).withExcerpt(from: text)
        #expect(d.description == """
            payers/aetna.md:3:18: error: malformed YAML
                3 | short_name: Aetna: CVS
                  |                  ^
            """)
    }

    @Test func columnsCountCharactersNotBytes() throws {
        // "—" and "é" are three and two bytes: column 10 is the `{` after them.
        let e = try #require(SourceExcerpt.at(SourceLocation(file: "f", line: 1, column: 10), in: "A — café {{ x }}"))
        let caretLine = e.rendered.split(separator: "\n")[1]
        let textLine = e.rendered.split(separator: "\n")[0]
        let caretAt = caretLine.distance(from: caretLine.startIndex, to: caretLine.firstIndex(of: "^")!)
        #expect(Array(textLine)[caretAt] == "{")
    }

    @Test func aLongLineShowsAWindowAroundTheColumn() throws {
        let line = String(repeating: "word ", count: 100) + "{{ payer.nmae }}" + String(repeating: " more", count: 100)
        let e = SourceExcerpt(line: 23, lineText: line, column: 501)
        #expect(e.text.hasPrefix("…") && e.text.hasSuffix("…"))
        #expect(e.text.count <= SourceExcerpt.width + 2)
        #expect(Array(e.text)[e.caret - 1] == "{")
        #expect(e.text.contains("{{ payer.nmae }}"))
    }

    @Test func controlCharactersPrintAsEscapesAndTheCaretFollows() throws {
        let e = SourceExcerpt(line: 1, lineText: "a\u{1B}[31mb\tc", column: 7)
        #expect(!e.text.unicodeScalars.contains { $0.value < 0x20 })
        #expect(e.text == "a\\u{1B}[31mb c")
        #expect(Array(e.text)[e.caret - 1] == "b")
    }

    @Test func windowsLineEndsAndAByteOrderMarkAreNotShown() throws {
        let e = try #require(SourceExcerpt.at(SourceLocation(file: "f", line: 2, column: 1), in: "\u{FEFF}one\r\ntwo\r\n"))
        #expect(e.text == "two")
        #expect(SourceExcerpt.at(SourceLocation(file: "f", line: 1, column: 1), in: "\u{FEFF}one\r\ntwo\r\n")?.text == "one")
        #expect(SourceExcerpt.at(SourceLocation(file: "f", line: 9, column: 1), in: "one\n") == nil)
    }

    @Test func jsonKeepsItsKeysAndAddsTheExcerpt() throws {
        let d = Diagnostic.error("bad", at: SourceLocation(file: "f.md", line: 1, column: 3), hint: "h").withExcerpt(from: "abcdef\n")
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(d)) as? [String: Any])
        #expect(Set(object.keys) == ["severity", "file", "line", "column", "message", "hint", "excerpt"])
        let excerpt = try #require(object["excerpt"] as? [String: Any])
        #expect(excerpt["text"] as? String == "abcdef" && excerpt["caret"] as? Int == 3 && excerpt["line"] as? Int == 1)
        #expect(try JSONDecoder().decode(Diagnostic.self, from: JSONEncoder().encode(d)) == d)
        let none = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(Diagnostic.error("x", at: nil))) as? [String: Any])
        #expect(none["excerpt"] is NSNull)
    }
}
