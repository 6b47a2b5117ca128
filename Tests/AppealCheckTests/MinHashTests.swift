import AppealCheck
import Testing

@Suite struct MinHashTests {
    let hasher = MinHasher()

    func words(_ count: Int, seed: UInt64) -> [UInt64] { pseudoWords(count, seed: seed) }

    @Test func identicalTextIsOneAndUnrelatedTextIsNearZero() throws {
        let a = words(800, seed: 1), b = words(800, seed: 2)
        let sa = try #require(hasher.signature(a)), sb = try #require(hasher.signature(b))
        #expect(MinHasher.similarity(sa, sa) == 1)
        #expect(MinHasher.similarity(sa, try #require(hasher.signature(a))) == 1)
        #expect(MinHasher.similarity(sa, sb) < 0.05)
        #expect(hasher.signature([]) == nil)
    }

    @Test func theEstimateFollowsTheShareOfSharedText() throws {
        // 1,000 words; the second page swaps its last 50 for other words: about 90% of shingles shared.
        let a = words(1_000, seed: 7)
        let b = Array(a.prefix(950)) + words(50, seed: 8)
        let c = Array(a.prefix(500)) + words(500, seed: 9)
        let sa = try #require(hasher.signature(a)), sb = try #require(hasher.signature(b)), sc = try #require(hasher.signature(c))
        let near = MinHasher.similarity(sa, sb), half = MinHasher.similarity(sa, sc)
        // Exact Jaccard: 946 shared shingles of 1,046 (a) ∪ … ≈ 0.90, and ≈ 0.33 for c.
        #expect(abs(near - 0.90) < 0.08, "\(near)")
        #expect(abs(half - 0.33) < 0.1, "\(half)")
    }

    @Test func bandingFindsSimilarPairsWithoutComparingEveryPair() throws {
        let base = words(1_000, seed: 11)
        var pages: [(page: Int, signature: [UInt32])] = []
        pages.append((0, try #require(hasher.signature(base))))
        pages.append((1, try #require(hasher.signature(Array(base.prefix(980)) + words(20, seed: 12)))))
        for p in 2..<200 { pages.append((p, try #require(hasher.signature(words(1_000, seed: UInt64(100 + p)))))) }
        let (bands, rows) = MinHasher.banding(for: 0.9)
        #expect(bands * rows == MinHasher.size)
        let pairs = MinHasher.candidates(pages, bands: bands, rows: rows)
        #expect(pairs.contains { $0 == (0, 1) })
        // Unrelated pages share no band: far fewer candidates than the 19,900 pairs.
        #expect(pairs.count < 20, "\(pairs.count)")
    }

    @Test func aLowerThresholdUsesNarrowerBands() {
        #expect(MinHasher.banding(for: 0.9) == (16, 8))
        #expect(MinHasher.banding(for: 0.6) == (32, 4))
    }

    /// Pages built from shared parts (as fragments are) with words of their own between them: the
    /// signature made from cached chunk signatures plus boundary shingles is the signature of the
    /// whole page, bit for bit, and the shared parts are hashed once, not once per page.
    @Test func signaturesFromSharedChunksAreExactlyThePageSignatures() throws {
        let cache = SignatureCache()
        let parts = (0..<6).map { words(300 + 37 * $0, seed: UInt64(100 + $0)) }
        var pages: [[UInt64]] = []
        for p in 0..<40 {
            var page = words(3 + p % 5, seed: UInt64(1_000 + p))  // the page's own few words
            for k in 0..<4 { page += parts[(p + k) % parts.count] + words(p % 3, seed: UInt64(2_000 + p * 10 + k)) }
            pages.append(page)
        }
        // Short pages and pages of one repeated word take the same path.
        pages += [words(3, seed: 5), words(9, seed: 6), words(10, seed: 7), [UInt64](repeating: 42, count: 500)]
        // Every length, so that chunks end at every distance from the page's end.
        let long = words(400, seed: 77)
        pages += (1...400).map { Array(long.prefix($0)) }
        for page in pages {
            #expect(hasher.signature(page, cache: cache) == hasher.signature(page))
        }
        let stats = cache.statistics
        #expect(stats.hits > stats.misses, "\(stats)")
        // Far fewer shingles hashed than the pages have: only those of chunks not kept yet.
        let all = pages.reduce(0) { $0 + $1.count }
        #expect(stats.hashed < all / 4, "\(stats) of \(all)")
    }
}

/// Deterministic pseudo-text for the MinHash tests: `count` word hashes drawn from a vocabulary of 2,000.
func pseudoWords(_ count: Int, seed: UInt64) -> [UInt64] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (state >> 33) % 2_000 &* 0x9E37_79B9
    }
}
