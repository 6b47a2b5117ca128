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

    /// Replaces the string table of the summaries file at `path` (its count included) by what
    /// `change` makes of it, moving the index and the footer's offset of it along: a damaged file
    /// that still parses.
    static func patchTable(_ path: String, _ change: ([UInt8]) throws -> [UInt8]) throws {
        var file = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let footer = file.count - SummaryRecorder.magic.count - 40
        func u64(_ at: Int) -> Int { (0..<8).reduce(0) { $0 | Int(file[at + $1]) << (8 * $1) } }
        let stringsStart = u64(footer), indexStart = u64(footer + 8)
        let table = try change(Array(file[stringsStart..<indexStart]))
        file.replaceSubrange(stringsStart..<indexStart, with: table)
        let moved = UInt64(stringsStart + table.count), at = footer + table.count - (indexStart - stringsStart)
        for k in 0..<8 { file[at + 8 + k] = UInt8(truncatingIfNeeded: moved >> (8 * k)) }
        try Data(file).write(to: URL(fileURLWithPath: path))
    }

    /// A string table with bytes after its last string (only a damaged file has them) reads as
    /// none: a build continuing its numbering would put its new strings after those bytes, and the
    /// next build would read them at the wrong numbers.
    @Test func bytesAfterTheLastStringMakeTheFileUnreadable() throws {
        let path = Fixtures.scratch() + "/.Public.checks"
        let first = try #require(SummaryRecorder(path: path, program: "test"))
        first.record(page: 0, Self.summary())
        #expect(first.finish(files: [(0, "a/index.html", "hash-a")]))
        // One more string's worth of bytes after the table: "X".
        try Self.patchTable(path) { $0 + [1, UInt8(ascii: "X")] }
        let damaged = StoredSummaries.read(path, program: "test")
        #expect(damaged == nil)

        // Whatever is read, a build continuing from it records what it was given.
        let second = try #require(SummaryRecorder(path: path, program: "test", continuing: damaged))
        var s = Self.summary()
        s.scan.links = [PageLink(url: "/new-page/", tag: "a", rel: "")]
        s.scan.ids = ["fresh-id"]
        second.record(page: 0, s)
        if let damaged { second.append(page: 1, raw: try #require(damaged.summary(of: "a/index.html", hash: "hash-a")).raw) }
        #expect(second.finish(files: [(0, "b/index.html", "hash-b"), (1, "a/index.html", "hash-a")]))
        let stored = try #require(StoredSummaries.read(path, program: "test"))
        let back = try #require(stored.summary(of: "b/index.html", hash: "hash-b")).summary
        #expect(back.scan.links == s.scan.links && back.scan.ids == ["fresh-id"])
    }

    /// A table that holds one text twice (a damaged file) keeps its numbering: records copied as
    /// they are read what they read before, and new records of that text read it too.
    @Test func aTextTheTableHoldsTwiceKeepsBothNumbers() throws {
        let path = Fixtures.scratch() + "/.Public.checks"
        let first = try #require(SummaryRecorder(path: path, program: "test"))
        var s = Self.summary()
        s.scan.ids = ["id-aa", "id-ab"]
        first.record(page: 0, s)
        #expect(first.finish(files: [(0, "a/index.html", "hash-a")]))
        // "id-ab" becomes a second "id-aa".
        try Self.patchTable(path) { table in
            var t = table
            let needle = Array("id-ab".utf8)
            let at = try #require((0...(t.count - needle.count)).first { Array(t[$0..<($0 + needle.count)]) == needle })
            t[at + 4] = UInt8(ascii: "a")
            return t
        }
        let damaged = try #require(StoredSummaries.read(path, program: "test"))
        let before = try #require(damaged.summary(of: "a/index.html", hash: "hash-a"))
        #expect(before.summary.scan.ids == ["id-aa", "id-aa"])
        let second = try #require(SummaryRecorder(path: path, program: "test", continuing: damaged))
        second.append(page: 0, raw: before.raw)
        var t = Self.summary()
        t.scan.ids = ["id-aa", "id-new"]
        second.record(page: 1, t)
        #expect(second.finish(files: [(0, "a/index.html", "hash-a"), (1, "b/index.html", "hash-b")]))
        let stored = try #require(StoredSummaries.read(path, program: "test"))
        #expect(try #require(stored.summary(of: "a/index.html", hash: "hash-a")).summary.scan.ids == ["id-aa", "id-aa"])
        #expect(try #require(stored.summary(of: "b/index.html", hash: "hash-b")).summary.scan.ids == ["id-aa", "id-new"])
        #expect(stored.stringCount == damaged.stringCount + 1)
    }

    /// Pairs of 24-byte texts that two 64-bit lanes absorbing the same words took for one: after 16
    /// bytes their lanes differed by one value in both, which the next 8 bytes cancelled in both. Such
    /// pairs take a search of about 2^32 steps on that difference (found in two minutes on one core),
    /// not the 2^64 a 128-bit key should cost.
    static let craftedPairs = [
        ("1NDMlnH92C8-----a \u{80}\u{800} ", "F>f:RUhHHJ<-----s\u{586}\u{54E}=cS"),
        ("@X\u{5C}>RJgNfL:----- a \u{80}a\u{80}", "DPh^[MdA?7?-----\u{522}\u{5DD}X\u{1F6}l"),
    ]

    @Test func craftedTextsGetKeysOfTheirOwn() {
        for (one, other) in Self.craftedPairs {
            #expect(one != other && one.utf8.count == other.utf8.count)
            #expect(TextKey(one) != TextKey(other))
        }
    }

    /// Two links the string table would take for one string: each page reads its own back.
    @Test func twoPagesWithCraftedLinksReadTheirOwnLinksBack() throws {
        let path = Fixtures.scratch() + "/.Public.checks"
        let recorder = try #require(SummaryRecorder(path: path, program: "test"))
        let (one, other) = Self.craftedPairs[0]
        for (page, url) in [one, other].enumerated() {
            var s = Self.summary()
            s.scan.links = [PageLink(url: url, tag: "a", rel: "")]
            recorder.record(page: page, s)
        }
        #expect(recorder.finish(files: [(0, "a.html", "h0"), (1, "b.html", "h1")]))
        let stored = try #require(StoredSummaries.read(path, program: "test"))
        #expect(try #require(stored.summary(of: "a.html", hash: "h0")).summary.scan.links.map(\.url) == [one])
        #expect(try #require(stored.summary(of: "b.html", hash: "h1")).summary.scan.links.map(\.url) == [other])
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
