/// Something in editor-written text that must not reach an indexable page.
public struct TextMark: Sendable, Hashable {
    public enum Kind: String, Sendable {
        /// `TODO`, `TK`, `FIXME`, "lorem ipsum", or a required text left empty.
        case unfinished
        /// A link or source on example.org, example.com or example.net: a scaffold's stand-in.
        case exampleLink
        /// A phrase of `checks.banned_phrases`.
        case bannedPhrase
    }

    public var kind: Kind
    /// The word, phrase or host as the file has it.
    public var text: String
    public var location: SourceLocation

    public init(kind: Kind, text: String, location: SourceLocation) {
        self.kind = kind
        self.text = text
        self.location = location
    }
}

/// Finds unfinished text and banned phrases in one pass over the bytes.
///
/// `TODO` and `FIXME` match as whole words in any case, `TK` only as a capitalised whole word (so
/// "tk" or "TKO" in prose are not flagged); "lorem ipsum" in any case, with any space between. A
/// phrase matches in any case, as whole words, with any run of white space where it has a space.
public struct TextScanner: Sendable {
    /// The defaults of `checks.banned_phrases`: promises no appeal guide can make.
    public static let defaultBannedPhrases = ["guaranteed", "100% success", "always approved", "never denied", "risk-free", "miracle cure"]

    struct Pattern: Sendable {
        var kind: TextMark.Kind
        /// Lower-case ASCII (except for case-sensitive patterns); a space matches any run of white space.
        var bytes: [UInt8]
        var caseSensitive: Bool
        /// An example domain: may follow a `.` (a subdomain) and is reported with its whole host.
        var domain: Bool
    }

    let patterns: [Pattern]
    /// Pattern indices by the first byte they need, lower-cased.
    let byFirstByte: [[Int]]
    /// The host of the site's own `base_url`: never content, whatever it is.
    let ownHost: String?
    /// Some pattern starts with a byte that is not part of a word (a phrase such as "#1 choice").
    let anywhere: Bool

    public init(bannedPhrases: [String], ownHost: String? = nil) {
        var patterns = [
            Pattern(kind: .unfinished, bytes: Array("todo".utf8), caseSensitive: false, domain: false),
            Pattern(kind: .unfinished, bytes: Array("fixme".utf8), caseSensitive: false, domain: false),
            Pattern(kind: .unfinished, bytes: Array("TK".utf8), caseSensitive: true, domain: false),
            Pattern(kind: .unfinished, bytes: Array("lorem ipsum".utf8), caseSensitive: false, domain: false),
        ]
        for tld in ["org", "com", "net"] {
            patterns.append(Pattern(kind: .exampleLink, bytes: Array("example.\(tld)".utf8), caseSensitive: false, domain: true))
        }
        for phrase in bannedPhrases {
            let words = phrase.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            guard !words.isEmpty else { continue }
            patterns.append(Pattern(kind: .bannedPhrase, bytes: Array(words.lowercased().utf8), caseSensitive: false, domain: false))
        }
        var table = [[Int]](repeating: [], count: 256)
        for (i, p) in patterns.enumerated() { table[Int(Self.lower(p.bytes[0]))].append(i) }
        self.patterns = patterns
        byFirstByte = table
        anywhere = patterns.contains { !Self.isWordByte($0.bytes[0]) }
        self.ownHost = ownHost?.lowercased()
    }

    /// The scanner for text in a language where "todo" is an everyday word (Spanish: "todo",
    /// "todos"): there, only `TODO` in capitals is unfinished text.
    public func capitalTODOOnly() -> TextScanner {
        var copy = self
        var list = patterns
        if let i = list.firstIndex(where: { $0.bytes == Array("todo".utf8) && !$0.caseSensitive }) {
            list[i] = Pattern(kind: .unfinished, bytes: Array("TODO".utf8), caseSensitive: true, domain: false)
        }
        copy = TextScanner(patterns: list, ownHost: ownHost)
        return copy
    }

    init(patterns: [Pattern], ownHost: String?) {
        var table = [[Int]](repeating: [], count: 256)
        for (i, p) in patterns.enumerated() { table[Int(Self.lower(p.bytes[0]))].append(i) }
        self.patterns = patterns
        byFirstByte = table
        anywhere = patterns.contains { !Self.isWordByte($0.bytes[0]) }
        self.ownHost = ownHost
    }

    static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 0x20 : b }
    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b >= 0x80
    }
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
    static func isHostByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x2E
    }

    /// Every match in `text`, as (byte offset, byte length, kind), in order.
    public func matches(in text: [UInt8]) -> [(offset: Int, length: Int, kind: TextMark.Kind)] {
        var out: [(Int, Int, TextMark.Kind)] = []
        var i = 0
        let n = text.count
        while i < n {
            // A pattern that starts with a letter or digit can only match where a word starts: most
            // bytes are inside words, so most are passed over without looking anything up.
            if !anywhere && i > 0 && Self.isWordByte(text[i - 1]) && Self.isWordByte(text[i]) { i += 1; continue }
            let candidates = byFirstByte[Int(Self.lower(text[i]))]
            if candidates.isEmpty { i += 1; continue }
            var advanced = false
            for p in candidates {
                let pattern = patterns[p]
                guard let end = match(pattern, in: text, at: i) else { continue }
                let before: UInt8? = i > 0 ? text[i - 1] : nil
                let after: UInt8? = end < n ? text[end] : nil
                if pattern.domain {
                    // example.org, www.example.org, but not myexample.org or example.organic.
                    if let before, Self.isWordByte(before) || before == 0x2D { continue }
                    if let after, Self.isWordByte(after) || after == 0x2D { continue }
                    var start = i
                    while start > 0 && Self.isHostByte(text[start - 1]) { start -= 1 }
                    while start < i && text[start] == 0x2E { start += 1 }
                    let host = String(decoding: text[start..<end], as: UTF8.self).lowercased()
                    if host == ownHost { continue }
                    out.append((start, end - start, pattern.kind))
                } else {
                    let first = pattern.bytes.first!, last = pattern.bytes.last!
                    if Self.isWordByte(first), let before, Self.isWordByte(before) { continue }
                    if Self.isWordByte(last), let after, Self.isWordByte(after) { continue }
                    out.append((i, end - i, pattern.kind))
                }
                i = end
                advanced = true
                break
            }
            if !advanced { i += 1 }
        }
        return out
    }

    /// The end of `pattern` matched at `start`, or nil.
    func match(_ pattern: Pattern, in text: [UInt8], at start: Int) -> Int? {
        var j = start
        for b in pattern.bytes {
            if b == 0x20 {
                guard j < text.count, Self.isSpace(text[j]) else { return nil }
                while j < text.count && Self.isSpace(text[j]) { j += 1 }
                continue
            }
            guard j < text.count else { return nil }
            let c = pattern.caseSensitive ? text[j] : Self.lower(text[j])
            guard c == b else { return nil }
            j += 1
        }
        return j
    }

    /// Marks in `text`, which starts at `origin` in its file.
    public func marks(in text: String, from origin: SourceLocation) -> [TextMark] {
        let bytes = Array(text.utf8)
        let found = matches(in: bytes)
        guard !found.isEmpty else { return [] }
        var marks: [TextMark] = []
        var line = max(origin.line, 1), column = max(origin.column, 1), scanned = 0
        for (offset, length, kind) in found {
            while scanned < offset {
                let b = bytes[scanned]
                if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
                scanned += 1
            }
            let matched = String(decoding: bytes[offset..<(offset + length)], as: UTF8.self)
            marks.append(TextMark(kind: kind, text: matched.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "),
                                  location: SourceLocation(file: origin.file, line: line, column: column)))
        }
        return marks
    }
}
