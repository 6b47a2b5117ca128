@testable import AppealCheck
import Foundation
import Testing

/// The near-duplicate check keeps signatures in a `SignatureStore` (band hashes in memory, the
/// signatures in an unlinked temporary file): it must find the same candidate pairs and the same
/// similarities as the whole signatures held in memory.
@Suite struct SignatureStoreTests {
    let hasher = MinHasher()

    func words(_ count: Int, seed: UInt64) -> [UInt64] { pseudoWords(count, seed: seed) }

    /// 9,000 page slots (more than the reader's 4,096 cached, so slots are shared and evicted): groups
    /// of near-duplicates, 100 identical pages (a bucket that is chained, not fully paired), unrelated
    /// pages, and pages with no signature.
    func signatures() throws -> [(page: Int, signature: [UInt32])] {
        var list: [(page: Int, signature: [UInt32])] = []
        let identical = try #require(hasher.signature(words(600, seed: 1)))
        for page in 0..<9_000 {
            if page % 7 == 3 { continue }  // no signature
            if page % 90 == 0 {
                list.append((page, identical))
            } else if page % 4_096 % 5 == 0 {
                // Near-duplicates of one of 80 bases; pages 4,096 apart (the reader's slot for both) share theirs.
                let base = words(500, seed: UInt64(1_000 + page % 4_096 % 400))
                list.append((page, try #require(hasher.signature(Array(base.prefix(480)) + words(20, seed: UInt64(page))))))
            } else {
                list.append((page, try #require(hasher.signature(words(300, seed: UInt64(50_000 + page))))))
            }
        }
        return list
    }

    @Test(arguments: [false, true])
    func candidatesAndSimilaritiesEqualThoseOfWholeSignatures(inMemory: Bool) throws {
        let list = try signatures()
        let (bands, rows) = MinHasher.banding(for: 0.9)
        let store = SignatureStore(pages: 9_000, bands: bands, rows: rows, inMemory: inMemory)
        #expect(store.usesFile == !inMemory)
        // Put from several threads, as the render loop does.
        DispatchQueue.concurrentPerform(iterations: list.count) { store.put(list[$0].page, list[$0].signature) }

        let expected = MinHasher.candidates(list, bands: bands, rows: rows)
        let found = store.candidates()
        #expect(found.count == expected.count)
        #expect(found.elementsEqual(expected, by: ==))
        #expect(expected.count > 1_000, "the fixture must make many candidates: \(expected.count)")
        #expect(expected.contains { $0.1 - $0.0 == 4_096 })

        let byPage = Dictionary(uniqueKeysWithValues: list.map { ($0.page, $0.signature) })
        var reader = store.reader()
        for (a, b) in expected {
            #expect(reader.similarity(a, b) == MinHasher.similarity(byPage[a]!, byPage[b]!))
        }
        #expect(reader.unread == 0)
        #expect(store.has(0) && !store.has(3) && reader.similarity(0, 3) == nil)
        #expect(reader.signature(4_096 * 2) == byPage[4_096 * 2])
    }

    /// Signatures made to tie: 40 groups of pages that differ from their group's base in a few
    /// values each (so many pairs share exactly as many values, and a page is often as close to two
    /// others), 300 identical pages (buckets that are chained at the default limit), and pages alone.
    func tiedSignatures() throws -> [(page: Int, signature: [UInt32])] {
        let identical = try #require(hasher.signature(words(400, seed: 7)))
        var list: [(page: Int, signature: [UInt32])] = []
        for page in 0..<6_000 {
            if page % 11 == 5 { continue }  // no signature
            if page % 20 == 0 {
                list.append((page, identical))
            } else if page % 3 == 0 {
                var own = try #require(hasher.signature(words(300, seed: UInt64(10_000 + page % 40))))
                // Two of eight places changed: pages of a group share 124 or 126 of 128 values.
                for k in [page % 8, (page / 8) % 8].map({ 16 * $0 + page % 16 }) { own[k] = UInt32(truncatingIfNeeded: page &* 2_654_435_761) }
                list.append((page, own))
            } else {
                list.append((page, try #require(hasher.signature(words(200, seed: UInt64(90_000 + page))))))
            }
        }
        return list
    }

    /// The candidate pairs found on all cores, each by its first band, are exactly those of the set
    /// of every pair band by band, with few or many chained buckets; the values two pages share,
    /// read in chunks by several readers, are those of one reader going through the pairs in order,
    /// and so are the failed reads when part of the file is gone.
    @Test(arguments: [64, 3])
    func theParallelPassFindsWhatTheSerialOneFinds(chainAbove: Int) throws {
        let list = try tiedSignatures()
        let (bands, rows) = MinHasher.banding(for: 0.9)
        let store = SignatureStore(pages: 6_000, bands: bands, rows: rows)
        try #require(store.usesFile)
        DispatchQueue.concurrentPerform(iterations: list.count) { store.put(list[$0].page, list[$0].signature) }

        let serial = store.serialCandidateKeys(chainAbove: chainAbove)
        let keys = store.candidateKeys(chainAbove: chainAbove)
        let firstDifference = (0..<min(keys.count, serial.count)).first { keys[$0] != serial[$0] } ?? (keys.count == serial.count ? nil : min(keys.count, serial.count))
        #expect(firstDifference == nil, "\(keys.count) keys against \(serial.count), first difference at \(firstDifference ?? -1)")
        #expect(serial.count > 2_000, "the fixture must make many candidates: \(serial.count)")
        let fromWhole = store.candidates(chainAbove: chainAbove).elementsEqual(MinHasher.candidates(list, bands: bands, rows: rows, chainAbove: chainAbove), by: ==)
        #expect(fromWhole)

        // The serial pass: one reader, the keys in order.
        func serialPass() -> (shared: [UInt8], unread: Int) {
            var reader = store.reader()
            let shared = keys.map { key in
                reader.similarity(Int(key >> 32), Int(key & 0xFFFF_FFFF)).map { UInt8(($0 * 128).rounded()) } ?? SignatureStore.unreadable
            }
            return (shared, reader.unread)
        }
        let expected = serialPass()
        let counts = Set(expected.shared)
        #expect(counts.contains(128) && counts.contains(126) && counts.contains(124), "the fixture must make ties: \(counts.sorted())")
        for chunks in [1, 2, 7, 64] {
            let found = store.agreements(keys, chunks: chunks)
            let same = found.shared == expected.shared
            #expect(same && found.unread == 0, "\(chunks) chunks")
        }

        // Pages from 4,000 on can no longer be read back.
        #expect(ftruncate(store.file, off_t(4_000 * SignatureStore.bytes)) == 0)
        let cut = serialPass()
        #expect(cut.unread > 100 && cut.shared.contains(SignatureStore.unreadable))
        for chunks in [1, 5, 64] {
            let found = store.agreements(keys, chunks: chunks)
            let same = found.shared == cut.shared
            #expect(same && found.unread == cut.unread, "\(chunks) chunks: \(found.unread) unread against \(cut.unread)")
        }
    }

    /// A signature the file no longer holds is counted as unread, and its pairs get no similarity
    /// (the check then reports itself incomplete) rather than a made-up one.
    @Test func signaturesThatCannotBeReadBackAreCounted() throws {
        let store = SignatureStore(pages: 3, bands: 16, rows: 8)
        try #require(store.usesFile)
        let signature = try #require(hasher.signature(words(300, seed: 5)))
        store.put(0, signature)
        store.put(1, signature)
        var reader = store.reader()
        #expect(reader.similarity(0, 1) == 1)
        #expect(ftruncate(store.file, 0) == 0)
        var after = store.reader()
        #expect(after.similarity(0, 1) == nil)
        #expect(after.unread == 1)
    }

    /// Texts shared by pages are found from hashes, with the text kept once a second page has it.
    @Test func sharedTextsKeepOnlyTextsOnMoreThanOnePage() {
        var texts = SharedTexts()
        for page in 0..<1_000 { texts.add("Page \(page) title", page: page) }
        texts.add("Page 7 title", page: 1_000)
        texts.add("Page 7 title", page: 1_001)
        texts.add("Shared", page: 5)
        texts.add("Shared", page: 2)
        #expect(texts.repeated == ["Page 7 title": [7, 1_000, 1_001], "Shared": [5, 2]])
        #expect(TextKey("a") != TextKey("b") && TextKey("ab") == TextKey("ab"))
    }
}
