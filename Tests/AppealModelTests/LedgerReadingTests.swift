@testable import AppealModel
import Foundation
import Testing

/// Issue 16: a ledger is read without JSONDecoder when its bytes are the ones `encoded()` writes.
/// The direct reading must give the same ledger, and anything it does not take must go to
/// JSONDecoder and fail (or succeed) exactly as it did before.
@Suite struct LedgerReadingTests {
    static let day = Day(iso: "2026-11-29")!, older = Day(iso: "2025-02-28")!

    static let samples: [SiteLedger] = [
        SiteLedger(site: "https://appeals.example.org/", built: day, pages: [:]),
        SiteLedger(site: "https://appeals.example.org/guides/", built: day,
                   pages: ["/": .init(hash: PageHash(0x0123_4567_89ab_cdef), indexable: true, changed: older),
                           "/kyphoplasty/medicare/medical-necessity/": .init(hash: PageHash(0), indexable: false, changed: day),
                           "/404.html": .init(hash: nil, indexable: true, changed: day),
                           "/es/cirugía/niño/": .init(hash: PageHash(0xffff_ffff_ffff_ffff), indexable: true, changed: older)],
                   moved: ["/old/": .init(to: "/new/", status: 301), "/gone/": .init(to: nil, status: 410),
                           "/elsewhere/": .init(to: "https://other.example.org/x?a=1", status: 302)]),
        // Texts `encoded()` escapes: the direct reading leaves these to JSONDecoder.
        SiteLedger(site: "https://appeals.example.org/", built: day,
                   pages: ["/a\"quote/": .init(hash: PageHash(7), indexable: true, changed: day),
                           "/tab\there/": .init(hash: PageHash(8), indexable: true, changed: day),
                           "/back\\slash/&<>/": .init(hash: PageHash(9), indexable: false, changed: older)],
                   moved: ["/line\u{2028}sep/": .init(to: "/x/", status: 301)]),
    ]

    /// What `parse` made of the bytes: the ledger, or the error.
    static func outcome(_ read: (Data) throws(SiteLedger.ReadError) -> SiteLedger, _ data: Data) -> Result<SiteLedger, SiteLedger.ReadError> {
        do throws(SiteLedger.ReadError) { return .success(try read(data)) } catch { return .failure(error) }
    }

    @Test(arguments: samples.indices)
    func anEncodedLedgerReadsBackTheSame(_ i: Int) throws {
        let ledger = Self.samples[i]
        let data = Data(ledger.encoded())
        #expect(try SiteLedger.parse(data) == ledger)
        #expect(try SiteLedger.decode(data) == ledger)
    }

    @Test func theDirectReadingTakesWhatEncodedWritesAndLeavesEscapesToJSON() throws {
        #expect(SiteLedger.parseEncoded(Data(Self.samples[0].encoded())) == Self.samples[0])
        #expect(SiteLedger.parseEncoded(Data(Self.samples[1].encoded())) == Self.samples[1])
        #expect(SiteLedger.parseEncoded(Data(Self.samples[2].encoded())) == nil, "escaped strings go to JSONDecoder")
        // The same ledger as other valid JSON (spaces, another key order): JSONDecoder's.
        let spaced = #"{ "format": "appealpress-ledger", "version": 1, "built": "2026-11-29", "site": "https://a.example/", "urls": [], "moved": [] }"#
        #expect(SiteLedger.parseEncoded(Data(spaced.utf8)) == nil)
        #expect(try SiteLedger.parse(Data(spaced.utf8)) == SiteLedger(site: "https://a.example/", built: Self.day, pages: [:]))
    }

    /// Every cut, and every byte changed in turn, reads as it did with JSONDecoder alone: the same
    /// ledger or the same error.
    @Test func aDamagedLedgerReadsAsJSONDecoderReadsIt() {
        let bytes = Self.samples[1].encoded()
        var cases: [Data] = []
        for n in stride(from: 0, to: bytes.count, by: 3) { cases.append(Data(bytes.prefix(n))) }
        for n in bytes.indices {
            for replacement: UInt8 in [UInt8(ascii: "0"), UInt8(ascii: "\""), 0x0A, 0xFF, UInt8(ascii: "-")] where bytes[n] != replacement {
                var changed = bytes
                changed[n] = replacement
                cases.append(Data(changed))
            }
        }
        cases.append(Data((String(decoding: bytes, as: UTF8.self) + " ").utf8))
        cases.append(Data(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\"version\":1", with: "\"version\":2").utf8))
        cases.append(Data(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "2025-02-28", with: "2025-02-30").utf8))
        cases.append(Data(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "301", with: "0301").utf8))
        cases.append(Data(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "301", with: "-301").utf8))
        var differing = 0, failed = 0
        for data in cases {
            let now = Self.outcome(SiteLedger.parse, data), before = Self.outcome(SiteLedger.decode, data)
            if now != before { differing += 1 }
            if case .failure = before { failed += 1 }
        }
        #expect(differing == 0)
        #expect(failed > cases.count / 2, "most damage is an error")
    }

    @Test func aDuplicatePathKeepsTheLastLineAsJSONDecoderDid() throws {
        let text = """
        {"format":"appealpress-ledger","version":1,"site":"https://a.example/","built":"2026-11-29",
        "urls":[
        {"path":"/x/","hash":"0000000000000001","indexable":true,"changed":"2026-11-29"},
        {"path":"/x/","hash":"0000000000000002","indexable":false,"changed":"2025-02-28"}
        ],
        "moved":[

        ]}

        """
        let data = Data(text.utf8)
        #expect(SiteLedger.parseEncoded(data) != nil)
        #expect(try SiteLedger.parse(data) == (try SiteLedger.decode(data)))
        #expect(try SiteLedger.parse(data).pages["/x/"] == .init(hash: PageHash(2), indexable: false, changed: Self.older))
    }

    @Test func hexBytesReadAsHexText() {
        for text in ["0123456789abcdef", "0123456789ABCDEF", "0123456789abcde", "0123456789abcdef0", "", "g123456789abcdef"] {
            #expect(PageHash(hexBytes: Array(text.utf8)) == PageHash(hex: text), "\(text)")
        }
    }
}
