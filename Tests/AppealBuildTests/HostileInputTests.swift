import AppealBuild
import AppealModel
import AppealTestSupport
import AppealWrite
import Foundation
import Testing

/// Small holes an adversarial run found (issue 17): each input is refused with a location, or
/// printed so it cannot act.
@Suite struct HostileInputTests {
    static let date = Day(iso: "2026-11-29")!
    static let offers = Fixtures.read(Fixtures.path("mini/offers.yaml"))

    func errors(_ content: String, baseURL: String? = nil, output: String = "") -> [Diagnostic] {
        do {
            _ = try SiteBuilder.build(BuildOptions(content: content, theme: Fixtures.defaultTheme, output: output.isEmpty ? Fixtures.scratch() + "/Public" : output,
                                                   date: Self.date, baseURL: baseURL))
            return []
        } catch {
            return error.diagnostics.filter { $0.severity == .error }
        }
    }

    @Test func checkJSONReportsContentErrorsAsJSON() throws {
        let content = Fixtures.copy("mini", changing: ["site.yaml": "name: Broken\n"])
        let result = try Executable.run(["check", "--content", content, "--theme", Fixtures.defaultTheme, "--date", "2026-11-29", "--json"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any], "stdout: \(result.out)")
        #expect((object["errors"] as? Int ?? 0) > 0)
        let findings = object["findings"] as? [[String: Any]] ?? []
        #expect(findings.contains { ($0["file"] as? String)?.hasSuffix("site.yaml") == true && $0["severity"] as? String == "error" })
    }

    @Test func credentialsInTheBaseURLAreRefused() throws {
        let site = Fixtures.read(Fixtures.path("mini/site.yaml")).replacingOccurrences(of: "base_url: https://example.org/guides/", with: "base_url: https://editor:secret@example.org/guides/")
        #expect(site.contains("secret@"))
        let found = errors(Fixtures.copy("mini", changing: ["site.yaml": site]))
        #expect(found.contains { $0.message.hasPrefix("`base_url` must be an absolute http(s) URL") && $0.location?.file.hasSuffix("site.yaml") == true })
        #expect(BaseURL("https://user@example.org/") == nil && BaseURL("https://example.org/a@b/") != nil)
    }

    @Test func aBadBaseURLFailsEvenWhenTheOutputIsUpToDate() throws {
        let output = Fixtures.scratch() + "/Public"
        #expect(errors(Fixtures.path("mini"), output: output).isEmpty)
        #expect(errors(Fixtures.path("mini"), baseURL: "not a url", output: output).contains { $0.message.hasPrefix("--base-url `not a url`") })
    }

    @Test(arguments: [
        ("id: seo25", "id: \"seo 25 <b>\"", "offer id `seo 25 <b>` may only use"),
        ("fallback: none", "fallback: \"\"", "`fallback` is empty"),
    ])
    func badOfferFieldsAreLocatedErrors(_ old: String, _ new: String, _ message: String) throws {
        #expect(Self.offers.contains(old))
        let content = Fixtures.copy("mini", changing: ["offers.yaml": Self.offers.replacingOccurrences(of: old, with: new)])
        let found = errors(content)
        #expect(found.contains { $0.message.hasPrefix(message) && $0.location?.file == content + "/offers.yaml" && ($0.location?.line ?? 0) > 1 }, "\(found)")
    }

    @Test func controlCharactersInContentCannotDriveTheTerminal() {
        let d = Diagnostic.error("unknown key `\u{1B}[31mred\u{1B}[0m\r`", at: SourceLocation(file: "f.md", line: 1, column: 1), hint: "first line\nsecond \u{7}")
        #expect(!d.description.contains("\u{1B}") && !d.description.contains("\r") && !d.description.contains("\u{7}"))
        #expect(d.description.contains("`\\u{1B}[31mred\\u{1B}[0m\\u{D}`"))
        #expect(d.description.contains("hint: first line\nsecond \\u{7}"), "hints keep their lines")
    }
}

@Suite struct HostileFilesTests {
    @Test func aByteOrderMarkWithWindowsLineEndsLoads() throws {
        let aetna = "\u{FEFF}---\r\nname: Aetna\r\npolicies: [employer-erisa]\r\n---\r\nAetna prose.\r\n"
        let site = try SiteBuilder.prepare(BuildOptions(content: Fixtures.copy("mini", changing: ["payers/aetna.md": aetna]), theme: Fixtures.defaultTheme,
                                                        output: "", date: Day(iso: "2026-11-29")!))
        #expect(site.renderer.plan.site.entities[1].contains { $0.slug == "aetna" && $0.name == "Aetna" })
    }

    @Test func aFolderThatCannotBeWrittenIsNotAnotherBuild() {
        do {
            _ = try AppealBuildWriterProbe.writer(output: "/proc/appealpress-no-such-folder/Public")
            Issue.record("wrote under /proc")
        } catch {
            #expect(error.diagnostics.contains { $0.message.hasPrefix("cannot write beside the output folder") }, "\(error.diagnostics)")
            #expect(!error.diagnostics.contains { $0.message.contains("another build") })
        }
    }

    @Test func aThemeAssetLinkedOutsideTheThemeIsRefused() throws {
        let theme = Fixtures.scratch("theme") + "/theme"
        try FileManager.default.copyItem(atPath: Fixtures.defaultTheme, toPath: theme)
        try FileManager.default.createSymbolicLink(atPath: theme + "/assets/leak.txt", withDestinationPath: "/etc/hostname")
        let found: [Diagnostic]
        do {
            _ = try SiteBuilder.prepare(BuildOptions(content: Fixtures.path("mini"), theme: theme, output: "", date: Day(iso: "2026-11-29")!))
            found = []
        } catch { found = error.diagnostics }
        #expect(found.contains { $0.message.hasPrefix("theme asset leak.txt links to /etc/hostname, outside the theme") && $0.location?.file.hasSuffix("assets/leak.txt") == true })
    }
}

/// The writer, reached from a test of the build target.
enum AppealBuildWriterProbe {
    static func writer(output: String) throws(DiagnosticError) -> OutputWriter { try OutputWriter(output: output) }
}
