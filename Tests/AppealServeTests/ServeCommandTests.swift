import AppealTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `appealpress serve` as a process: says where it serves, answers, stops cleanly on Ctrl-C.
@Suite struct ServeCommandTests {
    /// Reads the process's stdout until a line contains `text`, for at most `timeout` seconds.
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        func append(_ data: Data) { lock.withLock { text += String(decoding: data, as: UTF8.self) } }
        var all: String { lock.withLock { text } }

        func wait(for needle: String, timeout: Double) -> Bool {
            let end = Date().addingTimeInterval(timeout)
            while Date() < end {
                if all.contains(needle) { return true }
                usleep(20_000)
            }
            return false
        }
    }

    @Test func servesUntilInterrupted() throws {
        let content = Fixtures.copy("mini")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Executable.path, "appealpress not built"))
        process.arguments = ["serve", "--content", content, "--theme", Fixtures.defaultTheme, "--port", "0", "--date", "2026-11-29"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let lines = Lines()
        out.fileHandleForReading.readabilityHandler = { lines.append($0.availableData) }
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        #expect(lines.wait(for: "Ctrl-C to stop", timeout: 30), "\(lines.all)")
        let match = try #require(lines.all.firstMatch(of: /Serving http:\/\/127\.0\.0\.1:(\d+)\//))
        #expect(lines.all.hasPrefix("Built 6 pages (4 thin) in "))
        let client = LoopbackClient(port: try #require(UInt16(match.1)))
        #expect(try client.request("/kyphoplasty/medicare/medical-necessity/").status == 200)

        // A second preview on the same port cannot start: exit code 1 and a clear message.
        let busy = try Executable.run(["serve", "--content", content, "--theme", Fixtures.defaultTheme, "--port", String(match.1)])
        #expect(busy.status == 1)
        #expect(busy.err.contains("cannot listen on 127.0.0.1:\(match.1)"))

        try "---\nsection: lede\n---\nHi {{ payer.nmae }}\n".write(toFile: content + "/sections/lede.md", atomically: true, encoding: .utf8)
        #expect(lines.wait(for: "1 error; still serving the last good site", timeout: 20), "\(lines.all)")

        kill(process.processIdentifier, SIGINT)
        let end = Date().addingTimeInterval(10)
        while process.isRunning && Date() < end { usleep(20_000) }
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 0)
        #expect(lines.wait(for: "Stopped.", timeout: 2))
        let errors = String(decoding: err.fileHandleForReading.availableData, as: UTF8.self)
        #expect(errors.contains("sections/lede.md:4:4: error: unknown placeholder `{{ payer.nmae }}`"))
    }
}
