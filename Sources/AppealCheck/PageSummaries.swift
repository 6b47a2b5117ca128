import AppealModel
import Foundation

/// What the page checks read from one page: its scan without the words, how many words it has and
/// their MinHash signature. From it the checks find exactly what scanning the page again would find,
/// so a build keeps one per page, and the next build takes it for every page it carries over
/// unchanged (the same bytes, by content hash) instead of reading the file back and scanning it.
public struct PageSummary: Sendable {
    public var scan: PageScan
    public var words: Int
    public var signature: [UInt32]?
    /// The pages its links point to, when checking them found nothing: true of the same links in a
    /// site of the same pages and files (`SiteChecker.linkWorld`), so a next build of such a site
    /// counts them without resolving every link again. Nil when not known.
    public var linkTargets: [Int]?

    public init(scan: PageScan, words: Int, signature: [UInt32]?, linkTargets: [Int]? = nil) {
        self.scan = scan
        self.words = words
        self.signature = signature
        self.linkTargets = linkTargets
    }
}

/// Page summaries written as the checker makes them, into one file beside the output:
///
///     records (one per page, strings as numbers) · string table · index · footer
///
/// Records are appended as pages are checked, so memory holds the distinct strings, not the pages.
/// The index names each record's output file and the content hash of the bytes it was made from.
/// The file is written under a temporary name and renamed over the last one only after the build
/// committed; a file that is cut, corrupt or of another version reads as none.
public final class SummaryRecorder: Sendable {
    static let magic = Array("AppealPress page summaries 3\n".utf8)

    struct State {
        var file: FileHandle?
        var offset = 0
        /// The number of each string so far, by a 128-bit hash of it: the strings themselves are not
        /// held, they go to the string table as they are numbered.
        var numbers: [TextKey: UInt32] = [:]
        var count = 0
        /// The string table so far: what is not yet in `spill`.
        var table = SummaryBytes()
        /// An unlinked temporary file the string table goes to a megabyte at a time (-1: none, the
        /// table stays in `table`).
        var spill: Int32 = -1
        var spilled = 0
        /// Each page's record, by page number: where it starts and how long it is (-1: no record).
        /// Flat arrays, not a dictionary: at a million pages the difference is tens of megabytes.
        var starts: [Int] = []
        var lengths: [Int] = []

        mutating func enter(_ page: Int, at offset: Int, length: Int) {
            if page >= starts.count {
                starts += repeatElement(-1, count: page + 1 - starts.count)
                lengths += repeatElement(0, count: page + 1 - lengths.count)
            }
            starts[page] = offset
            lengths[page] = length
        }

        func entry(_ page: Int) -> (offset: Int, length: Int)? {
            page < starts.count && starts[page] >= 0 ? (starts[page], lengths[page]) : nil
        }
        var failed = false
        /// The pages and files the link targets of its records hold for (see `linkTargets`).
        var world = TextKey("")

        /// Records not yet written to `file`: written a megabyte at a time, not once per page.
        var pending: [UInt8] = []

        /// The number of `text` (whose key is `key`), numbering it when it is new.
        mutating func number(_ text: String, key: TextKey) -> UInt32 {
            if let n = numbers[key] { return n }
            let n = UInt32(count)
            numbers[key] = n
            count += 1
            table.string(text)
            spillTable()
            return n
        }

        /// Moves the string table to `spill` once it holds a megabyte.
        mutating func spillTable() {
            guard spill >= 0 && table.bytes.count >= 1 << 20 else { return }
            let n = table.bytes.withUnsafeBytes { write(spill, $0.baseAddress, $0.count) }
            if n == table.bytes.count { spilled += n; table.bytes.removeAll(keepingCapacity: true) } else { failed = true }
        }

        /// Takes the last build's strings with their numbers: their bytes are copied as they are and
        /// keyed where they lie, no string made.
        mutating func continueStrings(of stored: StoredSummaries) {
            let count = stored.stringCount
            guard count > 0 else { return }
            numbers.reserveCapacity(count)
            stored.table.withUnsafeBufferPointer { bytes in
                for k in 0..<count {
                    var reader = SummaryReader(stored.table, at: Int(stored.starts[k]))
                    let length = reader.int() ?? 0
                    let key = TextKey(bytes: UnsafeBufferPointer(rebasing: bytes[reader.at..<(reader.at + length)]))
                    // A text the table holds twice (only a damaged file would): new records take its
                    // first number; copied records keep the numbers they have, the same table's.
                    if numbers[key] == nil { numbers[key] = UInt32(k) }
                }
                table.bytes += bytes[Int(stored.starts[0])...]
            }
            self.count = count
            spillTable()
        }

        /// Writes the pending records once they reach `limit` bytes.
        mutating func flush(below limit: Int = 1 << 20) {
            guard pending.count >= limit, !pending.isEmpty, let file, !failed else { return }
            if (try? file.write(contentsOf: Data(pending))) == nil { failed = true }
            pending.removeAll(keepingCapacity: true)
        }
    }

    private let state: Locked<State>
    let temporary: String
    public let path: String
    let program: String

    /// Starts a summaries file for `path`; nil when its folder cannot be written. With `continuing`
    /// (the last build's summaries), its strings keep their numbers, so the records of pages that did
    /// not change are copied as they are (`append(page:raw:)`).
    ///
    /// `program` names the AppealPress that writes the file (another one may scan differently): a
    /// file another program wrote reads as none.
    public init?(path: String, program: String, continuing stored: StoredSummaries? = nil) {
        self.path = path
        self.program = program
        temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let file = FileHandle(forWritingAtPath: temporary) else { return nil }
        var s = State(file: file)
        var head = SummaryBytes()
        head.bytes = Self.magic
        head.string(program)
        // A write that fails (a full disk) marks the file failed: it is then discarded, never kept half-written.
        if (try? file.write(contentsOf: Data(head.bytes))) == nil { s.failed = true }
        s.offset = head.bytes.count
        s.spill = Self.unlinkedFile(beside: temporary)
        if let stored { s.continueStrings(of: stored) }
        state = Locked(s)
    }

    /// A file opened for reading and writing and unlinked at once, so nothing is left of it whatever
    /// happens to the build; -1 when it cannot be made (the caller then keeps in memory what it
    /// would have written). Named `path` and six random characters until it is unlinked.
    static func unlinkedFile(beside path: String) -> Int32 {
        var template = Array((path + "-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return -1 }
        // A file that cannot be unlinked would stay behind, filled: not used then.
        guard template.withUnsafeBufferPointer({ unlink($0.baseAddress!) }) == 0 else { close(fd); return -1 }
        return fd
    }

    /// Removes the temporary files killed builds left beside `path` (those of a build still running
    /// are left alone).
    public static func removeStale(beside path: String) {
        let parent = (path as NSString).deletingLastPathComponent, name = (path as NSString).lastPathComponent + ".tmp-"
        let folder = parent.isEmpty ? "." : parent
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where entry.hasPrefix(name) {
            if let pid = Int32(entry.dropFirst(name.count)), pid != getpid(), kill(pid, 0) == 0 || errno != ESRCH { continue }
            try? FileManager.default.removeItem(atPath: folder + "/" + entry)
        }
    }

    /// Names the site the records' link targets hold for (`SiteChecker.linkWorld`): the checker sets it.
    func setWorld(_ world: TextKey) { state.withValue { $0.world = world } }

    /// Appends page `page`'s summary. Thread-safe.
    public func record(page: Int, _ summary: PageSummary) {
        var strings: [String] = []
        var out = SummaryBytes()
        let s = summary.scan
        // Strings are numbered under the lock, all of a page's at once.
        func str(_ text: String) { out.int(strings.count); strings.append(text) }
        // What only this page has (title, description, canonical, alternates) is written out; what
        // pages share (links, ids, tag names, messages) is numbered in the string table.
        func own(_ text: String) { out.string(text) }
        out.int(s.titles.count); s.titles.forEach(own)
        out.int(s.descriptions.count); s.descriptions.forEach(own)
        if let robots = s.robots { out.int(1); str(robots) } else { out.int(0) }
        out.int(s.canonicals.count); s.canonicals.forEach(own)
        out.int(s.alternates.count); for a in s.alternates { str(a.hreflang); own(a.href) }
        out.int(s.h1Count)
        // A link's tag and rel are a handful of short words: written out, they take no look-up.
        out.int(s.links.count); for l in s.links { str(l.url); own(l.tag); own(l.rel) }
        out.int(s.ids.count); s.ids.forEach(str)
        out.int(s.problemCount)
        out.int(s.problems.count); for p in s.problems { out.int(p.offset); out.int(p.line); out.int(p.column); str(p.message) }
        out.int(summary.words)
        if let signature = summary.signature { out.int(signature.count); for v in signature { out.u32(v) } } else { out.int(0) }
        // Link targets sorted, as differences from the one before: mostly one byte each.
        if let targets = summary.linkTargets {
            out.int(1)
            out.int(targets.count)
            var last = 0
            for t in targets.sorted() { out.int(t - last); last = t }
        } else {
            out.int(0)
        }
        // Hashed before taking the lock: under it, only look-ups.
        let keys = strings.map(TextKey.init)
        state.withValue { st in
            guard st.file != nil, !st.failed else { return }
            // The record's local string numbers become the file's.
            var header = SummaryBytes()
            header.int(strings.count)
            for (text, key) in zip(strings, keys) { header.int(Int(st.number(text, key: key))) }
            let length = header.bytes.count + out.bytes.count
            st.pending += header.bytes
            st.pending += out.bytes
            st.enter(page, at: st.offset, length: length)
            st.offset += length
            st.flush()
        }
    }

    /// Appends a record of the last build's file as it is (this recorder continues its strings).
    public func append(page: Int, raw: ArraySlice<UInt8>) {
        state.withValue { st in
            guard st.file != nil, !st.failed else { return }
            st.pending += raw
            st.enter(page, at: st.offset, length: raw.count)
            st.offset += raw.count
            st.flush()
        }
    }

    /// Writes the string table and the index (`files`: each page's output file and content hash) and
    /// puts the file in place. False, and nothing replaced, when it cannot.
    @discardableResult
    public func finish(files: [(page: Int, file: String, fingerprint: String)]) -> Bool {
        let done: Bool = state.withValue { st in
            st.flush(below: 0)
            guard let file = st.file, !st.failed else { return false }
            // Written a megabyte at a time: at 100,000 pages the table and the index are tens of megabytes.
            var out = SummaryBytes()
            var offset = st.offset, written = true
            func flush(below limit: Int = 1 << 20) {
                guard out.bytes.count >= limit, written else { return }
                written = (try? file.write(contentsOf: Data(out.bytes))) != nil
                offset += out.bytes.count
                out.bytes.removeAll(keepingCapacity: true)
            }
            let stringsStart = offset
            out.int(st.count)
            flush(below: 0)
            // The table: what went to the spill file, read back a megabyte at a time, then the rest.
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            var at = 0
            while at < st.spilled && written {
                let n = chunk.withUnsafeMutableBytes { pread(st.spill, $0.baseAddress, min($0.count, st.spilled - at), off_t(at)) }
                guard n > 0 else { written = false; break }
                written = (try? file.write(contentsOf: Data(chunk[0..<n]))) != nil
                at += n
                offset += n
            }
            out.bytes = st.table.bytes
            flush(below: 0)
            let indexStart = offset
            let listed = files.filter { st.entry($0.page) != nil }
            out.int(listed.count)
            for f in listed {
                let e = st.entry(f.page)!
                out.string(f.file)
                out.string(f.fingerprint)
                out.int(e.offset)
                out.int(e.length)
                flush()
            }
            out.u64(UInt64(stringsStart))
            out.u64(UInt64(indexStart))
            out.u64(st.world.a)
            out.u64(st.world.b)
            out.bytes += Self.magic
            flush(below: 0)
            try? file.close()
            st.file = nil
            if st.spill >= 0 { close(st.spill); st.spill = -1 }
            return written
        }
        guard done, rename(temporary, path) == 0 else { discard(); return false }
        return true
    }

    /// Drops what was written (a build that did not commit).
    public func discard() {
        state.withValue { st in
            try? st.file?.close()
            st.file = nil
            st.failed = true
            if st.spill >= 0 { close(st.spill); st.spill = -1 }
        }
        unlink(temporary)
    }
}

/// The summaries the last build left (see `SummaryRecorder`), by output file. The index and the
/// string table are read when the file is opened; each page's record only when it is asked for, so
/// memory holds the strings and the index, not the pages' records.
public struct StoredSummaries: Sendable {
    /// The open file, read from by any thread.
    final class Source: Sendable {
        let fd: Int32
        init(fd: Int32) { self.fd = fd }
        deinit { close(fd) }

        /// `length` bytes at `offset`; nil when they cannot all be read.
        func read(_ offset: Int, _ length: Int) -> [UInt8]? {
            guard length >= 0 else { return nil }
            var bytes = [UInt8](repeating: 0, count: length)
            var done = 0
            while done < length {
                let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, length - done, off_t(offset + done)) }
                guard n > 0 else { return nil }
                done += n
            }
            return bytes
        }
    }

    let source: Source
    /// The string table's bytes, and where each string starts in them.
    let table: [UInt8]
    let starts: [UInt32]
    let entries: [String: (fingerprint: String, offset: Int, length: Int)]
    /// The pages and files its records' link targets hold for.
    let world: TextKey

    public var count: Int { entries.count }
    var stringCount: Int { starts.count }

    /// String `k` of the table.
    func string(_ k: Int) -> String {
        var reader = SummaryReader(table, at: Int(starts[k]))
        return reader.string() ?? ""
    }

    /// Reads `path`; nil when it is missing, cut, corrupt, of another version, or written by
    /// another program than `program`.
    public static func read(_ path: String, program: String) -> StoredSummaries? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        let source = Source(fd: fd)
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        let size = Int(info.st_size)
        let magic = SummaryRecorder.magic
        let footerSize = 32
        guard size >= 2 * magic.count + footerSize, let first = source.read(0, min(size, magic.count + 4_096)),
              let last = source.read(size - magic.count - footerSize, magic.count + footerSize),
              first.prefix(magic.count).elementsEqual(magic), last.suffix(magic.count).elementsEqual(magic) else { return nil }
        var head = SummaryReader(first, at: magic.count)
        guard head.string() == program else { return nil }
        var footer = SummaryReader(last, at: 0)
        guard let stringsStart = footer.u64().map(Int.init), let indexStart = footer.u64().map(Int.init),
              let worldA = footer.u64(), let worldB = footer.u64(),
              stringsStart >= magic.count, stringsStart <= indexStart, indexStart <= size - magic.count - footerSize,
              let table = source.read(stringsStart, indexStart - stringsStart),
              let indexBytes = source.read(indexStart, size - magic.count - footerSize - indexStart) else { return nil }
        var reader = SummaryReader(table, at: 0)
        // String offsets are kept in 32 bits: a larger table (never written at any size tried) reads as none.
        guard table.count < Int(UInt32.max), let count = reader.int(), count <= table.count else { return nil }
        var starts: [UInt32] = []
        starts.reserveCapacity(count)
        for _ in 0..<count {
            starts.append(UInt32(reader.at))
            guard let length = reader.int(), length <= reader.end - reader.at else { return nil }
            reader.at += length
        }
        var index = SummaryReader(indexBytes, at: 0)
        guard let pages = index.int(), pages <= indexBytes.count else { return nil }
        var entries: [String: (fingerprint: String, offset: Int, length: Int)] = [:]
        entries.reserveCapacity(pages)
        for _ in 0..<pages {
            guard let file = index.string(), let fingerprint = index.string(), let offset = index.int(), let length = index.int(),
                  offset >= magic.count, length >= 0, offset + length <= stringsStart else { return nil }
            entries[file] = (fingerprint, offset, length)
        }
        return StoredSummaries(source: source, table: table, starts: starts, entries: entries, world: TextKey(a: worldA, b: worldB))
    }

    /// The summary of output file `file` when the last build wrote the same bytes there (`hash`, its
    /// content hash), and the record as stored.
    ///
    /// Without `links` the summary's `scan.links` is left empty (its strings are not made): for a
    /// caller that needs only the link targets, when the record has them.
    public func summary(of file: String, hash fingerprint: String, links: Bool = true) -> (summary: PageSummary, raw: ArraySlice<UInt8>)? {
        guard !fingerprint.isEmpty, let entry = entries[file], entry.fingerprint == fingerprint,
              let record = source.read(entry.offset, entry.length), let summary = decode(record, links: links) else { return nil }
        return (summary, record[...])
    }

    func decode(_ record: [UInt8], links wanted: Bool = true) -> PageSummary? {
        var d = SummaryReader(record, at: 0)
        let length = record.count
        guard let n = d.int(), n <= length else { return nil }
        // The table's number of each of the record's strings: a string is made only when it is read.
        var local: [Int] = []
        local.reserveCapacity(n)
        for _ in 0..<n {
            guard let k = d.int(), k < stringCount else { return nil }
            local.append(k)
        }
        var next = 0
        func number() -> Int? {
            guard let k = d.int(), k == next, k < local.count else { return nil }
            next += 1
            return local[k]
        }
        func str() -> String? { number().map(string) }
        func list(_ item: () -> String?) -> [String]? {
            guard let count = d.int(), count <= length else { return nil }
            var out: [String] = []
            for _ in 0..<count { guard let s = item() else { return nil }; out.append(s) }
            return out
        }
        func own() -> String? { d.string() }
        var scan = PageScan()
        guard let titles = list(own), let descriptions = list(own), let hasRobots = d.int() else { return nil }
        scan.titles = titles
        scan.descriptions = descriptions
        if hasRobots == 1 { guard let robots = str() else { return nil }; scan.robots = robots }
        guard let canonicals = list(own), let alternates = d.int(), alternates <= length else { return nil }
        scan.canonicals = canonicals
        for _ in 0..<alternates {
            guard let lang = str(), let href = own() else { return nil }
            scan.alternates.append((hreflang: lang, href: href))
        }
        guard let h1 = d.int(), let links = d.int(), links <= length else { return nil }
        scan.h1Count = h1
        if wanted {
            scan.links.reserveCapacity(links)
            for _ in 0..<links {
                guard let url = str(), let tag = own(), let rel = own() else { return nil }
                scan.links.append(PageLink(url: url, tag: tag, rel: rel))
            }
        } else {
            for _ in 0..<links { guard number() != nil, d.skipString(), d.skipString() else { return nil } }
        }
        guard let ids = list(str), let problemCount = d.int(), let problems = d.int(), problems <= length else { return nil }
        scan.ids = ids
        scan.problemCount = problemCount
        for _ in 0..<problems {
            guard let offset = d.int(), let line = d.int(), let column = d.int(), let message = str() else { return nil }
            scan.problems.append(HTMLProblem(offset: offset, line: line, column: column, message: message))
        }
        guard let words = d.int(), let size = d.int(), size == 0 || size == MinHasher.size else { return nil }
        var signature: [UInt32]?
        if size > 0 {
            var s: [UInt32] = []
            s.reserveCapacity(size)
            for _ in 0..<size { guard let v = d.u32() else { return nil }; s.append(v) }
            signature = s
        }
        guard let hasTargets = d.int() else { return nil }
        var linkTargets: [Int]?
        if hasTargets == 1 {
            guard let count = d.int(), count <= length else { return nil }
            var list: [Int] = []
            list.reserveCapacity(count)
            var last = 0
            for _ in 0..<count { guard let step = d.int() else { return nil }; last += step; list.append(last) }
            linkTargets = list
        }
        return PageSummary(scan: scan, words: words, signature: signature, linkTargets: linkTargets)
    }
}

/// Variable-length integers and strings, little-endian.
struct SummaryBytes {
    var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        var v = UInt64(max(0, value))
        while v >= 0x80 { bytes.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }

    mutating func u32(_ value: UInt32) { for k in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * k))) } }
    mutating func u64(_ value: UInt64) { for k in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * k))) } }

    mutating func string(_ text: String) {
        int(text.utf8.count)
        bytes += text.utf8
    }
}

struct SummaryReader {
    let data: [UInt8]
    var at: Int
    let end: Int

    init(_ data: [UInt8], at: Int, end: Int? = nil) {
        self.data = data
        self.at = at
        self.end = min(end ?? data.count, data.count)
    }

    mutating func int() -> Int? {
        var value: UInt64 = 0, shift: UInt64 = 0
        while at < end, shift < 63 {
            let byte = data[at]
            at += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value <= UInt64(Int.max) ? Int(value) : nil }
            shift += 7
        }
        return nil
    }

    mutating func u32() -> UInt32? { fixed() }
    mutating func u64() -> UInt64? { fixed() }

    /// A little-endian integer of its own width.
    mutating func fixed<T: FixedWidthInteger>() -> T? {
        let size = MemoryLayout<T>.size
        guard at + size <= end else { return nil }
        var v: T = 0
        for k in 0..<size { v |= T(data[at + k]) << (8 * k) }
        at += size
        return v
    }

    /// Passes over a string without making it; false when there is none.
    mutating func skipString() -> Bool {
        guard let n = int(), n <= end - at else { return false }
        at += n
        return true
    }

    mutating func string() -> String? {
        guard let n = int(), n <= end - at else { return nil }
        let s = String(decoding: data[at..<(at + n)], as: UTF8.self)
        at += n
        return s
    }
}
