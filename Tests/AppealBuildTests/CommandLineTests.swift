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
        #expect(result.out.hasPrefix("Built 6 pages (4 thin) into \(output): 17 files written, 0 unchanged, 0 removed, 0 warnings"))
    }

    @Test func aBadDateIsAUsageError() throws {
        let result = try run(["check", "--content", Fixtures.path("mini"), "--theme", Fixtures.defaultTheme, "--date", "tomorrow"])
        #expect(result.status == 1)
        #expect(result.err.contains("--date `tomorrow` is not a date"))
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
