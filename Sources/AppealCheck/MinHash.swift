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
        multipliers.withUnsafeBufferPointer { a in
            offsets.withUnsafeBufferPointer { c in
                signature.withUnsafeMutableBufferPointer { sig in
                    for start in 0..<windows {
                        var h: UInt64 = 0x243F_6A88_85A3_08D3
                        for w in words[start..<min(words.count, start + Self.shingle)] {
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
