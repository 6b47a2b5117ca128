import AppealModel

/// sitemaps.org files: one `sitemap.xml` up to 50,000 URLs and 50 MB, else an index of numbered children.
public enum Sitemap {
    public struct Entry: Sendable {
        public var url: String
        public var lastModified: Day?
        /// The same page in the site's other languages (and `x-default`), as `xhtml:link` lines.
        public var alternates: [(hreflang: String, url: String)] = []
        /// The site path of `url`.
        public var path = ""
        public init(url: String, lastModified: Day?) {
            self.url = url
            self.lastModified = lastModified
        }
    }

    public static let maxURLs = 50_000
    public static let maxBytes = 50 * 1024 * 1024

    /// Files to write, as (site path, contents). `absolute` maps a site path to its absolute URL.
    public static func files(_ entries: [Entry], absolute: (String) -> String, maxURLs: Int = maxURLs,
                             maxBytes: Int = maxBytes) -> [(String, String)] {
        files(entries, chunks: chunks(entries.map { line($0).utf8.count }, maxURLs: maxURLs, maxBytes: maxBytes), absolute: absolute)
    }

    static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    /// The header of a sitemap whose entries name their other-language versions.
    static let headerWithAlternates = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
    static let footer = "</urlset>\n"

    static func header(_ entries: ArraySlice<Entry>) -> String { entries.contains { !$0.alternates.isEmpty } ? headerWithAlternates : header }
    static func header(_ entries: [Entry]) -> String { header(entries[...]) }

    static func line(_ entry: Entry) -> String {
        var line = "<url><loc>\(Escape.xml(entry.url))</loc>"
        if let day = entry.lastModified { line += "<lastmod>\(day)</lastmod>" }
        for alternate in entry.alternates {
            line += "<xhtml:link rel=\"alternate\" hreflang=\"\(Escape.xml(alternate.hreflang))\" href=\"\(Escape.xml(alternate.url))\"/>"
        }
        return line + "</url>\n"
    }

    /// The line length of an entry that will get a `lastmod`, whatever its date: a site's files can
    /// be counted before its pages are made, and the split holds for any dates.
    public static func longestLine(url: String, alternates: [(hreflang: String, url: String)] = []) -> Int {
        // Counted, not made: `line(_:)`'s parts and the escaped lengths of its texts (a site's
        // sitemap is sized once per build, 100,000 lines at 100,000 pages).
        var count = datedLineLength + escapedLength(url)
        for alternate in alternates { count += alternateLength + escapedLength(alternate.hreflang) + escapedLength(alternate.url) }
        // A file with alternates has the longer header: counted with the entries that need it.
        return count + (alternates.isEmpty ? 0 : headerWithAlternates.utf8.count - header.utf8.count)
    }

    /// The length of `line(_:)` of an entry with an empty URL, a date and no alternates.
    static let datedLineLength = line(Entry(url: "", lastModified: Day(iso: "2026-01-01"))).utf8.count
    /// What one alternate adds to a line beside its escaped texts.
    static let alternateLength: Int = {
        var entry = Entry(url: "", lastModified: nil)
        entry.alternates = [(hreflang: "", url: "")]
        return line(entry).utf8.count - line(Entry(url: "", lastModified: nil)).utf8.count
    }()

    /// `Escape.xml(text).utf8.count`, without making the text.
    static func escapedLength(_ text: String) -> Int {
        var count = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): count += 5  // &amp;
            case UInt8(ascii: "<"), UInt8(ascii: ">"): count += 4  // &lt; &gt;
            case UInt8(ascii: "\""), UInt8(ascii: "'"): count += 6  // &quot; &apos;
            default: count += 1
            }
        }
        return count
    }

    /// How entries with these line lengths split into files within the limits: ranges of entries.
    public static func chunks(_ lengths: [Int], maxURLs: Int = maxURLs, maxBytes: Int = maxBytes) -> [Range<Int>] {
        var chunks: [Range<Int>] = []
        var start = 0, size = 0
        let fixed = header.utf8.count + footer.utf8.count
        for (i, length) in lengths.enumerated() {
            if i > start && (i - start >= maxURLs || size + length + fixed > maxBytes) {
                chunks.append(start..<i)
                start = i
                size = 0
            }
            size += length
        }
        chunks.append(start..<lengths.count)
        return chunks
    }

    /// File `i` of what `files(_:chunks:absolute:)` makes (0: `sitemap.xml`), made alone: a
    /// child sitemap does not make the others.
    public static func file(_ i: Int, of entries: [Entry], chunks: [Range<Int>], absolute: (String) -> String) -> String {
        if chunks.count == 1 { return header(entries) + entries.map(line).joined() + footer }
        if i > 0 { return header(entries[chunks[i - 1]]) + entries[chunks[i - 1]].map(line).joined() + footer }
        return index(chunks.map { entries[$0].compactMap(\.lastModified).max() }, absolute: absolute)
    }

    /// `file(_:of:chunks:absolute:)` from entries handed over one at a time (`entries` calls its
    /// argument with each, in order), appended to `out`: only the lines of file `i` are made.
    public static func file(_ i: Int, chunks: [Range<Int>], absolute: (String) -> String, into out: inout [UInt8],
                            entries: ((Entry) -> Void) -> Void) {
        if i == 0 && chunks.count > 1 {
            var newest = [Day?](repeating: nil, count: chunks.count)
            var position = 0, chunk = 0
            entries { entry in
                while chunk < chunks.count - 1 && position >= chunks[chunk].upperBound { chunk += 1 }
                if let day = entry.lastModified, newest[chunk].map({ day > $0 }) ?? true { newest[chunk] = day }
                position += 1
            }
            out += index(newest, absolute: absolute).utf8
            return
        }
        let range = chunks.count == 1 ? 0..<Int.max : chunks[i - 1]
        var body: [UInt8] = []
        var alternates = false, position = 0
        entries { entry in
            defer { position += 1 }
            guard range.contains(position) else { return }
            if !entry.alternates.isEmpty { alternates = true }
            body += line(entry).utf8
        }
        out += (alternates ? headerWithAlternates : header).utf8
        out += body
        out += footer.utf8
    }

    /// The index of `count` children, each with the newest `lastmod` of its pages.
    static func index(_ newest: [Day?], absolute: (String) -> String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
            + newest.enumerated().map { i, day in
                "<sitemap><loc>\(Escape.xml(absolute("/sitemap-\(i + 1).xml")))</loc>" + (day.map { "<lastmod>\($0)</lastmod>" } ?? "") + "</sitemap>\n"
            }.joined() + "</sitemapindex>\n"
    }

    /// The files of `entries` split at `chunks`: one urlset, or an index and its children.
    public static func files(_ entries: [Entry], chunks: [Range<Int>], absolute: (String) -> String) -> [(String, String)] {
        let documents = chunks.map { range in header(entries[range]) + entries[range].map(line).joined() + footer }
        if documents.count == 1 { return [("/sitemap.xml", documents[0])] }
        var files = documents.enumerated().map { ("/sitemap-\($0.offset + 1).xml", $0.element) }
        // Each child's lastmod is the newest of its pages, so crawlers can skip unchanged children.
        files.insert(("/sitemap.xml", index(chunks.map { entries[$0].compactMap(\.lastModified).max() }, absolute: absolute)), at: 0)
        return files
    }
}
