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
}
