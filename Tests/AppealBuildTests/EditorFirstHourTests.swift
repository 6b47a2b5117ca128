import AppealBuild
import AppealModel
import AppealTestSupport
import Foundation
import Testing

/// A content editor's first hour (issue 13): errors that show the line, one error per root cause,
/// `--strict` counts that match what it prints, and `new` that leaves a site which builds.
@Suite struct EditorFirstHourTests {
    func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) { try Executable.run(arguments) }

    /// A scratch copy of the bundled Content/ (the site a newcomer starts from).
    func bundledCopy() throws -> String {
        let dir = Fixtures.scratch("bundled") + "/Content"
        try FileManager.default.copyItem(atPath: Fixtures.repository + "/Content", toPath: dir)
        return dir
    }

    @Test func errorsShowTheSourceLineWithACaret() throws {
        let content = Fixtures.copy("mini", changing: ["sections/lede.md": "---\nsection: lede\n---\nAsk — today — {{ payer.nmae }} for the form.\n"])
        let result = try run(["check", "--content", content, "--theme", Fixtures.defaultTheme, "--date", "2026-11-29"])
        #expect(result.status == 1)
        #expect(result.err.contains("""
            sections/lede.md:4:15: error: unknown placeholder `{{ payer.nmae }}`
                4 | Ask — today — {{ payer.nmae }} for the form.
                  |               ^
                hint: did you mean `payer.name`?
            """))
        let json = try run(["check", "--json", "--content", content, "--theme", Fixtures.defaultTheme, "--date", "2026-11-29"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let finding = try #require((object["findings"] as? [[String: Any]])?.first { ($0["message"] as? String)?.contains("payer.nmae") == true })
        #expect(finding["line"] as? Int == 4 && finding["column"] as? Int == 15 && finding["hint"] as? String == "did you mean `payer.name`?")
        let excerpt = try #require(finding["excerpt"] as? [String: Any])
        #expect(excerpt["text"] as? String == "Ask — today — {{ payer.nmae }} for the form." && excerpt["caret"] as? Int == 15)
    }

    @Test func excerptsComeFromEachFileReadOnceUpToALimit() throws {
        let file = Fixtures.scratch() + "/many.yaml"
        try (0..<1_200).map { "key\($0): \($0)\r\n" }.joined().write(toFile: file, atomically: true, encoding: .utf8)
        let all = SiteBuilder.withExcerpts((0..<1_200).map { Diagnostic.error("unknown key", at: SourceLocation(file: file, line: $0 + 1, column: 1)) })
        #expect(all[0].excerpt?.text == "key0: 0")
        #expect(all[999].excerpt?.text == "key999: 999")
        #expect(all[1_000].excerpt == nil && all[1_000].location?.line == 1_001)
    }

    @Test func aFileThatFailsToParseIsReportedOnce() throws {
        let content = Fixtures.copy("mini", changing: ["payers/medicare.md": "---\nname: Medicare: Original\npolicies: [original-medicare]\n---\n"])
        let result = try run(["check", "--content", content, "--theme", Fixtures.defaultTheme, "--date", "2026-11-29"])
        #expect(result.status == 1)
        #expect(result.err.contains("payers/medicare.md:2:15: error: malformed YAML"))
        #expect(!result.err.contains("unknown payer"))
        #expect(result.err.components(separatedBy: "could not be read, see above").count == 2)
        #expect(result.err.contains("payer `medicare` could not be read, see above (\(content)/payers/medicare.md)"))
        #expect(result.err.contains("2 errors, 0 warnings; nothing was written."))
    }

    @Test func strictHeadersAndSummaryCountWhatTheyPrint() throws {
        let result = try run(["check", "--strict", "--content", Fixtures.path("mini"), "--theme", Fixtures.defaultTheme, "--date", "2026-11-29"])
        #expect(result.status == 1)
        #expect(!result.out.contains(": warning:"))
        let headers = result.out.split(separator: "\n").filter { $0.contains(" — ") && $0.contains(" error") }
        #expect(headers.count == 3)
        #expect(headers.allSatisfy { $0.hasSuffix(", 0 warnings") })
        #expect(result.out.contains("s: 6 errors, 0 warnings"))
    }

    @Test func theBundledSiteHasNoWarningsSoStrictPasses() throws {
        for date in [["--date", "2026-11-29"], []] {
            let result = try run(["check", "--strict"] + date)
            #expect(result.status == 0, "\(date): \(result.out.suffix(800))")
            #expect(result.out.contains(": 0 errors, 0 warnings"))
        }
    }

    @Test func newProcedureThenBuildFailsOnlyOnWhatTheEditorMustFill() throws {
        let content = try bundledCopy()
        let created = try run(["new", "procedure", "spinal-fusion-revision", "--content", content, "--theme", Fixtures.defaultTheme])
        #expect(created.status == 0)
        let text = Fixtures.read(content + "/procedures/spinal-fusion-revision.md")
        // The bundled fragments show {{ procedure.criteria_source }}: the new file has `criteria:` to fill.
        #expect(text.contains("\ncriteria:\n") && text.contains("source: \"TODO:"))
        #expect(created.out.contains("Fill in the TODO fields"))
        // `new` said what the build will stop on, each at its line.
        #expect(created.out.contains("Still missing"))
        #expect(created.out.contains("procedures/spinal-fusion-revision.md:20:12: error: unfinished text `TODO`"))
        let build = try run(["build", "--content", content, "--theme", Fixtures.defaultTheme, "--output", Fixtures.scratch() + "/Public", "--date", "2026-11-29"])
        let errors = build.err.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(build.status == 1)
        #expect(!errors.isEmpty)
        // Only the placeholders the trust gate holds back, each also named by `new`.
        for line in errors {
            #expect(line.contains("spinal-fusion-revision.md") && line.contains("unfinished text `TODO`"), "\(line)")
            #expect(created.out.contains(line), "`new` did not mention: \(line)")
        }
        // Filled in, it builds.
        let filled = text.replacingOccurrences(of: "\"TODO: the document that states the rules\"", with: "\"NCD 150.2: Lumbar spinal fusion\"")
            .replacingOccurrences(of: "\"TODO: one thing the reviewer checks\"", with: "\"Imaging shows instability.\"")
        try filled.write(toFile: content + "/procedures/spinal-fusion-revision.md", atomically: true, encoding: .utf8)
        let again = try run(["build", "--content", content, "--theme", Fixtures.defaultTheme, "--output", Fixtures.scratch() + "/Public", "--date", "2026-11-29"])
        #expect(again.status == 0, "\(again.err.suffix(1500))")
    }

    @Test func newPayerSaysAnInsurerAndKeepsTheBrandsCase() throws {
        let content = Fixtures.copy("mini")
        let created = try run(["new", "payer", "oscar-health", "--name", "Oscar Health", "--content", content, "--theme", Fixtures.defaultTheme])
        #expect(created.status == 0)
        let text = Fixtures.read(content + "/payers/oscar-health.md")
        #expect(text.contains("# An insurer: one value of the `payer` dimension"))
        #expect(!text.contains("A insurer"))
        #expect(text.contains("name: \"Oscar Health\""))
        // No ladder yet in this fixture: `new` names the field to fill, and the check after writing agrees.
        #expect(created.out.contains("Next: its pages show no appeal ladder yet"))
        #expect(created.out.contains("Still missing"))
        #expect(created.out.contains("error: no appeal ladder applies"))
    }
}
