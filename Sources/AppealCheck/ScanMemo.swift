import AppealModel
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What the scanner learned from elements that pages repeat byte for byte (a ladder, the navigation, a
/// fragment shared by many pages), so each is read once per build rather than once per page.
///
/// When an element of at least `minimum` bytes closes cleanly (no problem found inside it, no title,
/// meta or `<main>` in it), its bytes and what it added to the scan (words, links, ids, `<h1>` count)
/// can be kept. A later page that holds the same bytes at a start tag, in the same context (inside
/// `<main>` or not, inside a `<p>`, a link or SVG, …), takes that summary instead of scanning them.
/// Bytes are compared in full, never by hash alone, so the result is exactly what scanning gives.
///
/// An element is kept the second time it is seen (an element on one page only is never stored), and
/// each shard keeps at most `budget` bytes in two generations, so memory stays bounded whatever the
/// number of pages; pages that share an element are made close together (cells in order), so the
/// ones still to come find it. Thread-safe.
public final class ScanMemo: Sendable {
    /// Smaller elements cost less to scan than to look up.
    static let minimum = 256
    /// Bytes hashed to find candidates: the start tag and what follows it, far enough to tell apart
    /// the elements that one template line makes (the same `<details>` around different text).
    static let probe = 256
    /// Elements kept per key: the most recently used ones.
    static let perKey = 16
    static let shards = 16
    /// Bytes kept per shard, counting the element's bytes and its summary.
    let budget: Int

    /// What one element adds to a scan.
    struct Span: Sendable {
        let bytes: [UInt8]
        let context: UInt8
        let words: [UInt64]
        let links: [PageLink]
        let ids: [String]
        let h1Count: Int

        var size: Int { bytes.count + words.count * 8 + links.count * 80 + ids.count * 32 + 64 }
    }

    /// Two generations of each table: when the newer fills its half of the budget it becomes the
    /// older, and the older is dropped. An element found in the older one moves to the newer, so the
    /// elements pages keep using stay, at constant cost per operation.
    struct Shard: Sendable {
        var spans: [UInt64: [Span]] = [:]
        var older: [UInt64: [Span]] = [:]
        var bytes = 0
        var olderBytes = 0
        var seen = Set<UInt64>()
        var seenOlder = Set<UInt64>()
        /// Counted here, under the shard's lock, so a hit takes no second, shared lock.
        var statistics = Statistics()
    }

    private let shards: [Locked<Shard>]
    /// Keys of the elements ever kept, read without a lock: most look-ups (nine in ten on the
    /// benchmark sites) are of elements never kept, and end here.
    private let keptKeys = KeyFilter()

    /// Elements taken from the memo, elements kept, bytes not scanned.
    public struct Statistics: Sendable {
        public var hits = 0
        public var kept = 0
        public var skippedBytes = 0
    }

    public init(budget megabytes: Int = 32) {
        budget = megabytes << 20 / Self.shards
        shards = (0..<Self.shards).map { _ in Locked(Shard()) }
    }

    public var statistics: Statistics {
        shards.reduce(into: Statistics()) { total, shard in
            let s = shard.withValue { $0.statistics }
            total.hits += s.hits
            total.kept += s.kept
            total.skippedBytes += s.skippedBytes
        }
    }

    /// Bytes held now, both generations of every shard: at most the budget.
    public var heldBytes: Int { shards.reduce(0) { total, shard in total + shard.withValue { $0.bytes + $0.olderBytes } } }

    /// The key of the `probe` bytes at `offset`, in `context`.
    static func key(_ b: UnsafeBufferPointer<UInt8>, at offset: Int, context: UInt8) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(context)
        let raw = UnsafeRawPointer(b.baseAddress! + offset)
        for k in stride(from: 0, to: probe, by: 8) {
            h = (h ^ raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
        }
        return h
    }

    static func matches(_ span: Span, _ b: UnsafeBufferPointer<UInt8>, _ offset: Int, _ context: UInt8) -> Bool {
        span.context == context && span.bytes.count <= b.count - offset
            && span.bytes.withUnsafeBufferPointer { memcmp($0.baseAddress!, b.baseAddress! + offset, span.bytes.count) == 0 }
    }

    /// A kept element whose bytes start at `offset` of `b`, in `context`.
    func find(_ b: UnsafeBufferPointer<UInt8>, at offset: Int, context: UInt8, key: UInt64) -> Span? {
        guard keptKeys.mayContain(key) else { return nil }
        let limit = budget
        let found: Span? = shards[Int(key % UInt64(Self.shards))].withValue { shard in
            let span: Span
            if let list = shard.spans[key], let newer = list.first(where: { Self.matches($0, b, offset, context) }) {
                span = newer
            } else {
                guard let list = shard.older[key], let n = list.firstIndex(where: { Self.matches($0, b, offset, context) }) else { return nil }
                span = list[n]
                shard.older[key]!.remove(at: n)
                shard.olderBytes -= span.size
                Self.add(span, key: key, to: &shard, limit: limit)
            }
            shard.statistics.hits += 1
            shard.statistics.skippedBytes += span.bytes.count
            return span
        }
        return found
    }

    /// Whether an element that closed cleanly is worth keeping: true the second time one with this
    /// key, last bytes and length is seen and it is not kept yet.
    func wanted(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, context: UInt8, key: UInt64) -> Bool {
        let tail = Self.key(b, at: range.upperBound - Self.probe, context: context)
        let seenKey = key ^ (tail &* 0x94D0_49BB_1331_11EB) ^ UInt64(range.count)
        return shards[Int(key % UInt64(Self.shards))].withValue { shard in
            func kept(_ table: [UInt64: [Span]]) -> Bool {
                table[key]?.contains(where: { $0.context == context && $0.bytes.count == range.count }) ?? false
            }
            if kept(shard.spans) || kept(shard.older) { return false }
            if shard.seen.contains(seenKey) || shard.seenOlder.contains(seenKey) { return true }
            shard.seen.insert(seenKey)
            if shard.seen.count >= 1 << 15 { shard.seenOlder = shard.seen; shard.seen = [] }
            return false
        }
    }

    func keep(_ span: Span, key: UInt64) {
        keptKeys.insert(key)
        let limit = budget
        shards[Int(key % UInt64(Self.shards))].withValue { shard in
            Self.add(span, key: key, to: &shard, limit: limit)
            shard.statistics.kept += 1
        }
    }

    static func add(_ span: Span, key: UInt64, to shard: inout Shard, limit: Int) {
        // An element larger than a generation is not kept: the budget holds.
        guard span.size <= limit / 2 else { return }
        // A handful of elements per key: pages that start alike but differ further on are told apart
        // by comparing bytes, a few candidates at most.
        if let list = shard.spans[key], list.count >= perKey { shard.bytes -= list[0].size; shard.spans[key]!.removeFirst() }
        if shard.bytes + span.size > limit / 2 {
            shard.older = shard.spans
            shard.olderBytes = shard.bytes
            shard.spans = [:]
            shard.bytes = 0
        }
        shard.spans[key, default: []].append(span)
        shard.bytes += span.size
    }
}

/// A set of 64-bit keys that may answer "maybe" for a key never inserted, never "no" for one that
/// was: two bits per key in one 64-bit word of 256 KB, set and read atomically, without a lock. Small
/// enough to stay in the core's cache (at a megabyte, the load of the word was most of a look-up's
/// time); about one look-up in a hundred of an absent key goes on to the table at 100,000 kept
/// elements. Never cleared.
final class KeyFilter: Sendable {
    private let words: InlineArray<32_768, Atomic<UInt64>>

    init() { words = InlineArray { _ in Atomic(0) } }

    static func place(_ key: UInt64) -> (word: Int, bits: UInt64) {
        let h = key &* 0x9E37_79B9_7F4A_7C15
        return (Int(h >> 49), 1 << ((h >> 43) & 63) | 1 << ((h >> 37) & 63))
    }

    func insert(_ key: UInt64) {
        let (word, bits) = Self.place(key)
        words[word].bitwiseOr(bits, ordering: .relaxed)
    }

    func mayContain(_ key: UInt64) -> Bool {
        let (word, bits) = Self.place(key)
        return words[word].load(ordering: .relaxed) & bits == bits
    }
}
