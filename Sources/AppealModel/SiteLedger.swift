import Foundation

/// The site's memory, deployed with it as `appealpress-ledger.json`: every URL a build published,
/// with a hash of its content, whether it is indexable and the day its content last changed, and
/// every old URL the site redirects or marks gone. The next build compares itself with it.
///
/// Format (version 1), one URL per line so a diff of two ledgers reads as a change list:
///
///     {"format":"appealpress-ledger","version":1,"site":"https://appeals.example.org/","built":"2026-11-29",
///     "urls":[
///     {"path":"/","hash":"9f1c…","indexable":true,"changed":"2026-11-29"},
///     …
///     ],
///     "moved":[
///     {"path":"/old-payer/","to":"/new-payer/","status":301},
///     …
///     ]}
public struct SiteLedger: Sendable, Equatable {
    public static let fileName = "appealpress-ledger.json"
    public static let format = "appealpress-ledger"
    public static let version = 1

    public struct Page: Sendable, Equatable {
        /// Hash of the page's bytes (`ContentHash.pageHash`, written as 16 hex digits); nil when the
        /// ledger read spelt it some other way (it then equals no page's hash) or it is not known.
        public var hash: PageHash?
        public var indexable: Bool
        /// The build date on which `hash` last changed.
        public var changed: Day
        public init(hash: PageHash?, indexable: Bool, changed: Day) {
            self.hash = hash
            self.indexable = indexable
            self.changed = changed
        }
    }

    public struct Moved: Sendable, Equatable {
        /// A site path or absolute URL; nil when the URL is gone (410).
        public var to: String?
        public var status: Int
        public init(to: String?, status: Int) {
            self.to = to
            self.status = status
        }
    }

    /// Absolute base URL of the site that wrote it.
    public var site: String
    public var built: Day
    /// Published pages by site path.
    public var pages: [String: Page]
    /// Old site paths the site redirects or marks gone.
    public var moved: [String: Moved]

    public init(site: String, built: Day, pages: [String: Page], moved: [String: Moved] = [:]) {
        self.site = site
        self.built = built
        self.pages = pages
        self.moved = moved
    }

    /// What changed from `old` to this ledger, as sorted site paths.
    public struct Changes: Sendable, Equatable {
        public var added: [String] = []
        public var removed: [String] = []
        public var changed: [String] = []
        public var unchanged = 0
        public init() {}
        public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }
    }

    public func changes(since old: SiteLedger?) -> Changes {
        var c = Changes()
        for path in pages.keys.sorted() {
            guard let before = old?.pages[path] else { c.added.append(path); continue }
            if let h = before.hash, h == pages[path]!.hash { c.unchanged += 1 } else { c.changed.append(path) }
        }
        if let old { c.removed = old.pages.keys.filter { pages[$0] == nil }.sorted() }
        return c
    }

    // MARK: Reading and writing

    /// The text form: valid JSON, one URL per line, sorted by path.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(200 + pages.count * 110)
        Self.appendHead(site: site, built: built, to: &out)
        for (i, path) in pages.keys.sorted().enumerated() {
            Self.appendURL(path, pages[path]!, first: i == 0, to: &out)
        }
        Self.appendMovedHead(to: &out)
        for (i, path) in moved.keys.sorted().enumerated() {
            Self.appendMoved(path, moved[path]!, first: i == 0, to: &out)
        }
        Self.appendEnd(to: &out)
        return out
    }

    // The pieces of the text form, in order: the head, each URL, the moved list's head, each moved
    // path, the end. A build writes its ledger with them a piece at a time, never holding all of it.

    public static func appendHead(site: String, built: Day, to out: inout [UInt8]) {
        out += #"{"format":"appealpress-ledger","version":1,"site":"#.utf8
        Escape.jsonString(site, into: &out)
        out += #","built":""#.utf8
        out += built.description.utf8
        out += "\",\n\"urls\":[\n".utf8
    }

    /// One URL's line; `first` for the first in the list (the others start with a comma).
    public static func appendURL(_ path: String, _ page: Page, first: Bool, to out: inout [UInt8]) {
        if !first { out += ",\n".utf8 }
        out += #"{"path":"#.utf8
        Escape.jsonString(path, into: &out)
        out += #","hash":""#.utf8
        page.hash?.appendHex(to: &out)
        out += page.indexable ? #"","indexable":true,"changed":""#.utf8 : #"","indexable":false,"changed":""#.utf8
        out += page.changed.description.utf8
        out += "\"}".utf8
    }

    public static func appendMovedHead(to out: inout [UInt8]) { out += "\n],\n\"moved\":[\n".utf8 }

    public static func appendMoved(_ path: String, _ m: Moved, first: Bool, to out: inout [UInt8]) {
        if !first { out += ",\n".utf8 }
        out += #"{"path":"#.utf8
        Escape.jsonString(path, into: &out)
        out += #","to":"#.utf8
        if let to = m.to { Escape.jsonString(to, into: &out) } else { out += "null".utf8 }
        out += #","status":"#.utf8
        out += String(m.status).utf8
        out += "}".utf8
    }

    public static func appendEnd(to out: inout [UInt8]) { out += "\n]}\n".utf8 }

    public enum ReadError: Error, Equatable, CustomStringConvertible {
        case notJSON(String)
        case notALedger
        case version(Int)

        public var description: String {
            switch self {
            case .notJSON(let why): return "is not a ledger: \(why)"
            case .notALedger: return "is JSON but not an AppealPress ledger (no `\"format\": \"appealpress-ledger\"`)"
            case .version(let v): return "is a ledger of version \(v); this AppealPress reads version \(SiteLedger.version)"
            }
        }
    }

    private struct File: Decodable {
        struct URLEntry: Decodable {
            var path: String
            var hash: String
            var indexable: Bool
            var changed: String
        }
        struct MovedEntry: Decodable {
            var path: String
            var to: String?
            var status: Int
        }
        var format: String?
        var version: Int?
        var site: String
        var built: String
        var urls: [URLEntry]
        var moved: [MovedEntry]
    }

    /// Reads a ledger written by `encoded()` (any JSON with the same fields).
    public static func parse(_ data: Data) throws(ReadError) -> SiteLedger {
        // The bytes `encoded()` writes are read directly; anything else (other spacing or key
        // order, an escape in a string, a damaged file) goes through JSONDecoder, which gives the
        // same ledger for any valid file and the error for any other.
        if let ledger = parseEncoded(data) { return ledger }
        return try decode(data)
    }

    /// `parse` through JSONDecoder, for any JSON with the ledger's fields.
    static func decode(_ data: Data) throws(ReadError) -> SiteLedger {
        struct Head: Decodable {
            var format: String?
            var version: Int?
        }
        guard let head = try? JSONDecoder().decode(Head.self, from: data) else {
            throw .notJSON((try? JSONSerialization.jsonObject(with: data)) == nil ? "malformed JSON" : "not a JSON object")
        }
        guard head.format == format else { throw .notALedger }
        guard head.version == version else { throw .version(head.version ?? 0) }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch { throw .notJSON("\(error)") }
        guard let built = Day(iso: file.built) else { throw .notJSON("`built` is not a date") }
        var pages: [String: Page] = [:]
        pages.reserveCapacity(file.urls.count)
        for entry in file.urls {
            guard let changed = Day(iso: entry.changed) else { throw .notJSON("`changed` of \(entry.path) is not a date") }
            pages[entry.path] = Page(hash: PageHash(hex: entry.hash), indexable: entry.indexable, changed: changed)
        }
        var moved: [String: Moved] = [:]
        for entry in file.moved { moved[entry.path] = Moved(to: entry.to, status: entry.status) }
        return SiteLedger(site: file.site, built: built, pages: pages, moved: moved)
    }

    /// Reads exactly the text `encoded()` writes: the head, one URL a line, the moved list, the end,
    /// with no escape in any string. Nil for anything else, even valid JSON: `parse` then decodes it
    /// with JSONDecoder. At 100,000 pages JSONDecoder took 0.4 s, on one core, of every rebuild.
    static func parseEncoded(_ data: Data) -> SiteLedger? {
        data.withUnsafeBytes { raw -> SiteLedger? in
            guard let base = raw.baseAddress, !raw.isEmpty else { return nil }
            var r = EncodedReader(bytes: UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: raw.count))
            guard r.skip(#"{"format":"appealpress-ledger","version":1,"site":"#), let site = r.string(), r.skip(#","built":""#),
                  let built = r.day(), r.skip(",\n\"urls\":[\n") else { return nil }
            // One URL a line: as many entries as lines (a guess from the size would give the table more room).
            var lines = 0
            var next = UnsafeRawPointer(base)
            let end = UnsafeRawPointer(base) + raw.count
            while let found = memchr(next, 0x0A, next.distance(to: end)) {
                lines += 1
                next = UnsafeRawPointer(found) + 1
            }
            var pages: [String: Page] = [:]
            pages.reserveCapacity(max(0, lines - 4))
            let movedHead: StaticString = "\n],\n\"moved\":[\n"
            var first = true
            while !r.skip(movedHead) {
                guard first || r.skip(",\n"), r.skip(#"{"path":"#), let path = r.string(), r.skip(#","hash":""#), let hash = r.hash(),
                      r.skip(#","indexable":"#), let indexable = r.bool(), r.skip(#","changed":""#), let changed = r.day(), r.skip("}") else { return nil }
                pages[path] = Page(hash: hash, indexable: indexable, changed: changed)
                first = false
            }
            var moved: [String: Moved] = [:]
            first = true
            while !r.skip("\n]}\n") {
                guard first || r.skip(",\n"), r.skip(#"{"path":"#), let path = r.string(), r.skip(#","to":"#) else { return nil }
                var to: String?
                if !r.skip("null") {
                    guard let target = r.string() else { return nil }
                    to = target
                }
                guard r.skip(#","status":"#), let status = r.integer(), r.skip("}") else { return nil }
                moved[path] = Moved(to: to, status: status)
                first = false
            }
            guard r.atEnd else { return nil }
            return SiteLedger(site: site, built: built, pages: pages, moved: moved)
        }
    }

    /// A cursor over a ledger's bytes for `parseEncoded`: each read is of exactly what `encoded()`
    /// writes there, and fails on anything else.
    private struct EncodedReader {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0
        /// Days already read, by their digits (yyyymmdd): a ledger spells a few dates many times.
        var days: [Int: Day] = [:]

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var atEnd: Bool { at == bytes.count }

        /// Steps over `text` when the bytes are it.
        mutating func skip(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard bytes.count - at >= count, memcmp(bytes.baseAddress! + at, text.utf8Start, count) == 0 else { return false }
            at += count
            return true
        }

        /// The bytes up to the next quote, which it steps over; nil at a backslash, a control
        /// character or the end (those need JSON's own reading).
        mutating func stringBytes() -> (UnsafeBufferPointer<UInt8>, ascii: Bool)? {
            let start = at
            var ascii = true
            while at < bytes.count {
                let byte = bytes[at]
                if byte == 0x22 {
                    at += 1
                    return (UnsafeBufferPointer(rebasing: bytes[start..<(at - 1)]), ascii)
                }
                if byte == 0x5C || byte < 0x20 { return nil }
                if byte >= 0x80 { ascii = false }
                at += 1
            }
            return nil
        }

        /// A JSON string without escapes, its opening quote included; nil for one that is not valid UTF-8.
        mutating func string() -> String? {
            guard skip("\""), let (text, ascii) = stringBytes() else { return nil }
            return ascii ? String(decoding: text, as: UTF8.self) : String(validating: text, as: UTF8.self)
        }

        /// A hash's digits up to the closing quote, read as `PageHash(hex:)` reads them (nil unless
        /// 16 lower-case hex digits). The bytes must be ASCII: anything else goes to JSONDecoder.
        mutating func hash() -> PageHash?? {
            guard let (text, ascii) = stringBytes(), ascii else { return nil }
            return .some(PageHash(hexBytes: text))
        }

        mutating func bool() -> Bool? {
            if skip("true") { return true }
            if skip("false") { return false }
            return nil
        }

        /// `YYYY-MM-DD` and its closing quote, as `Day(iso:)` reads it; nil for anything else.
        mutating func day() -> Day? {
            guard bytes.count - at >= 11, bytes[at + 10] == 0x22, bytes[at + 4] == 0x2D, bytes[at + 7] == 0x2D else { return nil }
            var key = 0
            for k in [0, 1, 2, 3, 5, 6, 8, 9] {
                let byte = bytes[at + k]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                key = key * 10 + Int(byte - 0x30)
            }
            let day: Day
            if let known = days[key] {
                day = known
            } else {
                guard let made = Day(iso: String(decoding: UnsafeBufferPointer(rebasing: bytes[at..<(at + 10)]), as: UTF8.self)) else { return nil }
                days[key] = made
                day = made
            }
            at += 11
            return day
        }

        /// A whole number as `encoded()` writes a status: digits, no sign, no leading zero, at most 18.
        mutating func integer() -> Int? {
            let start = at
            var value = 0
            while at < bytes.count, bytes[at] >= 0x30, bytes[at] <= 0x39, at - start < 18 {
                value = value * 10 + Int(bytes[at] - 0x30)
                at += 1
            }
            let count = at - start
            guard count > 0, count == 1 || bytes[start] != 0x30 else { return nil }
            return value
        }
    }
}
