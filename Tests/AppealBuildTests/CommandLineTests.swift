import AppealTestSupport
import Foundation
import Testing

/// Runs the real `appealpress` executable, as an editor would.
@Suite struct CommandLineTests {
    static let executable = Executable.path

    func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) { try Executable.run(arguments) }

    @Test func errorsExitNonZeroWithCompilerStyleMessagesAndWriteNothing() throws {
        let content = Fixtures.copy("mini", changing: ["sections/lede.md": "---\nsection: lede\n---\nHi {{ payer.nmae }}\n"])
        let output = Fixtures.scratch() + "/Public"
        let result = try run(["build", "--content", content, "--theme", Fixtures.defaultTheme, "--output", output, "--date", "2026-11-29"])
        #expect(result.status == 1)
        #expect(result.err.contains("sections/lede.md:4:4: error: unknown placeholder `{{ payer.nmae }}`"))
        #expect(result.err.contains("hint: did you mean `payer.name`?"))
        #expect(result.err.contains("nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func aGoodBuildPrintsASummary() throws {
        let output = Fixtures.scratch() + "/Public"
        let result = try run(["build", "--content", Fixtures.path("mini"), "--theme", Fixtures.defaultTheme, "--output", output, "--date", "2026-11-29"])
        #expect(result.status == 0)
        #expect(result.out.hasPrefix("Built 6 pages (4 thin) into \(output): 17 files written, 0 unchanged, 0 removed, 6 warnings"))
        // The checks ran on the written pages; their findings are warnings, grouped under headings.
        #expect(result.err.contains("Near-duplicate and thin pages — 0 errors, 2 warnings"))
        #expect(result.err.contains("offers.yaml:32:5: warning: offer `summer` expired on 2026-06-30"))
        #expect(!result.err.contains("error:"))
    }

    @Test func timingsNameEachStageWhenAsked() throws {
        let output = Fixtures.scratch() + "/Public"
        let arguments = ["build", "--quiet", "--content", Fixtures.path("mini"), "--theme", Fixtures.defaultTheme, "--output", output, "--date", "2026-11-29"]
        let timed = try Executable.run(arguments, environment: ProcessInfo.processInfo.environment.merging(["APPEALPRESS_TIMINGS": "1"]) { $1 })
        #expect(timed.status == 0)
        let line = try #require(timed.err.split(separator: "\n").first { $0.hasPrefix("timings: ") })
        for stage in ["loading", "planning", "rendering", "finishing"] { #expect(line.contains(stage + " "), "\(line)") }
        // Not asked: nothing on stderr with --quiet.
        var environment = ProcessInfo.processInfo.environment
        environment["APPEALPRESS_TIMINGS"] = nil
        #expect(try Executable.run(arguments, environment: environment).err.isEmpty)
    }

    @Test func checkExitsNonZeroOnErrorsAndGroupsItsFindings() throws {
        let angle = Fixtures.read(Fixtures.path("mini/sections/angles/kyphoplasty--medicare.md")) + "\nYou have 60 days to appeal.\n"
        let content = Fixtures.copy("mini", changing: ["sections/angles/kyphoplasty--medicare.md": angle])
        let result = try run(["check", "--content", content, "--theme", Fixtures.defaultTheme, "--date", "2026-11-29"])
        #expect(result.status == 1)
        #expect(result.out.contains("\nFacts — 1 error, 0 warnings\n"))
        #expect(result.out.contains("sections/angles/kyphoplasty--medicare.md:12:10: error: “60 days” contradicts the policy data"))
        #expect(result.out.contains("hint: say which plan the sentence is about and write its placeholder instead: `{{ policies.medicare-advantage.levels.1.deadline_days }}` days for Medicare Advantage, `{{ policies.original-medicare.levels.1.deadline_days }}` days for Original Medicare"))
        #expect(result.out.contains("Checked 6 pages and 8 other pages, 9 sitemap URLs in 1 file in "))
        #expect(result.out.contains("1 error, 6 warnings"))
    }

    @Test func checkStrictTurnsWarningsIntoErrors() throws {
        let args = ["check", "--content", Fixtures.path("mini"), "--theme", Fixtures.defaultTheme, "--date", "2026-11-29"]
        let plain = try run(args)
        #expect(plain.status == 0)
        #expect(plain.out.contains(": warning: offer `summer` expired"))
        let strict = try run(args + ["--strict"])
        #expect(strict.status == 1)
        #expect(strict.out.contains(": error: offer `summer` expired"))
    }

    @Test func checkJSONIsForScripts() throws {
        let result = try run(["check", "--content", Fixtures.path("mini"), "--theme", Fixtures.defaultTheme, "--date", "2026-11-29", "--json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        #expect(object["errors"] as? Int == 0)
        #expect(object["warnings"] as? Int == 6)
        let findings = try #require(object["findings"] as? [[String: Any]])
        let offer = try #require(findings.first { ($0["message"] as? String)?.contains("offer `summer` expired") == true })
        #expect(offer["category"] as? String == "freshness")
        #expect((offer["file"] as? String)?.hasSuffix("offers.yaml") == true && offer["line"] as? Int == 32)
        let pairs = try #require(object["nearDuplicates"] as? [[String: Any]])
        #expect(pairs.first?["a"] as? String == "/kyphoplasty/medicare/experimental/")
    }

    @Test func buildStrictWritesNothingWhenTheChecksFindAnything() throws {
        let output = Fixtures.scratch() + "/Public"
        let result = try run(["build", "--strict", "--content", Fixtures.path("mini"), "--theme", Fixtures.defaultTheme, "--output", output, "--date", "2026-11-29"])
        #expect(result.status == 1)
        #expect(result.err.contains(": error: offer `summer` expired"))
        #expect(result.err.contains("nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func aBadDateIsAUsageError() throws {
        let result = try run(["check", "--content", Fixtures.path("mini"), "--theme", Fixtures.defaultTheme, "--date", "tomorrow"])
        #expect(result.status == 1)
        #expect(result.err.contains("--date `tomorrow` is not a date"))
    }

    @Test func reportWritesASelfContainedPageOrJSON() throws {
        let output = Fixtures.scratch() + "/report.html"
        let args = ["report", "--content", Fixtures.path("mini"), "--theme", Fixtures.defaultTheme, "--date", "2026-11-29"]
        let html = try run(args + ["--output", output])
        #expect(html.status == 0)
        #expect(html.out.hasPrefix("Wrote \(output): 6 pages (2 full, 4 thin), 0 errors, 6 warnings"))
        let page = Fixtures.read(output)
        #expect(page.hasPrefix("<!doctype html>") && page.contains("Coverage of the matrix") && !page.contains("<script"))
        let json = try run(args + ["--json"])
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect((object["summary"] as? [String: Any])?["excludedCells"] as? Int == 2)
    }
}

@Suite struct InterruptedBuildTests {
    /// SIGKILL part-way through a build: the previous output must be complete and unchanged, and the
    /// next build must succeed and leave no staging folder behind.
    @Test func aKilledBuildLeavesThePreviousOutputIntact() throws {
        let exe = try #require(CommandLineTests.executable, "appealpress not built")
        let parent = Fixtures.scratch()
        let output = parent + "/Public"
        let arguments = ["build", "--content", Fixtures.repository + "/Content", "--theme", Fixtures.defaultTheme,
                         "--output", output, "--date", "2026-11-29"]
        func build() throws -> Process {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: exe)
            p.arguments = arguments
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            return p
        }
        let first = try build()
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        func snapshot() throws -> [String: Data] {
            var files: [String: Data] = [:]
            for file in try FileManager.default.subpathsOfDirectory(atPath: output) {
                if let data = FileManager.default.contents(atPath: output + "/" + file) { files[file] = data }
            }
            return files
        }
        let before = try snapshot()
        #expect(before.count > 1_000)

        // Change one fragment so the second build has real work, then kill it once it is writing pages.
        let second = try build()
        let staging = parent + "/.Public.staging-\(second.processIdentifier)"
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let pages = FileManager.default.enumerator(atPath: staging)?.allObjects, pages.count > 50 { break }
            if !second.isRunning { break }
            usleep(2_000)
        }
        let killedMidway = second.isRunning
        kill(second.processIdentifier, SIGKILL)
        second.waitUntilExit()
        #expect(try snapshot() == before)
        if killedMidway { #expect(FileManager.default.fileExists(atPath: staging)) }

        let third = try build()
        third.waitUntilExit()
        #expect(third.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: staging))
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).sorted() == [".Public.lock", "Public"])
    }
}
