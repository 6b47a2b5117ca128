import AppealModel
import Foundation

/// MinHash signatures of word shingles, and locality-sensitive hashing (LSH) to find similar pages
/// without comparing every pair: 100,000 pages make 5 billion pairs, but only pages that share a
/// whole band of their signature are ever compared.
public struct MinHasher: Sendable {
    /// Signature length: the Jaccard estimate's standard error is at most 0.5 / √128 ≈ 0.044, and
    /// about 0.027 near a similarity of 0.9.
    public static let size = 128
    /// Words per shingle.
    public static let shingle = 5

    let multipliers: [UInt64]
    let offsets: [UInt64]

    public init() {
        // Fixed seeds (SplitMix64), so signatures and findings are the same on every run.
        var state: UInt64 = 0x5EED_A99E_A1_0000
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        multipliers = (0..<Self.size).map { _ in next() | 1 }
        offsets = (0..<Self.size).map { _ in next() }
    }

    /// The signature of a page's words; nil when it has no words.
    public func signature(_ words: [UInt64]) -> [UInt32]? {
        guard !words.isEmpty else { return nil }
        var signature = [UInt32](repeating: .max, count: Self.size)
        let windows = max(1, words.count - Self.shingle + 1)
        add(windows: 0..<windows, of: words[...], to: &signature)
        return signature
    }

    /// Lowers `signature` to the minimum over the shingles starting at `starts` (each the next
    /// `shingle` words of `words`, or fewer at its end).
    func add(windows starts: Range<Int>, of words: ArraySlice<UInt64>, to signature: inout [UInt32]) {
        guard !starts.isEmpty else { return }
        let base = words.startIndex
        multipliers.withUnsafeBufferPointer { a in
            offsets.withUnsafeBufferPointer { c in
                signature.withUnsafeMutableBufferPointer { sig in
                    for start in starts {
                        var h: UInt64 = 0x243F_6A88_85A3_08D3
                        for w in words[(base + start)..<min(words.endIndex, base + start + Self.shingle)] {
                            h = (h ^ w) &* 0x9E37_79B9_7F4A_7C15
                            h ^= h >> 29
                        }
                        // Multiply-shift hashing: one multiply and add per permutation.
                        for k in 0..<Self.size {
                            let v = UInt32(truncatingIfNeeded: (a[k] &* h &+ c[k]) >> 32)
                            if v < sig[k] { sig[k] = v }
                        }
                    }
                }
            }
        }
    }

    /// The same signature as `signature(_:)`, from parts that pages share. A page's words are cut into
    /// chunks where a word's hash says so (content-defined: the same run of text is cut the same way
    /// on every page, wherever it sits), and the MinHash of a union is the element-wise minimum of its
    /// parts' MinHashes: the signature is the minimum of each chunk's own signature (its shingles that
    /// lie wholly inside it, computed once per distinct chunk and kept in `cache`) and of the few
    /// shingles that cross from a chunk into the next, hashed for the page. A page of shared fragments
    /// then costs a look-up and a 128-wide minimum per chunk, plus four shingles per chunk boundary.
    public func signature(_ words: [UInt64], cache: SignatureCache) -> [UInt32]? {
        guard words.count >= 2 * Self.shingle else { return signature(words) }
        var signature = [UInt32](repeating: .max, count: Self.size)
        let last = words.count - Self.shingle  // the last shingle's start
        var start = 0
        var computed = 0
        while start < words.count {
            var end = start + 1
            while end < words.count, end - start < SignatureCache.maxChunk, !SignatureCache.cuts(after: words[end - 1]) { end += 1 }
            let chunk = words[start..<end]
            // Shingles wholly inside the chunk: from the cache, or hashed and kept.
            if chunk.count >= Self.shingle {
                let own = cache.signature(of: chunk) { part in
                    var s = [UInt32](repeating: .max, count: Self.size)
                    add(windows: 0..<(part.count - Self.shingle + 1), of: part, to: &s)
                    return s
                }
                for k in 0..<Self.size where own[k] < signature[k] { signature[k] = own[k] }
            }
            // Shingles that start in this chunk and end in the next.
            let from = max(start, end - Self.shingle + 1), to = min(end, last + 1)
            if from < to {
                add(windows: from..<to, of: words[...], to: &signature)
                computed += to - from
            }
            start = end
        }
        cache.count(crossing: computed)
        return signature
    }

    /// Estimated Jaccard similarity of the shingle sets behind two signatures.
    public static func similarity(_ a: [UInt32], _ b: [UInt32]) -> Double {
        var same = 0
        for k in 0..<min(a.count, b.count) where a[k] == b[k] { same += 1 }
        return Double(same) / Double(max(1, min(a.count, b.count)))
    }

    /// Bands × rows for a similarity threshold: the LSH curve's midpoint, (1/bands)^(1/rows), sits
    /// well below the threshold so pairs at the threshold are found with probability above 0.99.
    public static func banding(for threshold: Double) -> (bands: Int, rows: Int) {
        let options = [(8, 16), (16, 8), (32, 4), (64, 2)]
        for (bands, rows) in options where pow(1 / Double(bands), 1 / Double(rows)) <= threshold - 0.15 {
            return (bands, rows)
        }
        return (64, 2)
    }

    /// Candidate pairs: pages whose signatures agree on every row of at least one band. A bucket of
    /// more than `chainAbove` pages (many identical pages) is chained instead of fully paired, which
    /// keeps the work linear and still joins them into one cluster.
    public static func candidates(_ signatures: [(page: Int, signature: [UInt32])], bands: Int, rows: Int,
                                  chainAbove: Int = 64) -> [(Int, Int)] {
        var seen = Set<UInt64>()
        var pairs: [(Int, Int)] = []
        for band in 0..<bands {
            var buckets: [UInt64: [Int]] = [:]
            for (page, signature) in signatures {
                var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(band)
                for k in (band * rows)..<((band + 1) * rows) {
                    h = (h ^ UInt64(signature[k])) &* 0x100_0000_01b3
                }
                buckets[h, default: []].append(page)
            }
            for members in buckets.values where members.count > 1 {
                func add(_ a: Int, _ b: Int) {
                    let key = UInt64(min(a, b)) << 32 | UInt64(max(a, b))
                    if seen.insert(key).inserted { pairs.append((min(a, b), max(a, b))) }
                }
                if members.count > chainAbove {
                    for k in 1..<members.count { add(members[k - 1], members[k]) }
                } else {
                    for x in 0..<members.count {
                        for y in (x + 1)..<members.count { add(members[x], members[y]) }
                    }
                }
            }
        }
        return pairs.sorted { $0 < $1 }
    }
}

/// Signatures of word chunks that pages share, computed once each (see `MinHasher.signature(_:cache:)`).
/// A chunk is kept the second time it is seen: text on one page only (a cell's own sentence) is
/// never stored, so the cache grows with the distinct shared text, not with pages. Thread-safe.
public final class SignatureCache: Sendable {
    /// A chunk ends after a word whose hash has its top five bits clear (one word in 32 on average),
    /// or at `maxChunk` words.
    static let maxChunk = 128

    static func cuts(after word: UInt64) -> Bool { (word &* 0x9E37_79B9_7F4A_7C15) >> 59 == 0 }

    struct State: Sendable {
        var kept: [[UInt64]: [UInt32]] = [:]
        var seen = Set<Int>()
        var hits = 0
        var misses = 0
        var crossing = 0
    }

    private let state = Locked(State())

    public init() {}

    func signature(of chunk: ArraySlice<UInt64>, compute: (ArraySlice<UInt64>) -> [UInt32]) -> [UInt32] {
        // Its own array: a slice would keep the whole page's words alive in the cache.
        let words = Array(chunk)
        let key = words.hashValue
        let found: [UInt32]? = state.withValue { s in
            if let known = s.kept[words] { s.hits += 1; return known }
            s.misses += 1
            return nil
        }
        if let found { return found }
        let made = compute(chunk)
        state.withValue { s in
            if !s.seen.insert(key).inserted { s.kept[words] = made }
        }
        return made
    }

    func count(crossing n: Int) { state.withValue { $0.crossing += n } }

    /// Chunks found in the cache, chunks hashed, shingles hashed across chunk boundaries, chunks kept.
    public var statistics: (hits: Int, misses: Int, crossing: Int, kept: Int) {
        let s = state.current
        return (s.hits, s.misses, s.crossing, s.kept.count)
    }
}
