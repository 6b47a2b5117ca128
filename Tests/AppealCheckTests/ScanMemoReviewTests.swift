@testable import AppealCheck
import Testing

/// Adversarial checks of the scan memo and the other shortcuts of the fast checker: each compares
/// the shortcut with the plain computation on inputs built to tell them apart.
@Suite struct ScanMemoReviewTests {
    /// A small deterministic generator (SplitMix64).
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    static func differences(_ a: PageScan, _ b: PageScan) -> [String] {
        var out: [String] = []
        if a.problems != b.problems { out.append("problems \(a.problems.map { "\($0.line):\($0.column) \($0.message)" }) vs \(b.problems.map { "\($0.line):\($0.column) \($0.message)" })") }
        if a.problemCount != b.problemCount { out.append("problemCount \(a.problemCount) vs \(b.problemCount)") }
        if a.titles != b.titles { out.append("titles") }
        if a.descriptions != b.descriptions { out.append("descriptions") }
        if a.canonicals != b.canonicals { out.append("canonicals") }
        if a.alternates.map({ "\($0.hreflang) \($0.href)" }) != b.alternates.map({ "\($0.hreflang) \($0.href)" }) { out.append("alternates") }
        if a.robots != b.robots { out.append("robots") }
        if a.h1Count != b.h1Count { out.append("h1Count \(a.h1Count) vs \(b.h1Count)") }
        if a.links != b.links { out.append("links \(a.links.map(\.url)) vs \(b.links.map(\.url))") }
        if a.ids != b.ids { out.append("ids \(a.ids) vs \(b.ids)") }
        if a.words != b.words { out.append("words \(a.words.count) vs \(b.words.count)") }
        return out
    }

    /// Scans every page three times in turn with one memo and compares each scan with a plain one;
    /// the first difference found, if any.
    static func firstDifference(_ pages: [[UInt8]], rounds: Int = 3, memo: ScanMemo = ScanMemo()) -> String? {
        let with = HTMLScanner(memo: memo), without = HTMLScanner()
        for round in 0..<rounds {
            for (n, page) in pages.enumerated() {
                let d = differences(with.scan(bytes: page), without.scan(bytes: page))
                if !d.isEmpty { return "round \(round), page \(n): \(d.joined(separator: "; "))\n\(String(decoding: page, as: UTF8.self))" }
            }
        }
        return nil
    }

    /// `firstDifference` with a memo of its own: how many elements it replayed, or nil (and an issue
    /// recorded) when a scan with it differs.
    static func replays(_ pages: [[UInt8]], _ label: String) -> Int? {
        let memo = ScanMemo()
        if let d = firstDifference(pages, memo: memo) {
            Issue.record("\(label): \(d)")
            return nil
        }
        return memo.statistics.hits
    }

    static func page(_ body: String) -> String {
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>A page</title>\n</head>\n<body>\n<main id=\"main\">\n<h1>A page</h1>\n\(body)\n</main>\n</body>\n</html>\n"
    }

    static let filler = " Ask the plan for a written reason; keep every letter, and note the date it came. "

    /// An element of more than `ScanMemo.minimum` bytes.
    static let section = "<section class=\"steps\">" + String(repeating: "<p>" + filler + "</p>", count: 4) + "</section>"

    // MARK: Breaks found in review

    /// An end tag cut off by the end of the page (`</section` and nothing after) closes the element
    /// without a `>`: a page that goes on after the same bytes (`</section foo>`, `</sectionx>`)
    /// must still be read there, not replayed up to the `>`.
    @Test func anElementClosedByTheEndOfThePageIsNotReplayedWhereThePageGoesOn() {
        let open = Self.page("").components(separatedBy: "</main>")[0]
        let cut = open + String(Self.section.dropLast())  // ends with `</section`
        for tail in [" foo>\n<p>after</p></main></body></html>\n", "x>\n<p>after</p></main></body></html>\n", ">\n</main></body></html>\n"] {
            let pages = [cut, cut, cut + tail].map { Array($0.utf8) }
            #expect(Self.firstDifference(pages) == nil, "tail \(tail)")
        }
    }

    /// Strings whose characters and bytes disagree about whitespace: a space inside a character
    /// that starts with a prepended mark (U+0600), spaces beyond ASCII, CR LF, controls.
    static let spacey = ["c\u{600} d", "\u{600} ", "a\u{2003}b", "a b", "x\u{600}\u{A0}", "\u{85}", "a\u{1C}b", " \u{301}", "\r\n", "a\u{0B}",
                         "plain", "", "caf\u{E9}", "tab\there", "\u{3000}x", "x\u{3000}", " x ", "\u{A0}x\u{A0}", "x\u{600} ", "\u{600} x"]

    /// `hasSpace` answers what `contains(where: \.isWhitespace)` answered before it: an id such as
    /// `c\u{600} d` was accepted and still is.
    @Test func idsWithSpacesAreFoundAsBefore() {
        for text in Self.spacey {
            #expect(HTMLScanner.State.hasSpace(text) == text.contains(where: \.isWhitespace), "\(text.unicodeScalars.map(\.value))")
        }
        let scan = HTMLScanner().scan(Self.page("<p id=\"c\u{600} d\">x</p><p id=\"e f\">y</p>"))
        #expect(scan.problems.map(\.message) == ["id `e f` must be non-empty and have no spaces"])
    }

    /// The ASCII shortcut of `trimmingSpaces` trims what trimming character by character trims.
    @Test func trimmingIsAsBefore() {
        func old(_ text: String) -> String {
            var s = Substring(text)
            while let f = s.first, f.isWhitespace { s.removeFirst() }
            while let l = s.last, l.isWhitespace { s.removeLast() }
            return String(s)
        }
        for text in Self.spacey + Self.spacey.map({ "a" + $0 + "b" }) {
            #expect(text.trimmingSpaces == old(text), "\(text.unicodeScalars.map(\.value))")
        }
    }

    /// The packed look-up of tag bits gives what the dictionary gives, for every known name and for
    /// names it does not know (long, with digits and hyphens, one letter off).
    @Test func tagBitsByPackedNameAreTheDictionarys() {
        var names = Array(HTMLScanner.tagInfo.keys)
        names += names.map { $0 + "-x" } + names.map { $0 + "1" } + names.map { String($0.dropLast()) }.filter { !$0.isEmpty }
        names += ["my-card2", "x-y-z", "h7", "h1-x", "figcaptions", "blockquote", "abcdefgh", "abcdefghi", "a1", "svg2", "math-x"]
        for name in names {
            #expect(HTMLScanner.info(name) == HTMLScanner.tagInfo[name] ?? 0, "\(name)")
        }
    }
}

/// Random pages made of shared blocks in many contexts, with cuts and stray bytes: the memo must
/// never change a scan.
extension ScanMemoReviewTests {
    static let blocks: [String] = {
        let f = filler
        return [
            "<section class=\"a\" id=\"steps\"><h2 id=\"steps-title\">Steps</h2><p>\(f)<a href=\"/guides/x/\">guide</a> and <a href=\"#steps-title\">top</a>.</p><p>\(f)</p><p>\(f)</p></section>",
            "<nav aria-label=\"More\"><ul><li><a href=\"/a/\">A page</a></li><li><a href=\"/b/\">B page</a></li><li><a href=\"https://www.cms.gov/\">CMS</a></li></ul><p>\(f)</p><p>\(f)</p></nav>",
            "<div class=\"t\"><table><tr><td><p>\(f)</p><div>cell</div></td><th>head</th></tr></table><p>\(f) &amp; &#x2014; &#39; more.</p></div>",
            "<div class=\"icon\"><svg viewBox=\"0 0 10 10\"><g><path d=\"M0 0L10 10\"/><circle r=\"2\"/></g></svg><p>\(f)</p><p>\(f)</p><img src=\"/i.png\" alt=\"\"></div>",
            "<template id=\"tpl\"><div><p>\(f)</p><p>\(f)</p></div></template>",
            "<noscript><div><p>\(f)</p><p>\(f)</p></div></noscript>",
            "<div class=\"raw\"><script>var s = \"</div><p>\"; if (a < b) {}</script><textarea name=\"t\"><b>not</b> \(f)</textarea><style>p{}</style><p>\(f)</p><p>\(f)</p></div>",
            "<my-card2 data-x=\"1\"><DIV Class=\"up\"><P>\(f)</P><H1>Title</H1></DIV><x-y-z><p>\(f)</p></x-y-z><blockquote><p>\(f)</p></blockquote></my-card2>",
            "<div class=\"anchors\"><a name=\"first\"></a><p>\(f)</p><a name=\"second\" href=\"/c/\">c</a><p>\(f)</p><p>\(f)</p></div>",
            "<article><h1>Heading one</h1><p>\(f)</p><details><summary>More</summary><p>\(f)</p><p>\(f)</p></details></article>",
            "<div class=\"intl\"><p>Caf\u{E9} \u{A0}na\u{EF}ve\u{2003}word\u{3000}mot \u{600} x \(f)</p><p>\u{1F600} emoji \(f)</p><p>\(f)</p><!-- a comment <div> --></div>",
            "<div class=\"btn\"><button type=\"button\"><div>inside</div></button><object data=\"/o\"><div>obj</div></object><form action=\"/f\"><div><p>\(f)</p></div></form><p>\(f)</p><p>\(f)</p></div>",
            "<ul class=\"list\"><li id=\"li-1\">\(f)</li><li id=\"li-2\">\(f)</li><li>\(f)<iframe src=\"/embed/\"></iframe></li></ul>",
            "<figure><picture><source src=\"/s.webp\"><img src=\"/s.png\" alt=\"x\"></picture><figcaption>\(f)</figcaption><p>\(f)</p><p>\(f)</p></figure>",
            "<div class=\"math\"><math><mi>x</mi><mo>=</mo><mn>1</mn><mspace/></math><p>\(f)</p><p>\(f)</p><p>\(f)</p></div>",
            "<div class=\"title\"><svg><title>An icon</title><path d=\"M0\"/></svg><p>\(f)</p><p>\(f)</p><p>\(f)</p></div>",
            "<div class=\"meta\"><link rel=\"canonical\" href=\"/z/\"><meta name=\"description\" content=\"d\"><p>\(f)</p><p>\(f)</p><p>\(f)</p></div>",
            "<div class=\"ids\"><p id=\"steps\">\(f)</p><p id=\"a\u{2003}b\">\(f)</p><p id=\"c\u{600} d\">\(f)</p></div>",
        ]
    }()

    /// How a block is put on a page: text before it, and text after it.
    static let wrappers: [(String, String)] = [
        ("", ""), ("<nav>", "</nav>"), ("<aside>", "</aside>"), ("<form>", "</form>"),
        ("<p>", "</p>"), ("<p><button>", "</button></p>"), ("<p><span>", "</span></p>"), ("<p><object>", "</object></p>"),
        ("<a href=\"/w/\">", "</a>"), ("<svg>", "</svg>"), ("<math>", "</math>"), ("<template>", "</template>"),
        ("<noscript>", "</noscript>"), ("<div><span></div>", ""), ("<p id=\"steps\">x</p>", ""), ("<div>", "</div>"),
        ("<table><tr><td>", "</td></tr></table>"), ("<p><table><tr><td>", "</td></tr></table></p>"),
        (String(repeating: "< ", count: 22), ""), ("<a name=\"first\"></a>", ""), ("<div id=\"li-1\"></div>", ""),
        ("</main>", "<main>"), ("<section>", ""), ("", "</div>"), ("<DIV>", "</div>"), ("<!-- ", " -->"),
    ]

    static func randomPage(_ r: inout Random) -> [UInt8] {
        var head = "<meta charset=\"utf-8\"><title>T \(r.below(3))</title>"
        var body = ""
        for _ in 0..<(1 + r.below(4)) {
            var block = r.pick(blocks)
            if r.below(4) == 0 { block = block.replacingOccurrences(of: "</p><p>", with: "</p>" + r.pick(blocks) + "<p>") }
            let (before, after) = r.below(3) == 0 ? ("", "") : r.pick(wrappers)
            body += before + block + after + (r.below(2) == 0 ? "\n" : "")
        }
        var html: String
        switch r.below(12) {
        case 0: html = "<!doctype html><html><head>\(head)</head><body>\(body)</body></html>"  // no <main>
        case 1: html = "<!doctype html><html><head>\(head)</head><body><main>x</main>\(body)</body></html>"
        case 2: html = "<!doctype html><html><head>\(head)\(body)</head><body><main></main></body></html>"  // in <head>
        case 3: html = "<!doctype html><html><head>\(head)</head>\(body)<body><main></main></body></html>"  // right in <html>
        case 4: html = "<!doctype html><html><head>\(head)</head><body><main></main></body>\(body)</html>"  // after </body>
        case 5: html = "<!doctype html><html><head>\(head)</head><body><main></main></body></html>\(body)"  // after </html>
        case 6: html = "<!doctype html><html><head>\(head)</head><body><main><main>\(body)</main></main></body></html>"
        case 7: head += "<noscript>"; html = "<!doctype html><html><head>\(head)</noscript></head><body><main>\(body)</main></body></html>"
        default: html = "<!doctype html><html lang=\"en\"><head>\(head)</head><body><main id=\"m\">\(body)</main></body></html>"
        }
        var bytes = Array(html.utf8)
        switch r.below(7) {
        case 0: bytes = Array(bytes.prefix(r.below(bytes.count + 1)))  // cut anywhere
        case 2:
            // Cut inside an end tag, after its name or a space: `</section` and nothing more.
            let ends = bytes.indices.dropLast().filter { bytes[$0] == 0x3C && bytes[$0 + 1] == 0x2F }
            if !ends.isEmpty {
                var at = r.pick(ends) + 2
                while at < bytes.count, bytes[at] != 0x3E { at += 1 }
                bytes = Array(bytes.prefix(at))
                if r.below(2) == 0 { bytes.append(0x20) }
            }
        case 1:
            for _ in 0..<(1 + r.below(3)) {  // a stray byte
                let at = r.below(bytes.count)
                switch r.below(3) {
                case 0: bytes.insert(r.pick([0x3C, 0x3E, 0x26, 0x22, 0x2F, 0xE2, 0x80, 0x20]), at: at)
                case 1: bytes.remove(at: at)
                default: bytes[at] = r.pick([0x3C, 0x3E, 0x26, 0x22, 0x2F, 0xC3, 0x41])
                }
            }
        default: break
        }
        return bytes
    }

    @Test(arguments: 0..<8) func randomPagesScanTheSameWithAndWithoutTheMemo(seed: Int) {
        var r = Random(state: UInt64(seed) &* 0x1234_5678_9ABC_DEF1)
        var hits = 0
        for site in 0..<60 {
            // Pages of a site; each again cut inside one of its end tags (`</div` at the end); and
            // each going on differently after the cut (`</divx>`).
            var pages = (0..<12).map { _ in Self.randomPage(&r) }
            var cuts: [[UInt8]] = [], variants: [[UInt8]] = []
            for page in pages {
                var ends: [Int] = [], lastOpen = -1
                for (k, c) in page.enumerated() {
                    if c == 0x3C { lastOpen = k } else if c == 0x3E, lastOpen >= 0, lastOpen + 1 < k, page[lastOpen + 1] == 0x2F { ends.append(k) }
                }
                guard !ends.isEmpty else { continue }
                let at = r.pick(ends)
                cuts.append(Array(page.prefix(at)))
                variants.append(Array(page.prefix(at)) + Array(r.pick(["x", " a", "-b"]).utf8) + Array(page[at...]))
            }
            pages += cuts + variants
            guard let replayed = Self.replays(pages, "seed \(seed), site \(site)") else { return }
            hits += replayed
        }
        #expect(hits > 1_000, "the memo replayed elements: \(hits)")
    }
}

/// The chunked MinHash against the direct one, on words chosen to cut chunks everywhere or nowhere.
extension ScanMemoReviewTests {
    @Test func chunkedSignaturesAreTheDirectOnesForAnyWords() {
        let hasher = MinHasher()
        var r = Random(state: 99)
        // Words that cut after any word, and words that never cut after a word like themselves.
        var cutting: [UInt64] = [], plain: [UInt64] = []
        while cutting.count < 8 || plain.count < 8 {
            let w = r.next()
            if SignatureCache.cuts(after: w, w) { if cutting.count < 8 { cutting.append(w) } } else if plain.count < 8 { plain.append(w) }
        }
        // A cache small enough to drop chunks while pages still use them.
        let tiny = SignatureCache(megabytes: 0), roomy = SignatureCache()
        var pages: [[UInt64]] = []
        for n in 0..<400 {
            let count = n < 100 ? 10 + n % 20 : r.below(700)
            let vocabulary = r.pick([cutting, plain, cutting + plain, (0..<3).map { _ in r.next() }, (0..<2_000).map { UInt64($0) &* 0x9E37_79B9 }])
            pages.append((0..<count).map { _ in r.pick(vocabulary) })
        }
        // Pages that share long runs at different offsets, and the same page again and again.
        let run = (0..<300).map { _ in r.pick(cutting + plain) }
        for k in 0..<64 { pages.append(Array(run.prefix(k)) + run + Array(run.suffix(k))) }
        pages += Array(repeating: run, count: 5)
        for (n, page) in pages.enumerated() {
            let direct = hasher.signature(page)
            #expect(hasher.signature(page, cache: tiny) == direct, "page \(n) of \(page.count) words, tiny cache")
            #expect(hasher.signature(page, cache: roomy) == direct, "page \(n) of \(page.count) words")
        }
        #expect(tiny.statistics.hits > 0 && roomy.statistics.hits > tiny.statistics.hits)
    }
}

/// Random trees of any tags (known, unknown, upper-case, void, raw text, foreign, head-only) with
/// ids, anchors and links from small pools, shared between pages in random nests.
extension ScanMemoReviewTests {
    static let tagNames = ["div", "section", "p", "span", "a", "nav", "aside", "form", "button", "table", "td", "ul", "li", "h1", "h2",
                           "svg", "path", "math", "template", "noscript", "script", "style", "textarea", "title", "meta", "link", "img",
                           "br", "hr", "input", "main", "body", "head", "html", "base", "object", "details", "summary", "figcaption",
                           "blockquote", "my-el2", "x-1", "DIV", "Section", "P", "A", "SVG", "iframe", "video", "source", "em", "pre"]
    static let cleanNames = ["div", "section", "ul", "li", "nav", "aside", "table", "td", "svg", "my-el2", "DIV", "blockquote", "details",
                             "object", "button", "form", "template", "noscript", "h1", "h2", "pre", "figcaption", "p", "x-1", "Section"]
    static let texts = [" plain words here ", " caf\u{E9} na\u{EF}ve ", " a\u{A0}b\u{2003}c ", " &amp; &#x41; &#65; ", " &#; ", " &#0; ", " 1 < 2 ",
                        " \u{1F600} ", " tab\tnew\nline ", " x > y ", " &lt;b&gt; ", " \u{600} ", " <!-- c --> ", " <!-- ", " --> "]

    static func tree(_ r: inout Random, depth: Int) -> String {
        // Mostly tags a kept element may hold, so that elements are kept; now and then any tag.
        let name = r.below(4) == 0 ? r.pick(tagNames) : r.pick(cleanNames)
        var attributes = ""
        for _ in 0..<r.below(3) {
            attributes += r.pick([" id=\"i\(r.below(6))\"", " name=\"i\(r.below(6))\"", " href=\"/p\(r.below(4))/\"", " src=\"/s.png\"", " class=x",
                                  " rel=\"canonical\" href=\"/c/\"", " name=\"description\" content=\"d\"", " id=\"\"", " id=\"a b\"", " data-a='1'", " class=\"c\"", " lang=\"en\""])
        }
        let close = r.below(12) == 0 ? "/>" : ">"
        var inner = ""
        if depth > 0 {
            for _ in 0..<r.below(4) { inner += r.below(2) == 0 ? r.pick(texts) + filler : tree(&r, depth: depth - 1) }
        } else {
            inner = r.pick(texts) + filler
        }
        if close == "/>" { return "<\(name)\(attributes)/>" }
        let end = r.below(40) == 0 ? "" : r.below(40) == 0 ? "</\(r.pick(tagNames))>" : "</\(name)>"
        return "<\(name)\(attributes)\(close)\(inner)\(end)"
    }

    @Test(arguments: 0..<6) func randomTreesScanTheSameWithAndWithoutTheMemo(seed: Int) {
        var r = Random(state: UInt64(seed) &* 0xDEAD_BEEF_1234_5677 &+ 1)
        var hits = 0
        for site in 0..<100 {
            let pool = (0..<6).map { _ in Self.tree(&r, depth: 3) }
            let nests = (0..<4).map { _ in Self.tree(&r, depth: 1) }
            var pages: [[UInt8]] = []
            for _ in 0..<10 {
                var body = ""
                for _ in 0..<(1 + r.below(4)) {
                    var item = r.pick(pool)
                    if r.below(3) == 0 {
                        // Nested inside a random element: at the place of its first text.
                        let nest = r.pick(nests)
                        if let gt = nest.firstIndex(of: ">") { item = String(nest[...gt]) + item + String(nest[nest.index(after: gt)...]) }
                    }
                    body += item
                }
                let html = r.below(5) == 0 ? "<!doctype html><html><head><title>t</title></head>\(body)<body>\(body)</body>\(body)</html>\(body)"
                    : "<!doctype html><html><head><title>t</title></head><body>\(r.below(2) == 0 ? "<main>" : "")\(body)</main></body></html>"
                pages.append(Array(html.utf8))
            }
            guard let replayed = Self.replays(pages, "seed \(seed), site \(site)") else { return }
            hits += replayed
        }
        #expect(hits > 150, "the memo replayed elements: \(hits)")
    }
}
