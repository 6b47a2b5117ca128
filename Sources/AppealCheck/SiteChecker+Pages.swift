import AppealModel
import AppealPlan
import Foundation

extension SiteChecker {
    /// HTML problems of one page, blamed on the fragment or entity body whose own HTML is broken, else
    /// on the theme template of that kind of page.
    func checkWellFormed(_ p: Int, _ scan: PageScan, tallies: inout Tallies) {
        guard scan.problemCount > 0 else { return }
        var blamed = false
        switch pages[p].kind {
        case .cell(let i):
            for case let f? in plan.cells[i].fragments {
                guard let first = sources.fragmentProblems[f].first else { continue }
                tallies.add(.validity, .error("the HTML of this fragment is not well-formed: \(first.message)", at: site.fragments[f].location,
                                              hint: "close every tag you open in raw HTML, or write Markdown instead"), page: p)
                blamed = true
            }
        case .hub(let d, let e):
            if let first = sources.entityProblems[d][e].first {
                tallies.add(.validity, .error("the HTML of this file's body is not well-formed: \(first.message)", at: site.entities[d][e].bodyOrigin,
                                              hint: "close every tag you open in raw HTML, or write Markdown instead"), page: p)
                blamed = true
            }
        default: break
        }
        if blamed { return }
        for problem in scan.problems.prefix(5) {
            tallies.add(.validity, .error("not well-formed HTML5: \(problem.message)", at: sources.theme(pages[p].kind),
                                          hint: "first seen at line \(problem.line), column \(problem.column) of the page \(pages[p].path)"), page: p)
        }
    }

    /// Where a page's title or description pattern comes from.
    func metaSource(_ p: Int, description: Bool) -> SourceLocation {
        switch pages[p].kind {
        case .cell:
            let pattern = description ? site.matrix.description : site.matrix.title
            return pattern.origin ?? sources.theme(pages[p].kind)
        case .hub(let d, let e): return site.entities[d][e].location
        case .home: return site.config.location
        case .standalone(let i): return site.pages[i].location
        case .dimensionIndex, .pairHub: return sources.theme(pages[p].kind, containing: "<title")
        default: return sources.theme(.notFound, containing: "<title")
        }
    }

    /// Title, description, H1 and canonical of page `p`, checked as it comes in. Returns the title
    /// and description that other indexable pages must not share (nil: none to compare).
    func checkPageMeta(_ p: Int, _ scan: PageScan, _ all: inout Tallies) -> (title: String?, description: String?) {
        let titleRange = settings.titleLength, descriptionRange = settings.descriptionLength
        let page = pages[p]
        let kind = page.kind
        var shared: (title: String?, description: String?) = (nil, nil)
        let title = scan.titles.first ?? ""
        if scan.titles.count > 1 {
            all.add(.seo, .error("the page has \(scan.titles.count) <title> elements", at: sources.theme(kind, containing: "<title")), page: p)
        }
        if title.isEmpty {
            all.add(.seo, .error("missing or empty <title>", at: sources.theme(kind, containing: "<title")), page: p)
        } else if page.indexable {
            shared.title = title
            if !titleRange.contains(title.count) {
                let side = title.count < titleRange.lowerBound ? "shorter than \(titleRange.lowerBound)" : "longer than \(titleRange.upperBound)"
                all.add(.seo, .warning("<title> is \(side) characters", at: metaSource(p, description: false),
                                       hint: "e.g. “\(title)” has \(title.count); the range is `checks.title_length` in site.yaml"), page: p)
            }
        }
        if page.indexable {
            let description = scan.descriptions.first ?? ""
            if scan.descriptions.count > 1 {
                all.add(.seo, .error("the page has \(scan.descriptions.count) meta descriptions", at: sources.theme(kind, containing: "name=\"description\"")), page: p)
            }
            if description.trimmingSpaces.isEmpty {
                all.add(.seo, .warning("missing or empty meta description", at: metaSource(p, description: true),
                                       hint: "search engines then pick a snippet from the page themselves"), page: p)
            } else {
                shared.description = description
                if !descriptionRange.contains(description.count) {
                    let side = description.count < descriptionRange.lowerBound ? "shorter than \(descriptionRange.lowerBound)" : "longer than \(descriptionRange.upperBound)"
                    all.add(.seo, .warning("meta description is \(side) characters", at: metaSource(p, description: true),
                                           hint: "e.g. “\(description)” has \(description.count); the range is `checks.description_length` in site.yaml"), page: p)
                }
            }
        }
        if scan.h1Count != 1 && kind != .notFound || kind == .notFound && scan.h1Count > 1 {
            all.add(.seo, .error("the page has \(scan.h1Count) <h1> elements; it needs exactly one", at: sources.theme(kind, containing: "<h1")), page: p)
        }
        checkCanonical(p, scan.canonicals, &all)
        return shared
    }

    func checkCanonical(_ p: Int, _ canonicals: [String], _ all: inout Tallies) {
        let page = pages[p]
        var at: SourceLocation { sources.theme(page.kind, containing: "canonical") }
        guard let canonical = canonicals.first else {
            if page.indexable { all.add(.seo, .error("indexable page has no <link rel=\"canonical\">", at: at), page: p) }
            return
        }
        if canonicals.count > 1 { all.add(.seo, .error("the page has \(canonicals.count) canonical links", at: at), page: p) }
        let expected = base.absolute(page.path)
        if canonical == expected { return }
        let lower = canonical.lowercased()
        if !(lower.hasPrefix("https://") || lower.hasPrefix("http://")) {
            all.add(.seo, .error("canonical `\(canonical)` is not an absolute URL", at: at, hint: "canonicals start with the site's base_url"), page: p)
        } else if lower.firstRange(of: "utm_") != nil {
            all.add(.seo, .error("canonical carries UTM parameters", at: at, hint: "a canonical is the clean URL of the page itself"), page: p)
        } else if page.indexable {
            all.add(.seo, .error("canonical does not point to the page itself", at: at,
                                 hint: "expected \(expected), found \(canonical)"), page: p)
        }
    }

    /// Indexable pages that share a title (or description), one finding per source that produced them.
    func reportShared(_ groups: [String: [Int]], what: String, description: Bool, _ all: inout Tallies) {
        var bySource: [SourceLocation: (groups: Int, pages: [Int], example: String)] = [:]
        for (text, list) in groups where list.count > 1 {
            let at = metaSource(list.min()!, description: description)
            var entry = bySource[at] ?? (0, [], "")
            entry.groups += 1
            entry.pages += list
            if entry.example.isEmpty || text < entry.example { entry.example = text }
            bySource[at] = entry
        }
        for (at, entry) in bySource {
            let sharedBy = groups[entry.example]!.count
            all.add(.seo, .warning("duplicate \(what)s: \(entry.groups) text\(entry.groups == 1 ? " is" : "s are") repeated on indexable pages",
                                   at: at, hint: "e.g. “\(entry.example)” is on \(sharedBy) pages; make the pattern use a value that tells them apart"),
                    pages: entry.pages)
        }
    }
}

/// Texts (titles, descriptions) that more than one page has, found as pages stream in without keeping
/// every page's text: a text is known by its `TextKey`, and kept only once a second page has it.
/// Texts are compared as Swift compares strings (canonical equivalence: "é" typed as one character or
/// as "e" and a combining accent is one text), so the key is that of the text's NFC form.
struct SharedTexts: Sendable {
    /// The first page with each text (-1 once a second page has it).
    var first: [TextKey: Int32] = [:]
    /// The first page's text where its bytes are not its NFC form (rare: text typed decomposed).
    var firstText: [TextKey: String] = [:]
    /// Every text on more than one page, with its pages, under the text of its lowest page.
    var repeated: [String: [Int]] = [:]

    /// A text with its key, made before taking the checker's lock (normalizing costs a few µs).
    struct Text: Sendable {
        var text: String
        /// `text` in NFC (the same string when it already is).
        var form: String
        var key: TextKey

        init(_ text: String) {
            self.text = text
            // Text whose scalars are all below U+0300 (ASCII, Latin-1, Latin Extended) has no
            // combining marks and nothing that normalizes to something else: it is in NFC already.
            form = text.unicodeScalars.allSatisfy { $0.value < 0x300 } ? text : text.precomposedStringWithCanonicalMapping
            key = TextKey(form)
        }
    }

    mutating func add(_ text: String, page: Int) { add(Text(text), page: page) }

    mutating func add(_ t: Text, page: Int) {
        let text = t.text, key = t.key
        if let one = first[key] {
            if one >= 0 {
                let firstPageText = firstText.removeValue(forKey: key) ?? t.form
                repeated[Int(one) < page ? firstPageText : text] = [Int(one), page]
                first[key] = -1
            } else if let i = repeated.index(forKey: text) {
                // Kept under the lowest page's text: it changes only for a lower page typed differently.
                let (kept, pages) = repeated[i]
                if !kept.utf8.elementsEqual(text.utf8), page < pages.min()! {
                    repeated.remove(at: i)
                    repeated[text] = pages + [page]
                } else {
                    repeated.values[i].append(page)
                }
            } else {
                repeated[text, default: []].append(page)
            }
        } else {
            first[key] = Int32(page)
            if !t.form.utf8.elementsEqual(text.utf8) { firstText[key] = text }
        }
    }
}

/// A 128-bit hash of a text, standing for it where holding every text would cost too much: two
/// 64-bit multiply-xorshift hashes of its bytes with different constants, so that two different texts
/// taken for one would take a collision of both. Each step is a bijection of a lane's state for a
/// given word, so two texts of the same length never collide in a lane.
struct TextKey: Hashable, Sendable {
    var a: UInt64
    var b: UInt64

    init(a: UInt64, b: UInt64) {
        self.a = a
        self.b = b
    }

    init(_ text: String) {
        self.init(a: 0xcbf2_9ce4_8422_2325, b: 0x6c62_272e_07bb_0142)
        add(text)
    }

    /// The key of the UTF-8 bytes `bytes`: the same as `TextKey(text)` for the text they encode.
    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.init(a: 0xcbf2_9ce4_8422_2325, b: 0x6c62_272e_07bb_0142)
        add(bytes: bytes)
    }

    /// Hashes `text` in after what this key already holds: a key of many texts without joining them
    /// (each text's length goes in after it, so where one ends counts).
    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add(bytes: $0) }
    }

    /// Eight bytes at a time, in two lanes of different multipliers: 128 bits that tell texts apart
    /// (the summaries number strings by key alone), at a fraction of the cost of a byte at a time.
    mutating func add(bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        var k = 0
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while k + 8 <= n {
                mix(raw.loadUnaligned(fromByteOffset: k, as: UInt64.self))
                k += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while k < n { tail |= UInt64(base[k]) << shift; shift += 8; k += 1 }
            if shift > 0 { mix(tail) }
        }
        mix(UInt64(n) ^ 0xA076_1D64_78BD_642F)
    }

    private mutating func mix(_ w: UInt64) {
        a = (a ^ w) &* 0x100_0000_01b3
        a ^= a >> 32
        b = (b ^ w) &* 0x9E37_79B9_7F4A_7C15
        b ^= b >> 29
    }
}
