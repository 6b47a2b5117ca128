import AppealBuild
import AppealModel
import AppealTestSupport
import Foundation
import Testing

/// The README's examples run as written on the bundled site: every `appealpress …` line of its `sh`
/// blocks (but `serve`, which runs until stopped, and `notify`, which posts to a search engine),
/// through the shell with the built binary on the PATH, each block in order on a fresh copy.
@Suite struct ReadmeCommandsTests {
    static let readme = Fixtures.read(Fixtures.repository + "/README.md")

    /// The lines of the README's fenced blocks whose info string is `lang`.
    static func blocks(_ lang: String) -> [[String]] {
        var out: [[String]] = [], current: [String]?
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") {
                if current != nil { out.append(current!); current = nil } else if trimmed == "```" + lang { current = [] }
                continue
            }
            current?.append(trimmed)
        }
        return out
    }

    static var commands: [[String]] {
        blocks("sh").map { $0.filter { $0.hasPrefix("appealpress ") && !$0.hasPrefix("appealpress serve") && !$0.hasPrefix("appealpress notify") } }
            .filter { !$0.isEmpty }
    }

    func shell(_ command: String, in folder: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment
        let bin = try #require(Executable.path).split(separator: "/").dropLast().joined(separator: "/")
        environment["PATH"] = "/" + bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func everyExampleCommandRunsAsWritten() throws {
        let blocks = Self.commands
        #expect(blocks.joined().contains { $0.hasPrefix("appealpress new procedure") })
        #expect(blocks.joined().count >= 5)
        for block in blocks {
            let root = Fixtures.scratch("readme")
            for folder in ["Content", "Themes"] {
                try FileManager.default.copyItem(atPath: Fixtures.repository + "/" + folder, toPath: root + "/" + folder)
            }
            for command in block {
                let result = try shell(command, in: root)
                #expect(result.status == 0, "`\(command)` exited \(result.status):\n\(result.output.suffix(1500))")
            }
        }
    }

    @Test func theVersionNamesTheReleaseAndTheCommit() throws {
        let result = try Executable.run(["--version"])
        #expect(result.status == 0)
        let version = result.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(version.wholeMatch(of: /appealpress [0-9]+\.[0-9]+\.[0-9]+ \(commit ([0-9a-f]{12}(-dirty)?|unknown)\)/) != nil, "\(version)")
    }

    @Test func theSpreadsheetExampleLoads() throws {
        let csv = try #require(Self.blocks("csv").first).joined(separator: "\n") + "\n"
        let content = Fixtures.copy("mini", changing: ["procedures/kyphoplasty.md": nil, "procedures/procedures.csv": csv])
        let result = try Executable.run(["check", "--content", content, "--theme", Fixtures.defaultTheme, "--date", "2026-11-29"])
        #expect(!result.err.contains("error:"), "\(result.err)")
        #expect(result.out.contains("Checked"))
    }
}
