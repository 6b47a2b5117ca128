import AppealKernels
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
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: starts.count) { hashes in
            for (n, start) in starts.enumerated() {
                var h: UInt64 = 0x243F_6A88_85A3_08D3
                for w in words[(base + start)..<min(words.endIndex, base + start + Self.shingle)] {
                    h = (h ^ w) &* 0x9E37_79B9_7F4A_7C15
                    h ^= h >> 29
                }
                hashes[n] = h
            }
            // Multiply-shift hashing, one multiply and add per permutation, in vector registers.
            multipliers.withUnsafeBufferPointer { a in
                offsets.withUnsafeBufferPointer { c in
                    signature.withUnsafeMutableBufferPointer { sig in
                        appeal_minhash_lower(sig.baseAddress!, a.baseAddress!, c.baseAddress!, Self.size, hashes.baseAddress!, starts.count)
                    }
                }
            }
        }
    }

    /// The same signature as `signature(_:)`, from parts that pages share. A page's words are cut into
    /// chunks where a word's hash says so (content-defined: the same run of text is cut the same way
    /// on every page, wherever it sits), and the MinHash of a union is the element-wise minimum of its
    /// parts' MinHashes. Each chunk, with the four words before it, owns the shingles that end in it:
    /// every shingle of the page is owned by exactly one chunk, and what a chunk owns depends only on
    /// those words. So the signature is the minimum of the chunks' own signatures, each computed once
    /// per distinct chunk and kept in `cache`: a page of shared text costs a look-up and a 128-wide
    /// minimum per chunk.
    public func signature(_ words: [UInt64], cache: SignatureCache) -> [UInt32]? {
        guard words.count >= 2 * Self.shingle else { return signature(words) }
        var signature = [UInt32](repeating: .max, count: Self.size)
        var start = 0
        words.withUnsafeBufferPointer { all in
            while start < all.count {
                var end = start + 1
                while end < all.count, end - start < SignatureCache.maxChunk, end < 2 || !SignatureCache.cuts(after: all[end - 1], all[end - 2]) { end += 1 }
                // The chunk and the four words before it: the shingles that end in this chunk.
                let from = max(0, start - Self.shingle + 1)
                let span = UnsafeBufferPointer(rebasing: all[from..<end])
                if span.count >= Self.shingle {
                    cache.lowering(&signature, by: span) { part in
                        var s = [UInt32](repeating: .max, count: Self.size)
                        add(windows: 0..<(part.count - Self.shingle + 1), of: words[(from)..<end], to: &s)
                        return s
                    }
                }
                start = end
            }
        }
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
        var pairs = CandidatePairs(chainAbove: chainAbove)
        for band in 0..<bands {
            pairs.add(band: signatures.map { (bandHash($0.signature, band: band, rows: rows), $0.page) })
        }
        return pairs.sorted
    }

    /// The hash of one band (`rows` values from `band × rows`) of a signature: pages in one LSH bucket share it.
    @inlinable
    public static func bandHash(_ signature: UnsafeBufferPointer<UInt32>, band: Int, rows: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(band)
        for k in (band * rows)..<((band + 1) * rows) {
            h = (h ^ UInt64(signature[k])) &* 0x100_0000_01b3
        }
        return h
    }

    public static func bandHash(_ signature: [UInt32], band: Int, rows: Int) -> UInt64 {
        signature.withUnsafeBufferPointer { bandHash($0, band: band, rows: rows) }
    }
}

/// The candidate pairs of LSH, band by band: pages with the same band hash share a bucket. Each
/// pair is kept once, as one 64-bit number (the lower page in the high half).
struct CandidatePairs {
    let chainAbove: Int
    var seen = Set<UInt64>()

    init(chainAbove: Int) { self.chainAbove = chainAbove }

    /// Adds the pairs of one band, given each page's hash of it.
    mutating func add(band entries: [(hash: UInt64, page: Int)]) {
        // Sorted, each bucket is a run, its pages in ascending order.
        let sorted = entries.sorted { ($0.hash, $0.page) < ($1.hash, $1.page) }
        var start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count && sorted[end].hash == sorted[start].hash { end += 1 }
            if end - start > 1 { add(bucket: sorted[start..<end].map(\.page)) }
            start = end
        }
    }

    mutating func add(bucket members: [Int]) {
        func add(_ a: Int, _ b: Int) { seen.insert(UInt64(min(a, b)) << 32 | UInt64(max(a, b))) }
        if members.count > chainAbove {
            for k in 1..<members.count { add(members[k - 1], members[k]) }
        } else {
            for x in 0..<members.count {
                for y in (x + 1)..<members.count { add(members[x], members[y]) }
            }
        }
    }

    /// The pairs in order of their first page, then their second.
    var keys: [UInt64] { seen.sorted() }

    var sorted: [(Int, Int)] { keys.map { (Int($0 >> 32), Int($0 & 0xFFFF_FFFF)) } }
}

/// Signatures of word chunks that pages share, computed once each (see `MinHasher.signature(_:cache:)`).
/// Chunks are known by a 128-bit fingerprint of their word hashes and their length. Each shard keeps
/// two generations: when the newer one fills its half of the budget it becomes the older and the
/// older is dropped, and a chunk found in the older one moves to the newer. Pages that share text
/// are made close together (cells in order), so memory stays bounded whatever the number of pages
/// while shared text is hashed about once. Thread-safe, in shards.
public final class SignatureCache: Sendable {
    /// A chunk ends where the hash of its last two words has its top five bits clear (one place in
    /// 32 on average, even in text of few distinct words), or at `maxChunk` words.
    static let maxChunk = 64
    static let shards = 16

    static func cuts(after last: UInt64, _ before: UInt64) -> Bool {
        ((last ^ (before >> 7 | before << 57)) &* 0x9E37_79B9_7F4A_7C15) >> 59 == 0
    }

    struct Key: Hashable, Sendable {
        var a: UInt64
        var b: UInt64
    }

    struct Shard: Sendable {
        var newer: [Key: [UInt32]] = [:]
        var older: [Key: [UInt32]] = [:]
        var hits = 0
        var misses = 0
        var hashed = 0
    }

    /// Chunks per generation and shard.
    let generation: Int
    private let shards: [Locked<Shard>]

    /// `megabytes`: about what the cache may hold, both generations together.
    public init(megabytes: Int = 32) {
        generation = max(64, (megabytes << 20) / (2 * Self.shards * (MinHasher.size * 4 + 96)))
        shards = (0..<Self.shards).map { _ in Locked(Shard()) }
    }

    static func key(_ words: UnsafeBufferPointer<UInt64>) -> Key {
        var a: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(words.count)
        var b: UInt64 = 0x1319_8A2E_0370_7344 &+ UInt64(words.count)
        for w in words {
            a = (a ^ w) &* 0x9E37_79B9_7F4A_7C15
            a ^= a >> 32
            b = (b &+ w) &* 0xC2B2_AE3D_27D4_EB4F
            b ^= b >> 29
        }
        return Key(a: a, b: b)
    }

    /// Lowers `signature` to the element-wise minimum with the signature of `chunk`, from the cache or
    /// from `compute`.
    func lowering(_ signature: inout [UInt32], by chunk: UnsafeBufferPointer<UInt64>, compute: (UnsafeBufferPointer<UInt64>) -> [UInt32]) {
        let key = Self.key(chunk)
        let shard = shards[Int(key.a % UInt64(Self.shards))]
        let limit = generation
        let found: [UInt32]? = shard.withValue { s in
            if let own = s.newer[key] { s.hits += 1; return own }
            guard let own = s.older.removeValue(forKey: key) else { return nil }
            s.hits += 1
            Self.add(own, key, to: &s, limit: limit)
            return own
        }
        let own: [UInt32]
        if let found {
            own = found
        } else {
            own = compute(chunk)
            shard.withValue { s in
                s.misses += 1
                s.hashed += chunk.count - MinHasher.shingle + 1
                Self.add(own, key, to: &s, limit: limit)
            }
        }
        own.withUnsafeBufferPointer { o in
            signature.withUnsafeMutableBufferPointer { sig in
                for k in 0..<MinHasher.size { sig[k] = min(sig[k], o[k]) }
            }
        }
    }

    static func add(_ own: [UInt32], _ key: Key, to s: inout Shard, limit: Int) {
        s.newer[key] = own
        if s.newer.count >= limit {
            s.older = s.newer
            s.newer = [:]
        }
    }

    /// Chunks found in the cache, chunks hashed, shingles hashed in all, chunks kept.
    public var statistics: (hits: Int, misses: Int, hashed: Int, kept: Int) {
        shards.reduce((0, 0, 0, 0)) { total, shard in
            shard.withValue { s in (total.0 + s.hits, total.1 + s.misses, total.2 + s.hashed, total.3 + s.newer.count + s.older.count) }
        }
    }
}
