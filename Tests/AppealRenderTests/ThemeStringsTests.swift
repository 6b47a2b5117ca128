import AppealModel
import AppealRender
import AppealTestSupport
import Foundation
import Testing

/// The theme's per-language strings files.
@Suite struct ThemeStringsTests {
    func theme(editing file: String, _ edit: (String) -> String) -> String {
        let dir = Fixtures.scratch("strings") + "/theme"
        try! FileManager.default.copyItem(atPath: Fixtures.defaultTheme, toPath: dir)
        let path = dir + "/" + file
        try! edit(Fixtures.read(path)).write(toFile: path, atomically: true, encoding: .utf8)
        return dir
    }

    @Test func theDefaultThemeHasEnglishAndSpanishWithTheSameKeys() throws {
        let theme = try Theme.load(from: Fixtures.defaultTheme)
        let en = try #require(theme.strings["en"]), es = try #require(theme.strings["es"])
        #expect(Set(en.table.keys) == Set(es.table.keys))
        #expect(es.date(Day(iso: "2026-11-20")!) == "20 de noviembre de 2026")
        #expect(en.date(Day(iso: "2026-11-20")!) == "November 20, 2026")
        #expect(TimeLimit(amount: 120, unit: .days, from: "la recepción del aviso").text(es.timeWords) == "120 días a partir de la recepción del aviso")
        #expect(TimeLimit(amount: 1, unit: .days).text(en.timeWords) == "1 day")
        #expect(TimeLimit(amount: 65, unit: .days, calendar: true).text(es.timeWords) == "65 días calendario")
        for key in ThemeStrings.engineKeys { #expect(es.table[key] != nil, "\(key)") }
    }

    @Test func aKeyMissingInOneLanguageIsAnErrorNamingTheKeyAndTheFile() throws {
        let dir = theme(editing: "strings/es.yaml") { $0.replacingOccurrences(of: "  deadline: Plazo para apelar\n", with: "") }
        do {
            _ = try Theme.load(from: dir)
            Issue.record("expected an error")
        } catch {
            let e = try #require(error.diagnostics.error(containing: "ladder.deadline"))
            #expect(e.message.contains("strings/es.yaml"))
            #expect(e.location?.file.hasSuffix("strings/es.yaml") == true)
        }
    }

    @Test func aTemplateThatUsesAnUnknownStringIsAnErrorAtItsLine() throws {
        let dir = theme(editing: "templates/404.mustache") { $0.replacingOccurrences(of: "{{t.not_found.kicker}}", with: "{{t.not_found.kikcer}}") }
        do {
            _ = try Theme.load(from: dir)
            Issue.record("expected an error")
        } catch {
            let e = try #require(error.diagnostics.error(containing: "not_found.kikcer"))
            #expect(e.location?.file.hasSuffix("templates/404.mustache") == true)
            #expect((e.location?.line ?? 0) > 1)
            #expect(e.hint?.contains("not_found.kicker") == true)
        }
    }

    @Test func aSiteLanguageWithoutAStringsFileIsNamed() throws {
        let theme = try Theme.load(from: Fixtures.defaultTheme)
        let problems = theme.checkStrings(for: [Language(code: "en", name: "English"), Language(code: "fr", name: "Français", prefix: "/fr")])
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("`fr`") == true)
        #expect(problems.first?.location?.file.hasSuffix("strings/fr.yaml") == true)
    }

    @Test func noEnglishWordIsLeftInTheTemplates() throws {
        // Every text node and label of the default theme comes from the strings: a template's text
        // between tags has no letters of its own once `{{…}}` tags are taken out.
        let root = Fixtures.defaultTheme + "/templates"
        for file in (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []) where file.hasSuffix(".mustache") {
            let text = Fixtures.read(root + "/" + file).replacing(/\{\{[^}]*\}\}\}?/, with: "")
            for m in text.matches(of: />([^<]*)</) {
                let words = m.1.filter(\.isLetter)
                #expect(words.isEmpty, "\(file): \(m.1)")
            }
            for m in text.matches(of: /(aria-label|title|alt)="([^"]*)"/) { #expect(m.2.filter(\.isLetter).isEmpty, "\(file): \(m.0)") }
        }
    }
}
