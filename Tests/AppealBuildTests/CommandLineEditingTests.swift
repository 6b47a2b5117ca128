import AppealTestSupport
import Foundation
import Testing

/// `build --json` and `--quiet`, `new`, and the help of every command, through the real executable.
@Suite struct CommandLineEditingTests {
    let date = ["--date", "2026-11-29"]

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func buildJSONIsOneObjectAndNothingElse() throws {
        let output = Fixtures.scratch() + "/Public"
        // --no-check skips the page checks; the content checks still run and their findings are warnings.
        let result = try Executable.run(["build", "--content", Fixtures.path("mini"), "--theme", Fixtures.defaultTheme, "--output", output, "--json", "--no-check"] + date)
        #expect(result.status == 0)
        #expect(result.err.isEmpty)
        #expect(result.out.hasSuffix("}\n") && result.out.split(separator: "\n").count == 1)
        let summary = try json(result.out)
        #expect(summary["ok"] as? Bool == true)
        #expect(summary["output"] as? String == output)
        for (key, value) in ["pages": 6, "thin": 4, "files": 28, "written": 28, "unchanged": 0, "removed": 0] {
            #expect(summary[key] as? Int == value, "\(key)")
        }
        let warnings = try #require(summary["warnings"] as? [[String: Any]])
        #expect(warnings.count == 1 && warnings[0]["file"] as? String == Fixtures.path("mini") + "/offers.yaml" && warnings[0]["line"] as? Int == 32)
        #expect((warnings[0]["message"] as? String)?.hasPrefix("offer `summer` expired on 2026-06-30") == true)
        #expect((summary["errors"] as? [Any])?.isEmpty == true)
        #expect(summary["seconds"] is Double)

        let again = try json(Executable.run(["build", "--content", Fixtures.path("mini"), "--theme", Fixtures.defaultTheme, "--output", output, "--json", "--no-check"] + date).out)
        #expect(again["written"] as? Int == 0 && again["unchanged"] as? Int == 28)
    }

    @Test func buildJSONCarriesEachErrorWithItsPlace() throws {
        let content = Fixtures.copy("mini", changing: ["sections/lede.md": "---\nsection: lede\n---\nHi {{ payer.nmae }}\n", "procedures/notes.txt": "x"])
        let output = Fixtures.scratch() + "/Public"
        let result = try Executable.run(["build", "--content", content, "--theme", Fixtures.defaultTheme, "--output", output, "--json"] + date)
        #expect(result.status == 1)
        #expect(result.err.isEmpty)
        let summary = try json(result.out)
        #expect(summary["ok"] as? Bool == false)
        #expect(summary["pages"] as? Int == 0)
        let errors = try #require(summary["errors"] as? [[String: Any]])
        #expect(errors.count == 1)
        #expect(errors.first?["severity"] as? String == "error")
        #expect((errors.first?["file"] as? String)?.hasSuffix("/sections/lede.md") == true)
        #expect(errors.first?["line"] as? Int == 4)
        #expect(errors.first?["column"] as? Int == 4)
        #expect(errors.first?["message"] as? String == "unknown placeholder `{{ payer.nmae }}`")
        #expect(errors.first?["hint"] as? String == "did you mean `payer.name`?")
        let warnings = try #require(summary["warnings"] as? [[String: Any]])
        #expect(warnings.first?["message"] as? String == "ignored: not a .md file")
        #expect(warnings.first?["line"] is NSNull && warnings.first?["hint"] is NSNull)
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func quietPrintsOnlyErrors() throws {
        let output = Fixtures.scratch() + "/Public"
        let good = try Executable.run(["build", "--content", Fixtures.copy("mini", changing: ["procedures/notes.txt": "x"]), "--theme", Fixtures.defaultTheme,
                                       "--output", output, "--quiet"] + date)
        #expect(good.status == 0 && good.out.isEmpty && good.err.isEmpty)
        #expect(FileManager.default.fileExists(atPath: output + "/index.html"))

        let content = Fixtures.copy("mini", changing: ["sections/lede.md": "---\nsection: lede\n---\nHi {{ payer.nmae }}\n", "procedures/notes.txt": "x"])
        let bad = try Executable.run(["build", "--content", content, "--theme", Fixtures.defaultTheme, "--output", output, "--quiet"] + date)
        #expect(bad.status == 1 && bad.out.isEmpty)
        #expect(bad.err.contains("error: unknown placeholder `{{ payer.nmae }}`"))
        #expect(!bad.err.contains("warning:"))
    }

    @Test func withoutATerminalThereIsNoProgressLine() throws {
        let result = try Executable.run(["build", "--content", Fixtures.path("mini"), "--theme", Fixtures.defaultTheme, "--output", Fixtures.scratch() + "/Public",
                                         "--no-check"] + date)
        #expect(result.status == 0)
        // Only the content checks' one warning, no progress drawing.
        #expect(result.err.contains("offer `summer` expired"))
        for stream in [result.out, result.err] { #expect(!stream.contains("\r") && !stream.contains("\u{1B}")) }
    }

    @Test func newCreatesAFileThatChecksCleanAndRefusesToOverwrite() throws {
        let content = Fixtures.copy("mini")
        let created = try Executable.run(["new", "payer", "oscar-health", "--content", content, "--name", "Oscar Health"])
        #expect(created.status == 0)
        #expect(created.out.hasPrefix("Created \(content)/payers/oscar-health.md: a new insurer"))
        #expect(Fixtures.read(content + "/payers/oscar-health.md").contains("name: \"Oscar Health\""))
        // No file brings a ladder to the new payer's pages: `new` says so, `check` names them, and
        // listing one (the template's commented `policies:` line) makes them check clean.
        #expect(created.out.contains("Next: its pages show no appeal ladder yet"))
        let bare = try Executable.run(["check", "--content", content, "--theme", Fixtures.defaultTheme] + date)
        #expect(bare.status == 1)
        #expect(bare.err.contains("payers/oscar-health.md:1:1: error: no appeal ladder applies to 3 page(s), e.g. kyphoplasty × oscar-health × experimental"))
        let file = content + "/payers/oscar-health.md"
        try Fixtures.read(file).replacingOccurrences(of: "# policies: [", with: "policies: [").write(toFile: file, atomically: true, encoding: .utf8)
        let check = try Executable.run(["check", "--content", content, "--theme", Fixtures.defaultTheme] + date)
        #expect(check.status == 0, "\(check.err)")
        #expect(check.out.contains("Checked 9 pages"))
        #expect(check.out.contains(": 0 errors,"))

        let again = try Executable.run(["new", "payer", "oscar-health", "--content", content])
        #expect(again.status == 1)
        #expect(again.err.contains("payers/oscar-health.md: error: already exists; `new` never overwrites a file"))
        let slug = try Executable.run(["new", "payer", "Oscar_Health", "--content", content])
        #expect(slug.status == 64)
        #expect(slug.err.contains("hint: for example `oscar-health`"))
        #expect(try Executable.run(["new", "insurer", "x", "--content", content]).status == 64)
        #expect(try Executable.run(["new", "payer", "x", "--content", content + "/nowhere"]).status == 1)
    }

    @Test(arguments: [[], ["build"], ["check"], ["serve"], ["new"]])
    func everyHelpHasExamplesAndExitCodes(_ command: [String]) throws {
        let result = try Executable.run(command + ["--help"])
        #expect(result.status == 0)
        #expect(result.out.contains("Examples:"))
        #expect(result.out.contains("Exit codes"))
        #expect(result.out.contains("USAGE: appealpress"))
        // Preformatted lines fit 80 columns, so help never wraps mid-example.
        #expect(result.out.split(separator: "\n").allSatisfy { $0.count <= 80 || $0.hasPrefix("USAGE:") }, "\(result.out)")
    }
}
