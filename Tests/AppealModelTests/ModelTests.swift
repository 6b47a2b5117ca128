import AppealModel
import Testing

@Suite struct DayTests {
    @Test func parsesStrictISODates() {
        #expect(Day(iso: "2026-11-20")?.description == "2026-11-20")
        #expect(Day(iso: "2024-02-29") != nil)
        #expect(Day(iso: "2026-02-29") == nil)
        #expect(Day(iso: "2026-13-01") == nil)
        #expect(Day(iso: "2026-1-01") == nil)
        #expect(Day(iso: "20261120") == nil)
        #expect(Day(iso: "2026-11-20T00:00") == nil)
    }

    @Test func convertsUnixTimeInUTC() {
        #expect(Day(unixSeconds: 0).description == "1970-01-01")
        #expect(Day(unixSeconds: 1_764_374_399).description == "2025-11-28")
        #expect(Day(unixSeconds: 1_764_374_400).description == "2025-11-29")
        #expect(Day(unixSeconds: 951_782_400).description == "2000-02-29")
    }

    @Test func countsDaysBetweenDates() {
        #expect(Day(iso: "1970-01-01")!.daysSinceEpoch == 0)
        #expect(Day(iso: "2026-11-29")!.daysSinceEpoch - Day(iso: "2025-11-29")!.daysSinceEpoch == 365)
        #expect(Day(iso: "2024-03-01")!.daysSinceEpoch - Day(iso: "2024-02-28")!.daysSinceEpoch == 2)
        #expect(Day(iso: "2026-12-31")!.adding(days: 1).description == "2027-01-01")
        #expect(Day(iso: "2026-03-01")!.adding(days: -1).description == "2026-02-28")
    }

    @Test func longTextAndOrdering() {
        #expect(Day(iso: "2026-11-20")!.longText == "November 20, 2026")
        #expect(Day(iso: "2026-01-31")! < Day(iso: "2026-02-01")!)
    }
}

@Suite struct TemplateTests {
    @Test func findsPlaceholdersWithTheirPositions() {
        var diagnostics = Diagnostics()
        let t = PlaceholderText.parse("Hello {{ payer.name }},\n  see {{policies.original-medicare.levels.1.deadline}}.",
                               origin: SourceLocation(file: "f.md", line: 5, column: 1), diagnostics: &diagnostics)
        #expect(!diagnostics.hasErrors)
        let ps = t.placeholders
        #expect(ps.map(\.name) == ["payer.name", "policies.original-medicare.levels.1.deadline"])
        #expect(ps[0].location == SourceLocation(file: "f.md", line: 5, column: 7))
        #expect(ps[1].location == SourceLocation(file: "f.md", line: 6, column: 7))
        #expect(t.render { $0.name.uppercased() } == "Hello PAYER.NAME,\n  see POLICIES.ORIGINAL-MEDICARE.LEVELS.1.DEADLINE.")
    }

    @Test func reportsUnclosedAndMalformedPlaceholders() {
        var diagnostics = Diagnostics()
        _ = PlaceholderText.parse("ok\nbad {{ payer.name\nand {{ a b }}", origin: SourceLocation(file: "f.md", line: 1, column: 1), diagnostics: &diagnostics)
        let errors = diagnostics.errors
        #expect(errors.count == 2)
        #expect(errors[0].location == SourceLocation(file: "f.md", line: 2, column: 5))
        #expect(errors[0].message.contains("not closed"))
        #expect(errors[1].location == SourceLocation(file: "f.md", line: 3, column: 5))
    }
}

@Suite struct NamesTests {
    @Test func slugs() {
        #expect(Slug.isValid("lumbar-fusion"))
        #expect(Slug.isValid("glp1"))
        #expect(!Slug.isValid("Lumbar_Fusion"))
        #expect(!Slug.isValid("-lead"))
        #expect(!Slug.isValid("a/b"))
        #expect(!Slug.isValid(".."))
        #expect(!Slug.isValid(""))
        #expect(Slug.suggestion(for: "Lumbar_Fusion ") == "lumbar-fusion")
    }

    @Test func suggestsCloseNamesOnly() {
        #expect(Suggest.closest(to: "payer.nmae", in: ["payer.name", "procedure.name"]) == "payer.name")
        #expect(Suggest.closest(to: "zzz", in: ["payer.name"]) == nil)
        #expect(Suggest.distance("kitten", "sitting") == 3)
    }

    @Test func baseURLKeepsASubPath() {
        let base = BaseURL("https://example.com/guides/")!
        #expect(base.relative("/a/") == "/guides/a/")
        #expect(base.absolute("/a/") == "https://example.com/guides/a/")
        #expect(BaseURL("https://example.com")!.absolute("/") == "https://example.com/")
        #expect(BaseURL("example.com") == nil)
        #expect(BaseURL("https://example.com/a/../b") == nil)
        #expect(BaseURL("https://example.com/?x=1") == nil)
    }

    @Test func timeLimitsReadNaturally() {
        #expect(TimeLimit(amount: 120, unit: .days, from: "receipt of the initial determination").description
                == "120 days from receipt of the initial determination")
        #expect(TimeLimit(amount: 1, unit: .months).description == "1 month")
        #expect(TimeLimit(amount: 60, unit: .days, calendar: true).description == "60 calendar days")
        #expect(TimeLimit(text: "Automatic").days == nil)
        #expect(TimeLimit(amount: 65, unit: .days).days == 65)
    }

    @Test func pricesFormat() {
        #expect(Offer.format(cents: 3000, currency: "USD") == "$30")
        #expect(Offer.format(cents: 2950, currency: "USD") == "$29.50")
        #expect(Offer.format(cents: 2905, currency: "EUR") == "29.05 EUR")
    }
}

/// The ledger's page hash: stable (a deployed ledger is compared with the next build's hashes) and
/// sensitive to every byte, including those past the last 32-byte block.
@Suite struct DigestTests {
    @Test func everyByteAndTheLengthCount() {
        let page = Array(String(repeating: "<p>Appeal within 65 days.</p>\n", count: 100).utf8)
        let base = ContentHash.digest(page)
        #expect(base.count == 16 && base.allSatisfy(\.isHexDigit))
        #expect(ContentHash.digest(page) == base, "the same bytes give the same hash")
        for offset in [0, 7, 31, 32, 1_000, page.count - 1] {
            var changed = page
            changed[offset] ^= 1
            #expect(ContentHash.digest(changed) != base, "byte \(offset)")
        }
        #expect(ContentHash.digest(page + [0]) != base)
        #expect(ContentHash.digest([]) != ContentHash.digest([0]))
    }
}

/// The page hash held as the 8 bytes it is: its hex spelling is the one the ledger always had, and
/// reading that spelling back gives the same value.
@Suite struct PageHashTests {
    @Test func theHexIsTheDigestAndReadsBack() throws {
        // Values worked out by an independent port of the hash (and checked against a page and its ledger line).
        #expect(ContentHash.pageHash([]).description == "b689b2ff405832c9")
        let page = Array(String(repeating: "<p>Appeal within 65 days.</p>\n", count: 3).utf8)
        #expect(ContentHash.digest(page) == "f6d531592e8b922c")
        #expect(ContentHash.pageHash(page).description == ContentHash.digest(page))
        for value: UInt64 in [0, 1, 0xF, 0x10, 0x00ab_cdef_0000_0001, 0x8000_0000_0000_0000, .max, 0x0123_4567_89ab_cdef] {
            let hex = PageHash(value).description
            #expect(hex.count == 16, "leading zeros kept: \(hex)")
            #expect(hex == String(repeating: "0", count: 16 - String(value, radix: 16).count) + String(value, radix: 16))
            #expect(PageHash(hex: hex) == PageHash(value))
            var bytes: [UInt8] = Array("x".utf8)
            PageHash(value).appendHex(to: &bytes)
            #expect(bytes == Array(("x" + hex).utf8))
        }
    }

    @Test func onlyTheSpellingItWritesIsRead() {
        for bad in ["", "abc", "0123456789abcde", "0123456789abcdef0", "0123456789ABCDEF", "0123456789abcdeg", " 123456789abcdef", "-123456789abcdef"] {
            #expect(PageHash(hex: bad) == nil, "\(bad)")
        }
        #expect(PageHash(hex: "0123456789abcdef")?.value == 0x0123_4567_89ab_cdef)
    }
}
