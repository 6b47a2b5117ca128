import AppealModel
@testable import AppealServe
import AppealTestSupport
import Foundation
import Testing

/// The preview's watcher is woken by kernel events for a save, a new folder and a file in it.
@Suite struct FileEventsTests {
    @Test func aSaveWakesTheWatcherAndNothingElseDoes() throws {
        let dir = Fixtures.scratch("events")
        try FileManager.default.createDirectory(atPath: dir + "/sections", withIntermediateDirectories: true)
        try "a\n".write(toFile: dir + "/sections/a.md", atomically: false, encoding: .utf8)
        let events = FileEvents(roots: [dir])
        #if os(Linux)
        #expect(events.isActive)
        #endif
        guard events.isActive else { return }
        // Nothing happened: the wait ends without an event.
        #expect(events.wait(timeout: 0.05) == false)
        try "b\n".write(toFile: dir + "/sections/a.md", atomically: false, encoding: .utf8)
        #expect(events.wait(timeout: 10))
        // A folder made after the watch started is watched too.
        try FileManager.default.createDirectory(atPath: dir + "/sections/angles", withIntermediateDirectories: true)
        #expect(events.wait(timeout: 10))
        events.drain()
        try "c\n".write(toFile: dir + "/sections/angles/new.md", atomically: true, encoding: .utf8)
        #expect(events.wait(timeout: 10))
    }

    /// A save still being written (a file written to and not closed) is waited for before the watcher
    /// rebuilds; an editor's swap file, kept open while you type, is not.
    @Test func settlingWaitsForAFileStillOpenForWritingButNotForSwapFiles() throws {
        let dir = Fixtures.scratch("settle")
        try FileManager.default.createDirectory(atPath: dir + "/sections", withIntermediateDirectories: true)
        try "a\n".write(toFile: dir + "/sections/a.md", atomically: false, encoding: .utf8)
        let events = FileEvents(roots: [dir])
        guard events.isActive else { return }

        let closed = Locked(false)
        let file = try #require(FileHandle(forWritingAtPath: dir + "/sections/a.md"))
        try file.write(contentsOf: Data("first half\n".utf8))
        #expect(events.wait(timeout: 10))
        let writer = Thread {
            usleep(60_000)
            try? file.write(contentsOf: Data("second half\n".utf8))
            closed.withValue { $0 = true }
            try? file.close()
        }
        writer.start()
        #expect(events.settle(limit: 10))
        #expect(closed.current, "settle returned while the file was still open for writing")

        // A swap file open and written to does not hold the rebuild back.
        let swap = try #require(FileManager.default.createFile(atPath: dir + "/sections/.a.md.swp", contents: nil) ? FileHandle(forWritingAtPath: dir + "/sections/.a.md.swp") : nil)
        try swap.write(contentsOf: Data("swap".utf8))
        #expect(events.wait(timeout: 10))
        #expect(events.settle(limit: 10), "settle waited for a swap file")
        try swap.close()
        // A file left open for writing holds it back only up to the limit.
        let open = try #require(FileHandle(forWritingAtPath: dir + "/sections/a.md"))
        try open.write(contentsOf: Data("more".utf8))
        #expect(events.wait(timeout: 10))
        #expect(events.settle(limit: 0.05) == false)
        // Left open and not written to for a while (a log, a crashed editor), it holds nothing back.
        usleep(1_100_000)
        try "b\n".write(toFile: dir + "/sections/b.md", atomically: true, encoding: .utf8)
        #expect(events.wait(timeout: 10))
        #expect(events.settle(limit: 10))
        try open.close()
    }
}
