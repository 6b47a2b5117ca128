@testable import AppealCheck
import AppealTestSupport
import Foundation
import Testing

/// The page summaries file round-trips what the checks read, and a file that cannot be put in place
/// leaves nothing behind and replaces nothing.
@Suite struct PageSummariesTests {
    static func summary() -> PageSummary {
        var scan = PageScan()
        scan.titles = ["Kyphoplasty & Medicare"]
        scan.descriptions = ["How to appeal"]
        scan.robots = "index,follow"
        scan.canonicals = ["https://example.org/a/"]
        scan.alternates = [(hreflang: "es", href: "https://example.org/es/a/")]
        scan.h1Count = 1
        scan.links = [PageLink(url: "/guides/", tag: "a", rel: ""), PageLink(url: "/assets/site.css", tag: "link", rel: "stylesheet")]
        scan.ids = ["main", "appeal-steps"]
        scan.problemCount = 1
        scan.problems = [HTMLProblem(offset: 10, line: 2, column: 3, message: "<p> is never closed")]
        return PageSummary(scan: scan, words: 321, signature: (0..<UInt32(MinHasher.size)).map { $0 * 7 })
    }

    @Test func aSummaryReadsBackAsItWasWritten() throws {
        let path = Fixtures.scratch() + "/.Public.checks"
        let recorder = try #require(SummaryRecorder(path: path, program: "test"))
        recorder.record(page: 0, Self.summary())
        #expect(recorder.finish(files: [(0, "a/index.html", "hash-a")]))
        let stored = try #require(StoredSummaries.read(path, program: "test"))
        let back = try #require(stored.summary(of: "a/index.html", hash: "hash-a")).summary
        let s = Self.summary()
        #expect(back.scan.titles == s.scan.titles && back.scan.descriptions == s.scan.descriptions && back.scan.robots == s.scan.robots)
        #expect(back.scan.canonicals == s.scan.canonicals && back.scan.alternates.map(\.href) == ["https://example.org/es/a/"])
        #expect(back.scan.links == s.scan.links && back.scan.ids == s.scan.ids && back.scan.h1Count == 1)
        #expect(back.scan.problems == s.scan.problems && back.scan.problemCount == 1)
        #expect(back.words == 321 && back.signature == s.signature)
        // Other bytes at that path, or another program: no summary.
        #expect(stored.summary(of: "a/index.html", hash: "hash-b") == nil)
        #expect(StoredSummaries.read(path, program: "another build") == nil)
    }

    @Test func aFileThatCannotBePutInPlaceLeavesNothing() throws {
        let folder = Fixtures.scratch()
        let path = folder + "/.Public.checks"
        // A folder where the file goes: the rename fails.
        try FileManager.default.createDirectory(atPath: path + "/kept", withIntermediateDirectories: true)
        let recorder = try #require(SummaryRecorder(path: path, program: "test"))
        recorder.record(page: 0, Self.summary())
        #expect(!recorder.finish(files: [(0, "a/index.html", "hash-a")]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [".Public.checks"])
        #expect(FileManager.default.fileExists(atPath: path + "/kept"))
    }
}
