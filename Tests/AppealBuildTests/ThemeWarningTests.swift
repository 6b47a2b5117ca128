import AppealBuild
import AppealCheck
import AppealModel
import AppealTestSupport
import Foundation
import Testing

/// What loading a theme finds that does not stop a build reaches the editor, as `build` and
/// `check` report it, at the file.
@Suite struct ThemeWarningTests {
    @Test func aFileInStringsThatIsNotYAMLIsAWarningOfBuildAndCheck() throws {
        let theme = Fixtures.scratch("theme") + "/theme"
        try FileManager.default.copyItem(atPath: Fixtures.defaultTheme, toPath: theme)
        let stray = theme + "/strings/notes.txt"
        try "to translate later\n".write(toFile: stray, atomically: true, encoding: .utf8)
        var options = BuildOptions(content: Fixtures.path("mini"), theme: theme, output: Fixtures.scratch() + "/Public", date: Day(iso: "2026-11-29")!)
        let built = try SiteBuilder.build(options)
        #expect(built.committed)
        let warning = built.check.findings.first { $0.diagnostic.message.contains("not a .yaml strings file") }
        #expect(warning?.severity == .warning && warning?.diagnostic.location?.file == stray)
        options.ownLedgerOnly = true
        #expect(try SiteBuilder.check(options).findings.contains { $0.diagnostic.location?.file == stray })
        // The default theme has no such file: no warning.
        options.theme = Fixtures.defaultTheme
        options.output = Fixtures.scratch() + "/Public"
        #expect(!(try SiteBuilder.build(options)).check.findings.contains { $0.diagnostic.message.contains("strings file") })
    }
}
