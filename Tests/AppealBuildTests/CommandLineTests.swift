import AppealBuild
import AppealModel
import AppealWrite
import AppealTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif
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
        #expect(result.out.hasPrefix("Built 6 pages (4 thin) into \(output): 28 files written, 0 unchanged, 0 removed, 6 warnings"))
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
        #expect(result.out.contains("Checked 6 pages and 15 other pages, 12 sitemap URLs in 1 file in "))
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
        #expect(result.status == 64)
        #expect(result.err.contains("--date `tomorrow` is not a date"))
    }

    @Test(arguments: ["build", "check", "report"])
    func aBadBaseURLIsAUsageErrorForEveryCommandThatTakesIt(_ command: String) throws {
        let output = Fixtures.scratch() + "/Public"
        var arguments = [command, "--content", Fixtures.path("mini"), "--theme", Fixtures.defaultTheme, "--base-url", "https://example.org/../x/"]
        if command == "build" { arguments += ["--output", output] }
        let result = try run(arguments)
        #expect(result.status == 64)
        #expect(result.err.contains("--base-url `https://example.org/../x/` must be an absolute http(s) URL"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func checkAndReportIgnoreAnotherSitesLedgerInPublicButBuildDoesNot() throws {
        // Run from a folder whose Public/ holds another site's build, as the repository does after
        // the README's first command: check and report of another site must not compare with it.
        let folder = Fixtures.scratch()
        let other = try Executable.run(["build", "--content", Fixtures.path("mini"), "--theme", Fixtures.defaultTheme, "--output", folder + "/Public",
                                        "--date", "2026-11-29", "--base-url", "https://other.example/", "--quiet"])
        #expect(other.status == 0)
        #expect(FileManager.default.fileExists(atPath: folder + "/Public/appealpress-ledger.json"))
        let common = ["--content", Fixtures.path("mini"), "--theme", Fixtures.defaultTheme, "--date", "2026-11-29"]
        let check = try Executable.run(["check"] + common, in: folder)
        #expect(check.status == 0, "\(check.err)")
        let report = try Executable.run(["report"] + common + ["--output", folder + "/report.html"], in: folder)
        #expect(report.status == 0, "\(report.err)")
        // build would replace that output: another site's ledger there is still an error.
        let build = try Executable.run(["build"] + common + ["--quiet"], in: folder)
        #expect(build.status == 1)
        #expect(build.err.contains("is of https://other.example/, not of this site"))
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
    /// A build paused at a named point (`APPEALPRESS_TEST_PAUSE`) and killed there with SIGKILL.
    struct Run {
        let process = Process()
        let stderr = Pipe()

        init(_ exe: String, _ arguments: [String], pauseAt point: String?) throws {
            process.executableURL = URL(fileURLWithPath: exe)
            process.arguments = arguments
            var environment = ProcessInfo.processInfo.environment
            environment["APPEALPRESS_TEST_PAUSE"] = point
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = stderr
            try process.run()
        }

        /// Waits for the build to say it paused at `point` (false if it ended first).
        func waitForPause(_ point: String) -> Bool {
            var seen = Data()
            let handle = stderr.fileHandleForReading
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { return false }
                seen += chunk
                if String(decoding: seen, as: UTF8.self).contains("paused at \(point)\n") { return true }
            }
        }

        func kill() {
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    static func snapshot(_ folder: String, manifest: Bool = true) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for file in try FileManager.default.subpathsOfDirectory(atPath: folder) where manifest || file != ".appealpress-output" {
            if let data = FileManager.default.contents(atPath: folder + "/" + file) { files[file] = data }
        }
        return files
    }

    /// SIGKILL at every stage of a build that has real work to do (an edited fragment): after
    /// planning, early and late while files are staged, and on both sides of the swap. Each time
    /// the output is a complete site — the previous one, byte for byte, or (killed after the
    /// exchange) the new one — and the next build succeeds and leaves no staging folder behind.
    @Test func aBuildKilledAtAnyPointLeavesACompleteOutput() throws {
        let exe = try #require(CommandLineTests.executable, "appealpress not built")
        let content = Fixtures.copy("mini")
        let parent = Fixtures.scratch()
        let output = parent + "/Public"
        let arguments = ["build", "--content", content, "--theme", Fixtures.defaultTheme, "--output", output, "--date", "2026-11-29"]
        let first = try Run(exe, arguments, pauseAt: nil)
        first.process.waitUntilExit()
        #expect(first.process.terminationStatus == 0)
        let before = try Self.snapshot(output)
        #expect(before.count == 29, "28 files and the manifest")

        // What the edited site looks like when a build of it completes, in a folder of its own.
        let lede = content + "/sections/lede.md"
        try (Fixtures.read(lede) + "\nOne more sentence for every page.\n").write(toFile: lede, atomically: true, encoding: .utf8)
        // Compared with the same ledger, so its change list and sitemap dates are those of the edit.
        let reference = Fixtures.scratch() + "/Public"
        let ledger = Fixtures.scratch("ledger") + "/appealpress-ledger.json"
        try FileManager.default.copyItem(atPath: output + "/appealpress-ledger.json", toPath: ledger)
        let full = try Run(exe, ["build", "--content", content, "--theme", Fixtures.defaultTheme, "--output", reference, "--date", "2026-11-29",
                                 "--since", ledger], pauseAt: nil)
        full.process.waitUntilExit()
        let after = try Self.snapshot(reference, manifest: false)
        #expect(after != (try Self.snapshot(output, manifest: false)))

        for point in ["planned", "writing:2", "writing:15", "swap", "exchanged"] {
            let run = try Run(exe, arguments, pauseAt: point)
            let staging = parent + "/.Public.staging-\(run.process.processIdentifier)"
            #expect(run.waitForPause(point), "the build reached \(point)")
            if point.hasPrefix("writing:") {
                // Killed while staging files: some are staged, the output is untouched.
                let staged = FileManager.default.enumerator(atPath: staging)?.allObjects as? [String] ?? []
                #expect(!staged.isEmpty, "\(point): files were being staged")
            }
            run.kill()
            if point == "exchanged" {
                #expect(try Self.snapshot(output, manifest: false) == after, "killed after the exchange: the new site, complete")
            } else {
                #expect(try Self.snapshot(output) == before, "killed at \(point): the previous site, byte for byte")
            }
            let next = try Run(exe, arguments, pauseAt: nil)
            next.process.waitUntilExit()
            #expect(next.process.terminationStatus == 0, "the build after a kill at \(point)")
            #expect(try Self.snapshot(output, manifest: false) == after)
            let left = try FileManager.default.contentsOfDirectory(atPath: parent).sorted()
            // No staging folder is left (after the exchange the next build has nothing to do, and
            // still removes the killed build's folder); the replaced output may be kept for recycling.
            // The page summaries a completed build keeps beside the output may be there too.
            #expect(left.filter { $0 != ".Public.previous" && $0 != ".Public.checks" } == [".Public.lock", "Public"], "after a kill at \(point)")
            // Back to the old site for the next kill point.
            try FileManager.default.removeItem(atPath: output)
            try? FileManager.default.removeItem(atPath: parent + "/.Public.previous")
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: false)
            for (file, data) in before {
                let path = output + "/" + file
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                #expect(FileManager.default.createFile(atPath: path, contents: data))
            }
        }
    }

    /// Where the swap cannot be one exchange it is two renames, and a kill between them leaves no
    /// output, only the replaced one beside it. Any later build puts it back first — even one that
    /// then fails validation and writes nothing.
    @Test func aHalfSwappedOutputIsRestoredByTheNextBuild() throws {
        let parent = Fixtures.scratch()
        let output = parent + "/Public"
        let options = BuildOptions(content: Fixtures.path("mini"), theme: Fixtures.defaultTheme, output: output, date: Day(iso: "2026-11-29")!)
        _ = try SiteBuilder.build(options)
        let before = try Self.snapshot(output)
        try FileManager.default.moveItem(atPath: output, toPath: parent + "/.Public.previous")

        var broken = options
        broken.content = Fixtures.copy("mini", changing: ["site.yaml": "name: Broken\n"])
        #expect(throws: DiagnosticError.self) { try SiteBuilder.build(broken) }
        #expect(try Self.snapshot(output) == before)

        let report = try SiteBuilder.build(options)
        #expect(report.written == 0 && report.unchanged == 28)
    }

    /// An output whose manifest is corrupt or of another version is still ours to replace, but
    /// nothing in it is trusted: every page is rendered again, and the result is the same site.
    @Test(arguments: ["AppealPress output manifest, version 9. A build replaces this folder whole.\n{}\nend 0\n", "\u{0}\u{1}garbage"])
    func aManifestThatCannotBeReadMeansEveryPageIsMadeAgain(_ manifest: String) throws {
        let output = Fixtures.scratch() + "/Public"
        let options = BuildOptions(content: Fixtures.path("mini"), theme: Fixtures.defaultTheme, output: output, date: Day(iso: "2026-11-29")!)
        _ = try SiteBuilder.build(options)
        var before = try Self.snapshot(output, manifest: false)
        try manifest.write(toFile: output + "/.appealpress-output", atomically: true, encoding: .utf8)
        let again = try SiteBuilder.build(options)
        #expect(again.committed)
        // The change lists now say nothing changed; every other file is as before.
        for list in ["appealpress-changes.json", "appealpress-changes.txt"] { before.removeValue(forKey: list) }
        #expect(again.written + again.unchanged == 28)
        #expect(try Self.snapshot(output, manifest: false).filter { !$0.key.hasPrefix("appealpress-changes") } == before)
        #expect(OutputManifest.read(folder: output) != nil)
    }
}
