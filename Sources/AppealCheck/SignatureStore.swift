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
        candidatePairs(chainAbove: chainAbove).sorted
    }

    /// The candidate pairs, each as one number (`a << 32 | b`, with a < b), sorted.
    func candidateKeys(chainAbove: Int = 64) -> [UInt64] {
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
            guard let sa = slot(a) else { return nil }
            // Reading b may take a's slot when they share it: compare from a copy then.
            if b % Self.slots == sa {
                guard let first = signature(a), let second = signature(b) else { return nil }
                return MinHasher.similarity(first, second)
            }
            guard let sb = slot(b) else { return nil }
            let width = SignatureStore.width
            var same = 0
            values.withUnsafeBufferPointer { v in
                let x = v.baseAddress! + sa * width, y = v.baseAddress! + sb * width
                for k in 0..<width where x[k] == y[k] { same += 1 }
            }
            return Double(same) / Double(width)
        }
    }
}
