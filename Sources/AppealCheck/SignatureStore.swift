import AppealModel
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The MinHash signature of every page the near-duplicate check compares, kept from the moment a page
/// is checked to the end of the build without holding them all in memory.
///
/// In memory there is only what LSH needs to find candidate pairs: one 64-bit hash per band (16 × 8
/// bytes a page at the default threshold). The signatures themselves (512 bytes a page) go to a
/// temporary file that is unlinked as soon as it is open, so nothing is left behind even when the
/// build is killed; they are read back for the pages of candidate pairs only. Where no temporary file
/// can be made or written, signatures are held in memory instead.
///
/// `put` is thread-safe for distinct pages (each page is recorded once); reading is for `finish`.
public final class SignatureStore: @unchecked Sendable {
    let pageCount: Int
    let bands: Int
    let rows: Int
    static let width = MinHasher.size
    static let bytes = width * MemoryLayout<UInt32>.size

    /// `pageCount × bands` band hashes; a page's are written by the one thread that records it.
    private let bandHashes: UnsafeMutablePointer<UInt64>
    /// 1 for a page whose signature was put.
    private let present: UnsafeMutablePointer<UInt8>
    /// The unlinked temporary file, or -1.
    let file: Int32
    /// Signatures that could not go to the file (no file, or a write that failed).
    private let held = Locked<[Int: [UInt32]]>([:])

    /// A store for `pages` pages. `folder` is where the temporary file goes (the system's temporary
    /// folder unless named); without one, signatures are held in memory.
    public init(pages: Int, bands: Int, rows: Int, folder: String? = nil, inMemory: Bool = false) {
        pageCount = pages
        self.bands = bands
        self.rows = rows
        bandHashes = .allocate(capacity: max(1, pages * bands))
        present = .allocate(capacity: max(1, pages))
        present.initialize(repeating: 0, count: max(1, pages))
        file = inMemory ? -1 : Self.temporaryFile(in: folder ?? NSTemporaryDirectory())
    }

    deinit {
        bandHashes.deallocate()
        present.deallocate()
        if file >= 0 { close(file) }
    }

    /// True when the signatures go to a file (false: they are held in memory).
    public var usesFile: Bool { file >= 0 }

    static func temporaryFile(in folder: String) -> Int32 {
        let dir = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        return SummaryRecorder.unlinkedFile(beside: (dir.isEmpty ? "." : dir) + "/appealpress-signatures")
    }

    /// Keeps page `page`'s signature (`MinHasher.size` values).
    public func put(_ page: Int, _ signature: [UInt32]) {
        guard page >= 0, page < pageCount, signature.count == Self.width else { return }
        signature.withUnsafeBufferPointer { values in
            for band in 0..<bands { bandHashes[page * bands + band] = MinHasher.bandHash(values, band: band, rows: rows) }
            var written = false
            if file >= 0 {
                let n = pwrite(file, values.baseAddress!, Self.bytes, off_t(page) * off_t(Self.bytes))
                written = n == Self.bytes
            }
            if !written { held.withValue { $0[page] = signature } }
        }
        present[page] = 1
    }

    public func has(_ page: Int) -> Bool { page >= 0 && page < pageCount && present[page] != 0 }

    /// Candidate pairs, as `MinHasher.candidates` finds them from the whole signatures.
    public func candidates(chainAbove: Int = 64) -> [(Int, Int)] {
        candidateKeys(chainAbove: chainAbove).map { (Int($0 >> 32), Int($0 & 0xFFFF_FFFF)) }
    }

    /// The candidate pairs, each as one number (`a << 32 | b`, with a < b), sorted: the same list as
    /// `serialCandidateKeys`, found on all cores and without a set of every pair.
    ///
    /// Each band is sorted into its buckets on its own (phase 1). Then each band lists its pairs
    /// (phase 2), leaving out a pair an earlier band already pairs fully, which is known from the two
    /// pages' band hashes alone: so each pair of a fully paired bucket is listed once, by the first
    /// band that has it, and nothing needs a look-up. A chained bucket (more than `chainAbove` pages)
    /// lists only neighbours; such a pair is left out when any band pairs it fully, and the few
    /// chained neighbours several bands list are dropped when the sorted lists are merged (phase 3).
    /// (Within one band no pair repeats: a page is in one bucket of each band.)
    func candidateKeys(chainAbove: Int = 64) -> [UInt64] {
        let bands = self.bands, pageCount = self.pageCount
        // Phase 1: per band, the pages of its buckets of two or more, bucket after bucket (each in
        // ascending order), where each bucket ends, and whether it is chained.
        struct Buckets: Sendable {
            var members: [UInt32] = []
            var ends: [Int] = []
            var chained: [Bool] = []
        }
        let sorted = Locked([Buckets](repeating: Buckets(), count: bands))
        DispatchQueue.concurrentPerform(iterations: bands) { band in
            struct Entry { var hash: UInt64; var page: UInt32 }
            var entries: [Entry] = []
            entries.reserveCapacity(pageCount)
            for page in 0..<pageCount where present[page] != 0 { entries.append(Entry(hash: bandHashes[page * bands + band], page: UInt32(page))) }
            entries.sort { $0.hash != $1.hash ? $0.hash < $1.hash : $0.page < $1.page }
            var out = Buckets()
            var start = 0
            while start < entries.count {
                var end = start + 1
                while end < entries.count && entries[end].hash == entries[start].hash { end += 1 }
                if end - start > 1 {
                    for k in start..<end { out.members.append(entries[k].page) }
                    out.ends.append(out.members.count)
                    out.chained.append(end - start > chainAbove)
                }
                start = end
            }
            sorted.withValue { $0[band] = out }
        }
        let buckets = sorted.current
        // Pages in a chained bucket, one bit per band: their band hashes agree without pairing them.
        var chainedBands: [UInt64]? = nil
        for (band, b) in buckets.enumerated() {
            var from = 0
            for (end, chained) in zip(b.ends, b.chained) {
                if chained {
                    if chainedBands == nil { chainedBands = [UInt64](repeating: 0, count: pageCount) }
                    for k in from..<end { chainedBands![Int(b.members[k])] |= 1 << UInt64(band) }
                }
                from = end
            }
        }
        let chainedMask = chainedBands

        // Phase 2: per band, its pairs that no other band lists, sorted.
        let listed = Locked([[UInt64]](repeating: [], count: bands))
        DispatchQueue.concurrentPerform(iterations: bands) { band in
            let b = buckets[band]
            let hashes = UnsafePointer(bandHashes)
            /// True when band `j` in `range` other than this one pairs `a` and `b` fully.
            func pairedFully(_ a: Int, _ c: Int, in range: Range<Int>) -> Bool {
                let x = hashes + a * bands, y = hashes + c * bands
                let chained = chainedMask?[a] ?? 0
                for j in range where j != band && x[j] == y[j] && chained & (1 << UInt64(j)) == 0 { return true }
                return false
            }
            var keys: [UInt64] = []
            var from = 0
            for (end, chained) in zip(b.ends, b.chained) {
                if chained {
                    for k in (from + 1)..<end {
                        let a = Int(b.members[k - 1]), c = Int(b.members[k])
                        if !pairedFully(a, c, in: 0..<bands) { keys.append(UInt64(a) << 32 | UInt64(c)) }
                    }
                } else {
                    for x in from..<end {
                        let a = Int(b.members[x])
                        for y in (x + 1)..<end {
                            let c = Int(b.members[y])
                            if !pairedFully(a, c, in: 0..<band) { keys.append(UInt64(a) << 32 | UInt64(c)) }
                        }
                    }
                }
                from = end
            }
            keys.sort()
            listed.withValue { $0[band] = keys }
        }

        // Phase 3: the bands' lists merged two by two (in parallel), dropping repeats.
        var lists = listed.current
        while lists.count > 1 {
            let merged = Locked([[UInt64]](repeating: [], count: lists.count / 2))
            let current = lists
            DispatchQueue.concurrentPerform(iterations: current.count / 2) { k in
                let m = Self.mergeUnique(current[2 * k], current[2 * k + 1])
                merged.withValue { $0[k] = m }
            }
            lists = merged.current + (current.count % 2 == 1 ? [current[current.count - 1]] : [])
        }
        return lists.first ?? []
    }

    /// Two sorted lists as one sorted list without repeats.
    static func mergeUnique(_ x: [UInt64], _ y: [UInt64]) -> [UInt64] {
        var out: [UInt64] = []
        out.reserveCapacity(x.count + y.count)
        var i = 0, j = 0
        func push(_ v: UInt64) { if out.last != v { out.append(v) } }
        while i < x.count && j < y.count {
            if x[i] <= y[j] { push(x[i]); i += 1 } else { push(y[j]); j += 1 }
        }
        while i < x.count { push(x[i]); i += 1 }
        while j < y.count { push(y[j]); j += 1 }
        return out
    }

    /// The candidate pairs as the one-thread reference finds them (a set of every pair, band by band):
    /// what `candidateKeys` must equal.
    func serialCandidateKeys(chainAbove: Int = 64) -> [UInt64] {
        candidatePairs(chainAbove: chainAbove).keys
    }

    func candidatePairs(chainAbove: Int) -> CandidatePairs {
        var pairs = CandidatePairs(chainAbove: chainAbove)
        var entries: [(hash: UInt64, page: Int)] = []
        for band in 0..<bands {
            entries.removeAll(keepingCapacity: true)
            for page in 0..<pageCount where present[page] != 0 { entries.append((bandHashes[page * bands + band], page)) }
            pairs.add(band: entries)
        }
        return pairs
    }

    /// Reads signatures back for a pass over candidate pairs.
    public func reader() -> Reader { Reader(self) }

    /// What `agreements` gives a pair whose signatures cannot both be read back.
    static let unreadable = UInt8.max

    /// For each candidate key, how many of the `width` signature values its two pages share
    /// (`unreadable` where either signature cannot be read back), and how many reads failed; the
    /// keys are cut into `chunks` runs read on all cores, each with its own reader. The same
    /// figures as one reader going through the keys in order: a read that fails is never cached, so
    /// each pair with an unreadable page counts one failed read (its first page's, or else its
    /// second's) whichever reader asks.
    func agreements(_ keys: [UInt64], chunks: Int? = nil) -> (shared: [UInt8], unread: Int) {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let count = max(1, min(keys.count, chunks ?? min(4 * cores, keys.count / 32_768 + 1)))
        let parts = Locked([(shared: [UInt8], unread: Int)](repeating: ([], 0), count: count))
        DispatchQueue.concurrentPerform(iterations: count) { c in
            let range = (keys.count * c / count)..<(keys.count * (c + 1) / count)
            var reader = self.reader()
            var shared = [UInt8](repeating: Self.unreadable, count: range.count)
            for (n, key) in keys[range].enumerated() {
                if let same = reader.agreement(Int(key >> 32), Int(key & 0xFFFF_FFFF)) { shared[n] = UInt8(same) }
            }
            let unread = reader.unread
            parts.withValue { $0[c] = (shared, unread) }
        }
        let all = parts.current
        return (Array(all.map(\.shared).joined()), all.reduce(0) { $0 + $1.unread })
    }

    /// Reads signatures back, keeping the last few thousand read: candidate pairs sorted by their
    /// first page mostly pair pages that are close in the output list.
    public struct Reader {
        let store: SignatureStore
        static let slots = 4096
        var cached: [Int]
        var values: [UInt32]
        /// Signatures that could not be read back.
        public private(set) var unread = 0

        init(_ store: SignatureStore) {
            self.store = store
            cached = [Int](repeating: -1, count: Self.slots)
            values = [UInt32](repeating: 0, count: Self.slots * SignatureStore.width)
        }

        /// Page `page`'s signature slot in `values`, read if needed; nil when it has none or it cannot be read.
        mutating func slot(_ page: Int) -> Int? {
            guard store.has(page) else { return nil }
            let slot = page % Self.slots
            if cached[slot] == page { return slot }
            let width = SignatureStore.width
            if let held = store.held.withValue({ $0[page] }) {
                values.replaceSubrange((slot * width)..<((slot + 1) * width), with: held)
            } else {
                let n = values.withUnsafeMutableBufferPointer { buffer in
                    pread(store.file, buffer.baseAddress! + slot * width, SignatureStore.bytes, off_t(page) * off_t(SignatureStore.bytes))
                }
                guard n == SignatureStore.bytes else {
                    unread += 1
                    cached[slot] = -1
                    return nil
                }
            }
            cached[slot] = page
            return slot
        }

        /// Page `page`'s signature (nil: none, or it could not be read back).
        public mutating func signature(_ page: Int) -> [UInt32]? {
            guard let s = slot(page) else { return nil }
            return Array(values[(s * SignatureStore.width)..<((s + 1) * SignatureStore.width)])
        }

        /// `MinHasher.similarity` of two pages' signatures; nil when either cannot be read.
        public mutating func similarity(_ a: Int, _ b: Int) -> Double? {
            agreement(a, b).map { Double($0) / Double(SignatureStore.width) }
        }

        /// How many values two pages' signatures share (of `width`); nil when either cannot be read.
        mutating func agreement(_ a: Int, _ b: Int) -> Int? {
            guard let sa = slot(a) else { return nil }
            let width = SignatureStore.width
            // Reading b may take a's slot when they share it: compare from a copy then.
            if b % Self.slots == sa {
                guard let first = signature(a), let second = signature(b) else { return nil }
                var same = 0
                for k in 0..<width where first[k] == second[k] { same += 1 }
                return same
            }
            guard let sb = slot(b) else { return nil }
            var same = 0
            values.withUnsafeBufferPointer { v in
                let x = v.baseAddress! + sa * width, y = v.baseAddress! + sb * width
                for k in 0..<width where x[k] == y[k] { same += 1 }
            }
            return same
        }
    }
}
