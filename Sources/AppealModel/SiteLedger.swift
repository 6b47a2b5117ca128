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
}
