/// A problem that makes a page not well-formed HTML5, at a byte offset of the page.
public struct HTMLProblem: Sendable, Hashable {
    public var offset: Int
    public var line: Int
    public var column: Int
    public var message: String
}

/// A URL a page refers to: an `href` or `src` value, entity-decoded.
public struct PageLink: Sendable, Hashable {
    public var url: String
    public var tag: String
    /// `rel` of a `<link>` (`stylesheet`, `canonical`, …), empty otherwise.
    public var rel: String
}

/// Everything one pass over a page extracts: what the checks need, and nothing else, so a page's HTML
/// can be dropped as soon as it is scanned.
public struct PageScan: Sendable {
    /// The first problems (at most `HTMLScanner.maxProblems`), and how many there were in all.
    public var problems: [HTMLProblem] = []
    public var problemCount = 0
    public var titles: [String] = []
    public var descriptions: [String] = []
    public var robots: String?
    public var canonicals: [String] = []
    /// `<link rel="alternate" hreflang="…" href="…">`: the page in other languages.
    public var alternates: [(hreflang: String, href: String)] = []
    public var h1Count = 0
    public var links: [PageLink] = []
    public var ids: [String] = []
    /// Hashes of the words of the main content (`<main>` without `nav`, `aside`, scripts and forms), in order.
    public var words: [UInt64] = []
    /// Look-ups the scanner made beyond its one pass over the bytes (open elements and attributes
    /// compared): at most a constant times the page's tags and attributes, so a scan stays linear
    /// however many attributes a tag has or however deep the elements nest.
    public var probes = 0

    public var noindex: Bool { robots?.lowercased().contains("noindex") ?? false }
}

/// A strict, single-pass HTML5 checker and extractor for the XHTML-compatible subset that AppealPress
/// writes: a doctype first; one `html` with one `head` then one `body`; every non-void element closed
/// explicitly and in order; void elements never closed; attribute values quoted or plain; no duplicate
/// attributes or ids; no block element inside `<p>` and no link inside a link (browsers would rebuild
/// those trees differently from the source). It reads bytes, so a 40 KB page takes well under a millisecond.
public struct HTMLScanner: Sendable {
    public static let maxProblems = 20

    // What the scanner needs to know about a tag, in one lookup: bits of `tagInfo`.
    static let void: UInt16 = 1, raw: UInt16 = 2, closesP: UInt16 = 4, headContent: UInt16 = 8, notMain: UInt16 = 16, counted: UInt16 = 32,
               pScope: UInt16 = 64, notReplayable: UInt16 = 128, special: UInt16 = 256

    static let tagInfo: [String: UInt16] = {
        var info: [String: UInt16] = [:]
        func mark(_ names: [String], _ bit: UInt16) { for n in names { info[n, default: 0] |= bit } }
        mark(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"], void)
        // Raw text (`script`, `style`) and escapable raw text (`title`, `textarea`) run to their end tag.
        mark(["script", "style", "title", "textarea"], raw)
        // Start tags that close an open `<p>` in an HTML5 parser.
        mark(["address", "article", "aside", "blockquote", "details", "dialog", "dir", "div", "dl", "dd", "dt", "fieldset",
              "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main",
              "menu", "nav", "ol", "p", "pre", "search", "section", "summary", "table", "ul"], closesP)
        mark(["base", "link", "meta", "noscript", "script", "style", "template", "title"], headContent)
        // Subtrees of `<main>` that are not the page's own content.
        mark(["nav", "aside", "script", "style", "template", "noscript", "form", "button", "svg"], notMain)
        mark(["svg", "math", "a", "p", "head", "noscript", "template"], counted)
        // Elements that hide an open `<p>` from a block start tag inside them.
        mark(["button", "table", "td", "th", "caption", "template", "object"], pScope)
        // What an element kept in `ScanMemo` must not hold: it changes more than words, links and ids.
        mark(["meta", "link", "title", "main", "html", "head", "body", "base"], notReplayable)
        // Names some check treats on their own: any other tag skips those comparisons.
        mark(["a", "area", "meta", "link", "img", "script", "iframe", "source", "audio", "video", "embed", "track", "input", "h1", "title",
              "main", "html", "head", "body", "svg", "math"], special)
        return info
    }()

    /// `tagInfo` by packed name (see `packed`), in an open-addressed table of 256 slots: a tag's bits
    /// in a few instructions, without hashing a string. Names longer than 8 bytes use `tagInfo`.
    /// Made once and never freed, so reading it retains nothing.
    nonisolated(unsafe) static let packedKeys: UnsafeMutablePointer<UInt64> = {
        let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: 512)
        keys.initialize(repeating: 0, count: 512)
        for (name, bits) in tagInfo where name.utf8.count <= 8 {
            var slot = slotOf(packed(name))
            while keys[slot] != 0 { slot = (slot + 1) & 255 }
            keys[slot] = packed(name)
            keys[256 + slot] = UInt64(bits)
        }
        return keys
    }()

    static func packed(_ name: String) -> UInt64 { name.utf8.reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
    static func slotOf(_ key: UInt64) -> Int { Int((key &* 0x9E37_79B9_7F4A_7C15) >> 56) }

    /// The bits of `tagInfo` for a lower-case tag name.
    static func info(_ name: String) -> UInt16 {
        var key: UInt64 = 0, length = 0
        for byte in name.utf8 {
            length += 1
            if length > 8 { return tagInfo[name] ?? 0 }
            key = key << 8 | UInt64(byte)
        }
        guard key != 0 else { return 0 }
        let table = packedKeys
        var slot = slotOf(key)
        while table[slot] != 0 {
            if table[slot] == key { return UInt16(truncatingIfNeeded: table[256 + slot]) }
            slot = (slot + 1) & 255
        }
        return 0
    }

    /// Per ASCII byte: the lower-cased byte when it is part of a word (a letter or digit), else 0.
    static let asciiWord: [UInt8] = (0..<128).map { c in
        let c = UInt8(c)
        if c >= 0x41 && c <= 0x5A { return c + 32 }
        return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7A) ? c : 0
    }

    /// True to check a piece of a page (a fragment's HTML) rather than a whole document.
    public let fragment: Bool
    /// Elements pages repeat, read once (see `ScanMemo`); nil to read every byte of every page.
    public let memo: ScanMemo?

    public init(fragment: Bool = false, memo: ScanMemo? = nil) {
        self.fragment = fragment
        self.memo = fragment ? nil : memo
    }

    public func scan(_ html: String) -> PageScan {
        var copy = html
        return copy.withUTF8(scan(buffer:))
    }

    /// Scans UTF-8 bytes as they were rendered, without making a string of them first.
    public func scan(bytes: [UInt8]) -> PageScan { bytes.withUnsafeBufferPointer(scan(buffer:)) }

    func scan(buffer bytes: UnsafeBufferPointer<UInt8>) -> PageScan {
        var state = State(bytes: bytes, fragment: fragment, memo: memo)
        state.run()
        return state.result
    }

    struct Open {
        var name: String
        var offset: Int
        var info: UInt16
        /// Where the scan stood when this element started, when it may be kept in the memo.
        var mark: Mark?
    }

    /// The scan's counts at an element's start tag, to tell what the element added once it closes.
    struct Mark {
        var context: UInt8
        var key: UInt64
        var problems: Int
        var sideEffects: Int
        var words: Int
        var links: Int
        var ids: Int
        var h1Count: Int
    }

    struct State {
        let b: UnsafeBufferPointer<UInt8>
        var i = 0
        var result = PageScan()
        var stack: [Open] = []
        var seenDoctype = false, seenElement = false, afterHTML = false
        var headDone = false, bodyStarted = false
        var ids = Set<String>()
        /// Depth of `<main>` on the stack, and of an excluded subtree inside it.
        var mainDepth: Int?
        var excludedDepth: Int?
        var wordHash: UInt64 = 0
        var inWord = false
        /// One attribute of the tag being read, as byte ranges: strings are made only for the few that are used.
        struct Attribute {
            var name: Range<Int>
            var value: Range<Int>
        }

        /// Attributes of the start tag being read.
        var attributes: [Attribute] = []
        /// Lower-cased names of the attributes of a tag with many, to find repeats without comparing each pair.
        var attributeNames = Set<[UInt8]>()
        /// Stack positions of the open `<p>` elements and of the open elements that hide them.
        var paragraphs: [Int] = [], pScopes: [Int] = []
        /// Open elements by name, kept from the first end tag that does not close the innermost
        /// element on: such a tag is then looked up without walking the stack.
        var openByName: [String: Int]?
        // Counts of open elements the checks ask about, so no check walks the stack.
        var openForeign = 0, openLinks = 0, openParagraphs = 0, openHead = 0, openHeadContainers = 0
        var htmlCount = 0, headCount = 0, bodyCount = 0, titleCount = 0, mainCount = 0

        let fragment: Bool
        let memo: ScanMemo?
        /// The mark of the start tag being read, for `push`.
        var pendingMark: Mark?
        /// Changes to the scan that a kept element could not replay: titles, meta and link tags,
        /// `<main>` and the document's outline, anchors dropped as repeats.
        var sideEffects = 0

        init(bytes: UnsafeBufferPointer<UInt8>, fragment: Bool, memo: ScanMemo? = nil) {
            b = bytes
            self.fragment = fragment
            self.memo = memo
            if fragment { seenDoctype = true; seenElement = true; mainDepth = 0 }
        }

        /// What the scan of an element starting here depends on besides its bytes; nil where no
        /// element is kept or replayed (outside `<body>`, in `<head>`, right inside `<html>`).
        var memoContext: UInt8? {
            guard bodyStarted, !afterHTML, openHead == 0, let top = stack.last, top.info & HTMLScanner.special == 0 || top.name != "html" && top.name != "head" else { return nil }
            var c: UInt8 = 1
            if mainDepth != nil { c |= 2 }
            if excludedDepth != nil { c |= 4 }
            if openForeign > 0 { c |= 8 }
            if openLinks > 0 { c |= 16 }
            if openParagraphs > 0, let p = paragraphs.last, (pScopes.last ?? -1) < p { c |= 32 }
            if openHeadContainers > 0 { c |= 64 }
            return c
        }

        /// Takes a kept element's summary in place of scanning its bytes; false (nothing changed)
        /// when one of its ids is already on the page, which scanning must then report.
        mutating func replay(_ span: ScanMemo.Span) -> Bool {
            for id in span.ids where ids.contains(id) { return false }
            for id in span.ids { ids.insert(id) }
            result.ids += span.ids
            result.words += span.words
            result.links += span.links
            result.h1Count += span.h1Count
            seenElement = true
            i += span.bytes.count
            return true
        }

        /// Offers the element that just closed to the memo.
        mutating func offer(_ open: Open) {
            // An end tag the page's end cut short (`</div` and no `>`) read nothing after it only
            // because nothing came: where the same bytes go on, the scan reads on. Not kept.
            guard let memo, let mark = open.mark, result.problemCount == mark.problems, sideEffects == mark.sideEffects,
                  i - open.offset >= ScanMemo.minimum, b[i - 1] == 0x3E /* > */ else { return }
            let range = open.offset..<i
            guard memo.wanted(b, range, context: mark.context, key: mark.key) else { return }
            memo.keep(ScanMemo.Span(bytes: Array(b[range]), context: mark.context, words: Array(result.words[mark.words...]),
                                    links: Array(result.links[mark.links...]), ids: Array(result.ids[mark.ids...]),
                                    h1Count: result.h1Count - mark.h1Count), key: mark.key)
        }

        mutating func problem(_ message: String, at offset: Int) {
            result.problemCount += 1
            guard result.problems.count < HTMLScanner.maxProblems else { return }
            var line = 1, column = 1, k = 0
            while k < offset && k < b.count {
                if b[k] == 0x0A { line += 1; column = 1 } else if b[k] & 0xC0 != 0x80 { column += 1 }
                k += 1
            }
            result.problems.append(HTMLProblem(offset: offset, line: line, column: column, message: message))
        }

        var collecting: Bool { mainDepth != nil && excludedDepth == nil }

        mutating func run() {
            while i < b.count {
                if b[i] == 0x3C /* < */ {
                    endWord()
                    markup()
                } else if b[i] == 0x26 /* & */ {
                    endWord()
                    reference()
                } else {
                    text()
                }
            }
            endWord()
            for open in stack.reversed() {
                problem("<\(open.name)> is never closed", at: open.offset)
            }
            if fragment { return }
            if !seenDoctype { problem("the page does not start with <!doctype html>", at: 0) }
            for (name, count) in [("html", htmlCount), ("head", headCount), ("body", bodyCount)] where count == 0 {
                problem("the page has no <\(name)> element", at: b.count)
            }
            if titleCount == 0 { problem("the page has no <title>", at: b.count) }
        }

        // MARK: Text

        mutating func text() {
            let collect = collecting
            let table = HTMLScanner.asciiWord
            var nonSpace = -1
            while i < b.count, b[i] != 0x3C, b[i] != 0x26 {
                let c = b[i]
                if !(c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C) && nonSpace < 0 { nonSpace = i }
                if !collect {
                    i += 1
                } else if c < 0x80 {
                    // ASCII inline, as `word` reads it: letters and digits join a word (lower-cased), the rest end it.
                    let lower = table[Int(c)]
                    if lower != 0 {
                        if !inWord { inWord = true; wordHash = 0xcbf2_9ce4_8422_2325 }
                        wordHash = (wordHash ^ UInt64(lower)) &* 0x100_0000_01b3
                    } else if inWord {
                        result.words.append(wordHash)
                        inWord = false
                    }
                    i += 1
                } else {
                    word(c)
                }
            }
            guard nonSpace >= 0, !fragment else { return }
            if !seenElement { problem("text before <html>", at: nonSpace); seenElement = true }
            if afterHTML { problem("text after </html>", at: nonSpace) }
            if let top = stack.last, top.info & HTMLScanner.special != 0, top.name == "html" || top.name == "head" {
                problem("text directly inside <\(top.name)>", at: nonSpace)
            }
        }

        /// Feeds one byte (or one UTF-8 scalar) to the word splitter and advances.
        mutating func word(_ c: UInt8) {
            var isWordByte: Bool
            var length = 1
            if c < 0x80 {
                isWordByte = (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A)
            } else {
                length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1
                // No-break space and the U+2000–U+2015 spaces and dashes separate words; other letters join them.
                let next = i + 1 < b.count ? b[i + 1] : 0
                let third = i + 2 < b.count ? b[i + 2] : 0
                isWordByte = !(c == 0xC2 && next == 0xA0) && !(c == 0xE2 && next == 0x80 && third <= 0x95)
            }
            if isWordByte {
                if !inWord { inWord = true; wordHash = 0xcbf2_9ce4_8422_2325 }
                for k in 0..<length where i + k < b.count {
                    var byte = b[i + k]
                    if byte >= 0x41 && byte <= 0x5A { byte += 32 }
                    wordHash = (wordHash ^ UInt64(byte)) &* 0x100_0000_01b3
                }
            } else {
                endWord()
            }
            i += length
        }

        mutating func endWord() {
            if inWord { result.words.append(wordHash); inWord = false }
        }

        /// A character reference in text: `&amp;`, `&#39;`, `&#x2014;`. Numeric ones must be valid and end with `;`.
        mutating func reference() {
            let start = i
            i += 1
            guard i < b.count else { return }
            if b[i] == 0x23 /* # */ {
                i += 1
                var hex = false
                if i < b.count, b[i] == 0x78 || b[i] == 0x58 { hex = true; i += 1 }
                var digits = 0, value = 0
                while i < b.count, let d = Self.digit(b[i], hex: hex) {
                    value = min(value * (hex ? 16 : 10) + d, 0x110000)
                    digits += 1
                    i += 1
                }
                if digits == 0 {
                    problem("`&#` is not a character reference; write `&amp;#`", at: start)
                } else if i >= b.count || b[i] != 0x3B {
                    problem("character reference is not terminated by `;`", at: start)
                } else {
                    i += 1
                    if value == 0 || value > 0x10FFFF || (0xD800...0xDFFF).contains(value) {
                        problem("character reference to an invalid code point", at: start)
                    }
                }
            }
            // Named references and bare `&` are left alone: HTML5 accepts a bare `&` before a space.
        }

        static func digit(_ c: UInt8, hex: Bool) -> Int? {
            if c >= 0x30 && c <= 0x39 { return Int(c - 0x30) }
            guard hex else { return nil }
            if c >= 0x61 && c <= 0x66 { return Int(c - 0x61 + 10) }
            if c >= 0x41 && c <= 0x46 { return Int(c - 0x41 + 10) }
            return nil
        }

        // MARK: Markup

        func starts(with literal: String, at offset: Int, caseInsensitive: Bool = false) -> Bool {
            var k = offset
            for var byte in literal.utf8 {
                guard k < b.count else { return false }
                var c = b[k]
                if caseInsensitive {
                    if c >= 0x41 && c <= 0x5A { c += 32 }
                    if byte >= 0x41 && byte <= 0x5A { byte += 32 }
                }
                if c != byte { return false }
                k += 1
            }
            return true
        }

        func find(_ literal: String, from offset: Int, caseInsensitive: Bool = false) -> Int? {
            guard let first = literal.utf8.first else { return offset }
            var k = offset
            let lowerFirst = first >= 0x41 && first <= 0x5A ? first + 32 : first
            while k < b.count {
                var c = b[k]
                if caseInsensitive && c >= 0x41 && c <= 0x5A { c += 32 }
                if c == (caseInsensitive ? lowerFirst : first) && starts(with: literal, at: k, caseInsensitive: caseInsensitive) { return k }
                k += 1
            }
            return nil
        }

        mutating func markup() {
            let start = i
            let next = i + 1 < b.count ? b[i + 1] : 0
            if next == 0x2F /* / */, i + 2 < b.count, Self.isLetter(b[i + 2]) {
                endTag()
                return
            }
            if Self.isLetter(next) {
                if let memo, i + ScanMemo.minimum <= b.count, !Self.isPhrasing(b, at: i + 1), let context = memoContext {
                    let key = ScanMemo.key(b, at: i, context: context)
                    if let span = memo.find(b, at: i, context: context, key: key), replay(span) { return }
                    pendingMark = Mark(context: context, key: key, problems: result.problemCount, sideEffects: sideEffects, words: result.words.count,
                                       links: result.links.count, ids: result.ids.count, h1Count: result.h1Count)
                }
                startTag()
                pendingMark = nil
                return
            }
            if starts(with: "<!--", at: i) {
                guard let end = find("-->", from: i + 4) else {
                    problem("comment is never closed with -->", at: start)
                    i = b.count
                    return
                }
                i = end + 3
                return
            }
            if starts(with: "<!doctype", at: i, caseInsensitive: true) {
                let end = find(">", from: i) ?? b.count
                let inner = String(decoding: b[(i + 9)..<end], as: UTF8.self).trimmingSpaces.lowercased()
                if inner != "html" { problem("the doctype must be <!doctype html>", at: start) }
                if seenDoctype || seenElement { problem("<!doctype> must come once, before everything else", at: start) }
                seenDoctype = true
                i = min(end + 1, b.count)
                return
            }
            if starts(with: "<!", at: i) || starts(with: "<?", at: i) {
                problem("`\(String(decoding: b[i..<min(i + 2, b.count)], as: UTF8.self))` starts neither a comment nor the doctype", at: start)
                i = min((find(">", from: i) ?? b.count) + 1, b.count)
                return
            }
            problem("a bare `<` in text must be written `&lt;`", at: start)
            i += 1
        }

        /// The tag name at `offset` packed into an integer (at most 8 bytes, lower-cased; 0 when longer).
        static func packedName(_ b: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
            var packed: UInt64 = 0, k = offset
            while k < b.count, isLetter(b[k]) || (b[k] >= 0x30 && b[k] <= 0x39) {
                guard k - offset < 8 else { return 0 }
                packed = packed << 8 | UInt64(b[k] | 0x20)
                k += 1
            }
            return packed
        }

        static let phrasing: Set<UInt64> = Set(["a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "dfn", "em", "i", "img", "input",
                                                "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
                                                "var", "wbr"].map(HTMLScanner.packed))

        /// Elements of running text (`<a>`, `<span>`, `<strong>`, …) are short: not worth a look-up in the memo.
        static func isPhrasing(_ b: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool { phrasing.contains(packedName(b, at: offset)) }

        static func isLetter(_ c: UInt8) -> Bool { (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) }
        static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C }
    }

    /// Decodes character references in an attribute value or `<title>` text.
    static func decode(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        guard bytes.contains(0x26) else { return String(decoding: bytes, as: UTF8.self) }
        var out = ""
        var literal: [UInt8] = []
        var k = bytes.startIndex
        let names: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]
        while k < bytes.endIndex {
            if bytes[k] == 0x26, let semi = bytes[k..<min(k + 12, bytes.endIndex)].firstIndex(of: 0x3B) {
                let body = String(decoding: bytes[(k + 1)..<semi], as: UTF8.self)
                var replacement: String?
                if body.hasPrefix("#x") || body.hasPrefix("#X") {
                    replacement = UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else if body.hasPrefix("#") {
                    replacement = UInt32(body.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else {
                    replacement = names[body]
                }
                if let replacement {
                    out += String(decoding: literal, as: UTF8.self) + replacement
                    literal.removeAll(keepingCapacity: true)
                    k = semi + 1
                    continue
                }
            }
            literal.append(bytes[k])
            k += 1
        }
        return out + String(decoding: literal, as: UTF8.self)
    }
}

extension String {
    var trimmingSpaces: String {
        // Most values start and end with a visible ASCII character: nothing to trim.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return self }
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }

    /// Runs of whitespace as one space, trimmed: how a browser shows `<title>` text.
    var collapsingSpaces: String {
        // ASCII text with single spaces between words and none at its ends has nothing to collapse.
        var previous: UInt8 = 0x20, plain = true
        for c in utf8 {
            if c >= 0x80 || (c < 0x21 && c != 0x20) || (c == 0x20 && previous == 0x20) { plain = false; break }
            previous = c
        }
        if plain && previous != 0x20 { return self }
        return split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
