import AppealLoad
import AppealModel
import AppealTestSupport
import Foundation
import Testing

/// What the loader refuses before it builds any YAML node, and where it says so.
@Suite struct YAMLPreflightTests {
    func diagnostics(changing changes: [String: String?]) -> [Diagnostic] { loadDiagnostics(changing: changes) }

    static let site = Fixtures.read(Fixtures.path("mini") + "/site.yaml")

    /// Nine levels of ten aliases each: 10⁹ values once expanded, from a few hundred bytes.
    static let bomb: String = {
        var text = "x0: &a0 [v, v, v, v, v, v, v, v, v, v]\n"
        for i in 1...9 {
            text += "x\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        return text
    }()

    @Test func anAliasBombIsRefusedAtTheAliasThatCrossesTheBound() throws {
        let d = diagnostics(changing: ["site.yaml": Self.bomb + Self.site])
        let e = try #require(d.error(containing: "expand to more than"))
        #expect(e.location?.file.hasSuffix("/site.yaml") == true)
        // x4's eighth alias is the first to pass 100,000 values (x3 expands to 11,111 and all before it to 12,349).
        #expect(e.location?.line == 5)
        #expect(d.count == 1)
    }

    @Test func anAliasAsAKeyIsRefusedBeforeComposingHashesIt() throws {
        // Composing hashes each key: a key that aliases a deep anchor chain would cost 2^depth.
        // (Ten levels stay under the expansion bound, so the key itself is what is refused.)
        var text = "a0: &k0 {v: 1}\n"
        for i in 1...10 { text += "a\(i): &k\(i) {l: *k\(i - 1), r: *k\(i - 1)}\n" }
        text += "? *k10\n: 1\n"
        let d = diagnostics(changing: ["site.yaml": text + Self.site])
        let e = try #require(d.error(containing: "cannot be a key"))
        #expect(e.message.contains("*k10"))
        #expect(e.location?.line == 12)
        #expect(e.location?.column == 3)
    }

    @Test func aliasesAsValuesWithinTheBoundStillLoad() throws {
        // The bound is about cost, not style: an ordinary alias reads like the value it names.
        let d = diagnostics(changing: ["site.yaml": Self.site.replacingOccurrences(of: "tagline: A fixture site for tests", with: "tagline: &t A fixture site for tests") + "description_copy_is_not_a_key: *t\n"])
        // The alias itself loads; the only complaint is the unknown key it sits under.
        #expect(d.error(containing: "unknown key `description_copy_is_not_a_key`") != nil)
        #expect(d.error(containing: "alias") == nil)
    }

    @Test func explicitTagsAreRefusedAsWrittenNotIgnored() throws {
        let d = diagnostics(changing: ["payers/aetna.md": "---\nname: !!binary QWV0bmE=\nshort_name: !custom Aetna\n---\nBody.\n"])
        let e = try #require(d.error(containing: "YAML tags are not supported"))
        #expect(e.message.contains("`!!binary`"))
        #expect(e.location?.file.hasSuffix("/payers/aetna.md") == true)
        // Line 2 of the file: the front matter starts after the opening `---`.
        #expect(e.location?.line == 2)
        #expect(e.location?.column == 7)
    }

    @Test(arguments: ["\\0", "\\x07", "\\e", "\\u0085", "\\x7f"])
    func aControlCharacterFromAnEscapeIsRefusedAtItsValue(_ escape: String) throws {
        let d = diagnostics(changing: ["site.yaml": Self.site.replacingOccurrences(of: "tagline: A fixture site for tests", with: "tagline: \"A fixture\(escape)site\"")])
        let e = try #require(d.error(containing: "control character"))
        #expect(e.location?.line == 2)
        #expect(e.location?.column == 10)
    }

    @Test func tabsAndLineBreaksInValuesAreNotControlCharacters() throws {
        let d = diagnostics(changing: ["site.yaml": Self.site.replacingOccurrences(of: "tagline: A fixture site for tests", with: "tagline: \"A fixture\\tsite\\nfor tests\"")])
        #expect(d.error(containing: "control character") == nil)
    }

    @Test func aRawControlCharacterInAnyContentFileIsRefusedWithItsColumn() throws {
        // Typed or pasted into the file itself, in the YAML or in the Markdown body.
        let d = diagnostics(changing: ["sections/lede.md": Fixtures.read(Fixtures.path("mini") + "/sections/lede.md") + "\nA bell\u{07} here, and é before it.\n"])
        let e = try #require(d.error(containing: "control character U+0007"))
        #expect(e.location?.file.hasSuffix("/sections/lede.md") == true)
        #expect(e.location?.column == 7)
        let yaml = diagnostics(changing: ["site.yaml": "name: Mini\u{1B}[31m\n" + Self.site])
        let y = try #require(yaml.error(containing: "control character U+001B"))
        #expect(y.location?.line == 1 && y.location?.column == 11)
    }
}
