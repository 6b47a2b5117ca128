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

    /// A string table of several megabytes goes through the recorder's spill file; a second recorder
    /// continuing the first file's numbering reads every page back too, and leaves no file but its own.
    @Test func aLargeStringTableRoundTripsThroughTheSpillFile() throws {
        let folder = Fixtures.scratch()
        let path = folder + "/.Public.checks"
        @Sendable func page(_ i: Int) -> PageSummary {
            var s = Self.summary()
            // 40 links of about 100 bytes a page, most of them this page's own: about 8 MB of strings for 2,000 pages.
            s.scan.links = (0..<40).map { k in PageLink(url: "/offer/\(i)/\(k)/?utm_source=site&utm_content=" + String(repeating: "x", count: 60), tag: "a", rel: "") }
                + [PageLink(url: "/shared/", tag: "a", rel: "")]
            s.scan.titles = ["Page \(i)"]
            return s
        }
        let first = try #require(SummaryRecorder(path: path, program: "test"))
        DispatchQueue.concurrentPerform(iterations: 2_000) { first.record(page: $0, page($0)) }
        #expect(first.finish(files: (0..<2_000).map { ($0, "p\($0).html", "h\($0)") }))
        let stored = try #require(StoredSummaries.read(path, program: "test"))
        #expect(stored.stringCount > 80_000)
        for i in stride(from: 0, to: 2_000, by: 37) {
            let back = try #require(stored.summary(of: "p\(i).html", hash: "h\(i)")).summary
            #expect(back.scan.links == page(i).scan.links && back.scan.titles == ["Page \(i)"])
        }

        // The next build copies half the records as they are and records the rest anew.
        let second = try #require(SummaryRecorder(path: path, program: "test", continuing: stored))
        for i in 0..<2_000 {
            if i % 2 == 0 { second.append(page: i, raw: try #require(stored.summary(of: "p\(i).html", hash: "h\(i)")).raw) } else { second.record(page: i, page(i + 5_000)) }
        }
        #expect(second.finish(files: (0..<2_000).map { ($0, "p\($0).html", "h\($0)") }))
        let again = try #require(StoredSummaries.read(path, program: "test"))
        for i in stride(from: 0, to: 2_000, by: 23) {
            let back = try #require(again.summary(of: "p\(i).html", hash: "h\(i)")).summary
            #expect(back.scan.links == page(i % 2 == 0 ? i : i + 5_000).scan.links)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [".Public.checks"])

        // Strings the last file has keep their numbers: recording pages made only of them adds none.
        let third = try #require(SummaryRecorder(path: path, program: "test", continuing: again))
        for i in 0..<10 { third.record(page: i, page(i)) }
        #expect(third.finish(files: (0..<10).map { ($0, "p\($0).html", "h\($0)") }))
        let last = try #require(StoredSummaries.read(path, program: "test"))
        #expect(last.stringCount == again.stringCount)
        #expect(try #require(last.summary(of: "p3.html", hash: "h3")).summary.scan.links == page(3).scan.links)
    }

    /// Read without its links, a summary has everything else, its link targets included.
    @Test func aSummaryReadWithoutItsLinksHasTheRest() throws {
        let path = Fixtures.scratch() + "/.Public.checks"
        let recorder = try #require(SummaryRecorder(path: path, program: "test"))
        var s = Self.summary()
        s.linkTargets = [4, 9, 2]
        recorder.record(page: 0, s)
        #expect(recorder.finish(files: [(0, "a/index.html", "hash-a")]))
        let stored = try #require(StoredSummaries.read(path, program: "test"))
        let full = try #require(stored.summary(of: "a/index.html", hash: "hash-a"))
        let lean = try #require(stored.summary(of: "a/index.html", hash: "hash-a", links: false))
        #expect(lean.summary.scan.links.isEmpty && full.summary.scan.links == s.scan.links)
        #expect(lean.raw == full.raw)
        #expect(lean.summary.linkTargets == [2, 4, 9] && full.summary.linkTargets == [2, 4, 9])
        #expect(lean.summary.scan.ids == s.scan.ids && lean.summary.scan.titles == s.scan.titles && lean.summary.scan.robots == s.scan.robots)
        #expect(lean.summary.scan.problems == s.scan.problems && lean.summary.words == 321 && lean.summary.signature == s.signature)
        #expect(lean.summary.scan.alternates.map(\.hreflang) == ["es"])
    }

    /// The key of a text is the same from its bytes as from the string, tells apart texts of one
    /// length (each step is a bijection), and counts where the texts it adds end.
    @Test func textKeysTellTextsApart() {
        var texts = ["", "a", "é", "e\u{301}", "/kyphoplasty/medicare/", String(repeating: "x", count: 64), "ünïcødé text of some length"]
        texts += (0..<40).map { String(repeating: "ab", count: $0) }
        for text in texts {
            var copy = text
            let fromBytes = copy.withUTF8 { TextKey(bytes: $0) }
            #expect(fromBytes == TextKey(text))
        }
        // Every text of 1 to 3 letters from a 12-letter alphabet, and pairs that differ in one byte
        // far into a long text: no two keys equal.
        let letters = Array("abcdefghijk/")
        var all = [""]
        var last = [""]
        for _ in 1...3 {
            last = last.flatMap { prefix in letters.map { prefix + String($0) } }
            all += last
        }
        let long = (0..<300).map { "/procedure-\($0 / 7)/payer-\($0 % 7)/reason-\($0)/" + String(repeating: "z", count: $0 % 23) }
        all += long
        #expect(Set(all.map(TextKey.init)).count == Set(all).count)
        var ab = TextKey("ab"), a = TextKey("a")
        ab.add("c")
        a.add("bc")
        #expect(ab != a)
    }
}
