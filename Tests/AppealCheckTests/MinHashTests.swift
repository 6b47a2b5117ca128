@testable import AppealCheck
import AppealKernels
import Testing

@Suite struct MinHashTests {
    let hasher = MinHasher()

    func words(_ count: Int, seed: UInt64) -> [UInt64] { pseudoWords(count, seed: seed) }

    /// The vector kernel gives exactly the signature of the loop it replaced, one shingle at a time,
    /// for any number of shingles (none, fewer than a vector, many) and any starting signature.
    @Test func theVectorKernelLowersAsTheScalarLoopDid() {
        let hasher = MinHasher()
        var state: UInt64 = 42
        func next() -> UInt64 { state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return state ^ (state >> 31) }
        for count in [1, 2, 4, 5, 6, 9, 17, 64, 300] {
            let words = (0..<count).map { _ in next() }
            let windows = max(1, count - MinHasher.shingle + 1)
            for start in [[UInt32](repeating: .max, count: MinHasher.size), (0..<MinHasher.size).map { _ in UInt32(truncatingIfNeeded: next()) }] {
                var kernel = start, scalar = start
                hasher.add(windows: 0..<windows, of: words[...], to: &kernel)
                hasher.addOneAtATime(windows: 0..<windows, of: words[...], to: &scalar)
                #expect(kernel == scalar, "\(count) words")
                if start.allSatisfy({ $0 == .max }) { #expect(kernel != start) }
            }
        }
        // A slice that does not start at 0, and an empty range (nothing lowered).
        let words = (0..<40).map { _ in next() }
        var kernel = [UInt32](repeating: .max, count: MinHasher.size), scalar = kernel
        hasher.add(windows: 3..<20, of: words[7..<35], to: &kernel)
        hasher.addOneAtATime(windows: 3..<20, of: words[7..<35], to: &scalar)
        #expect(kernel == scalar)
        // Each path of the kernel this processor can run (plain, AVX2, AVX-512) gives that signature.
        let hashes = (0..<37).map { _ in next() }
        var reference = [UInt32](repeating: .max, count: MinHasher.size)
        #expect(appeal_minhash_lower_path(0, &reference, hasher.multipliers, hasher.offsets, MinHasher.size, hashes, hashes.count) == 1)
        var expected = [UInt32](repeating: .max, count: MinHasher.size)
        for h in hashes {
            for k in 0..<MinHasher.size { expected[k] = min(expected[k], UInt32(truncatingIfNeeded: (hasher.multipliers[k] &* h &+ hasher.offsets[k]) >> 32)) }
        }
        #expect(reference == expected)
        var ran = 0
        for path: Int32 in [1, 2] {
            var s = [UInt32](repeating: .max, count: MinHasher.size)
            if appeal_minhash_lower_path(path, &s, hasher.multipliers, hasher.offsets, MinHasher.size, hashes, hashes.count) == 1 {
                ran += 1
                #expect(s == expected, "path \(path)")
            }
        }
        print("vector kernel paths compared on this processor: \(ran) of 2")
        var untouched = [UInt32](repeating: 9, count: MinHasher.size)
        hasher.add(windows: 0..<0, of: words[...], to: &untouched)
        #expect(untouched == [UInt32](repeating: 9, count: MinHasher.size))
    }

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

extension MinHasher {
    /// `add(windows:of:to:)` as it was written before the vector kernel, one shingle at a time: the
    /// reference the kernel is compared with.
    func addOneAtATime(windows starts: Range<Int>, of words: ArraySlice<UInt64>, to signature: inout [UInt32]) {
        let base = words.startIndex
        for start in starts {
            var h: UInt64 = 0x243F_6A88_85A3_08D3
            for w in words[(base + start)..<min(words.endIndex, base + start + Self.shingle)] {
                h = (h ^ w) &* 0x9E37_79B9_7F4A_7C15
                h ^= h >> 29
            }
            for k in 0..<Self.size {
                signature[k] = min(signature[k], UInt32(truncatingIfNeeded: (multipliers[k] &* h &+ offsets[k]) >> 32))
            }
        }
    }
}
