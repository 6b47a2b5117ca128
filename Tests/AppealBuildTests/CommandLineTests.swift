import AppealTestSupport
import Foundation
import Testing

/// Runs the real `appealpress` executable, as an editor would.
@Suite struct CommandLineTests {
    /// The executable sits next to the test bundle in the build folder.
    static let executable: String? = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("appealpress").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.executable, "appealpress not built"))
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

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
