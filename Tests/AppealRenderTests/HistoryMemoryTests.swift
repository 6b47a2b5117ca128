import AppealLoad
import AppealModel
import AppealPlan
@testable import AppealRender
import AppealTestSupport
import Foundation
import Testing

/// Issue 16's memory work on the build's history: the ledger kept as sorted arrays and written a
/// piece at a time must be the ledger the whole dictionary writes, byte for byte.
@Suite struct HistoryMemoryTests {
    static let day = Day(iso: "2026-11-29")!

    /// Paths that need escaping in JSON, and ones whose order is not their order of arrival.
    static func sample(previous: SiteLedger? = nil) -> SiteHistory {
        let old = Day(iso: "2026-01-05")!
        let pages: [(output: Int, path: String, page: SiteLedger.Page)] = [
            (3, "/zeta/", .init(hash: PageHash(0xfeed), indexable: true, changed: day)),
            (0, "/a \"quoted\" page/", .init(hash: PageHash(1), indexable: false, changed: old)),
            (5, "/back\\slash/tab\t/", .init(hash: PageHash(.max), indexable: true, changed: day)),
            (1, "/", .init(hash: PageHash(0), indexable: true, changed: old)),
            (4, "/ümlaut/é/", .init(hash: nil, indexable: true, changed: day)),
            (6, "/control\u{01}/", .init(hash: PageHash(42), indexable: false, changed: day)),
        ]
        let moved: [String: SiteLedger.Moved] = ["/old/": .init(to: "/zeta/", status: 301), "/gone \"x\"/": .init(to: nil, status: 410),
                                                 "/away/": .init(to: "https://example.org/a?b=\"c\"", status: 302)]
        return SiteHistory(site: "https://appeals.example.org/", built: day, pageCount: 8, pages: pages, moved: moved, previous: previous)
    }

    @Test func streamedLedgerIsTheWholeLedgerByteForByte() throws {
        let history = Self.sample()
        let whole = history.ledger.encoded()
        for threshold in [0, 1, 50, 10_000] {
            var out: [UInt8] = [], pieces: [[UInt8]] = []
            history.encodeLedger(into: &out) { buffer in
                guard buffer.count >= threshold else { return }
                pieces.append(buffer)
                buffer.removeAll()
            }
            pieces.append(out)
            #expect(Array(pieces.joined()) == whole, "pieces of \(threshold) bytes or more")
            if threshold == 0 { #expect(pieces.count > 8, "a piece a line") }
        }
        // The format itself, escaping included, as version 1 has always written it.
        let text = String(decoding: whole, as: UTF8.self)
        #expect(text.hasPrefix("{\"format\":\"appealpress-ledger\",\"version\":1,\"site\":\"https://appeals.example.org/\",\"built\":\"2026-11-29\",\n\"urls\":[\n{\"path\":\"/\",\"hash\":\"0000000000000000\",\"indexable\":true,\"changed\":\"2026-01-05\"},\n"))
        #expect(text.contains("{\"path\":\"/a \\\"quoted\\\" page/\",\"hash\":\"0000000000000001\",\"indexable\":false,\"changed\":\"2026-01-05\"}"))
        #expect(text.contains("{\"path\":\"/back\\\\slash/tab\\t/\",\"hash\":\"ffffffffffffffff\""))
        #expect(text.contains("{\"path\":\"/control\\u0001/\""))
        #expect(text.contains("{\"path\":\"/ümlaut/é/\",\"hash\":\"\",\"indexable\":true"), "an unknown hash is written empty, as before")
        #expect(text.contains("{\"path\":\"/zeta/\",\"hash\":\"000000000000feed\",\"indexable\":true,\"changed\":\"2026-11-29\"},\n{\"path\":\"/ümlaut/é/\""))
        #expect(text.hasSuffix("\"indexable\":true,\"changed\":\"2026-11-29\"}\n],\n\"moved\":[\n{\"path\":\"/away/\",\"to\":\"https://example.org/a?b=\\\"c\\\"\",\"status\":302},\n{\"path\":\"/gone \\\"x\\\"/\",\"to\":null,\"status\":410},\n{\"path\":\"/old/\",\"to\":\"/zeta/\",\"status\":301}\n]}\n"))
        // And it reads back as the same ledger (the unknown hash stays unknown).
        let read = try SiteLedger.parse(Data(whole))
        #expect(read == history.ledger)
    }

    @Test func lookupsByPathAndByOutput() {
        let history = Self.sample()
        #expect(history.count == 6)
        #expect(history.page(at: "/zeta/")?.hash == PageHash(0xfeed))
        #expect(history.page(at: "/ümlaut/é/")?.hash == nil && history.page(at: "/ümlaut/é/") != nil)
        #expect(history.page(at: "/nowhere/") == nil && history.page(at: "") == nil && history.page(at: "/zz/") == nil)
        #expect(history.page(output: 0)?.hash == PageHash(1))
        #expect(history.page(output: 6)?.indexable == false)
        #expect(history.page(output: 2) == nil, "output 2 is not listed (a 404 page)")
        #expect(history.page(output: 7) == nil && history.page(output: 8) == nil && history.page(output: -1) == nil)
    }

    @Test func changesSinceALedger() {
        let old = Day(iso: "2026-01-05")!
        let previous = SiteLedger(site: "https://appeals.example.org/", built: old, pages: [
            "/": .init(hash: PageHash(0), indexable: true, changed: old),
            "/zeta/": .init(hash: PageHash(0xbeef), indexable: true, changed: old),
            "/a \"quoted\" page/": .init(hash: PageHash(1), indexable: true, changed: old),
            // An unknown hash equals nothing, not even another unknown one.
            "/ümlaut/é/": .init(hash: nil, indexable: true, changed: old),
            "/removed/b/": .init(hash: PageHash(7), indexable: true, changed: old),
            "/removed/a/": .init(hash: PageHash(7), indexable: true, changed: old),
        ])
        let history = Self.sample(previous: previous)
        #expect(history.changes.added == ["/back\\slash/tab\t/", "/control\u{01}/"])
        #expect(history.changes.changed == ["/zeta/", "/ümlaut/é/"])
        #expect(history.changes.removed == ["/removed/a/", "/removed/b/"])
        #expect(history.changes.unchanged == 2)
        #expect(history.previousBuilt == old)
        // The same as comparing the two ledgers as dictionaries.
        #expect(history.ledger.changes(since: previous) == history.changes)
        #expect(Self.sample(previous: history.ledger).changes.removed.isEmpty)
    }

    /// On the bundled site: the ledger and change lists made in pieces are the whole files, each
    /// piece about 64 KB, and the ledger reads back as the history's.
    @Test func bundledSitesLedgerInPieces() throws {
        let (site, _) = try ContentLoader.load(from: Fixtures.repository + "/Content")
        let (plan, _) = try Planner.plan(site, buildDate: Self.day)
        let renderer = SiteRenderer(plan: plan, theme: try Theme.load(from: Fixtures.defaultTheme))
        let outputs = renderer.outputs()
        let history = renderer.history(of: outputs)
        #expect(history.count == outputs.list[..<outputs.pageCount].filter { $0.kind != .notFound }.count, "every page but the 404 pages")
        for output in outputs.list where [.ledger, .changes, .changesText].contains(output.kind) {
            var pieces: [[UInt8]] = []
            #expect(renderer.renderPieces(output, of: outputs, history: history) { pieces.append(Array($0)) })
            #expect(pieces.dropLast().allSatisfy { $0.count >= SiteRenderer.pieceSize && $0.count < SiteRenderer.pieceSize + 4_096 })
            #expect(Array(pieces.joined()) == renderer.contents(of: output, in: outputs, history: history), "\(output.file)")
            if output.kind == .ledger {
                #expect(pieces.count > 1, "the bundled site's ledger is more than one piece")
                #expect(try SiteLedger.parse(Data(pieces.joined())) == history.ledger)
                #expect(Array(pieces.joined()) == history.ledger.encoded())
            }
            if output.kind == .changes {
                let json = try #require(try JSONSerialization.jsonObject(with: Data(pieces.joined())) as? [String: Any])
                #expect((json["added"] as? [String])?.count == history.count)
            }
        }
        var sink: [UInt8] = []
        let robots = try #require(outputs.list.first { $0.kind == .robots })
        #expect(!renderer.renderPieces(robots, of: outputs, history: history) { sink += $0 } && sink.isEmpty, "not made in pieces")
    }
}
