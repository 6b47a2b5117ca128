@testable import AppealCheck
import Testing

@Suite struct HTMLScannerTests {
    /// A small page in the shape the default theme writes.
    func page(head: String = "", body: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Kyphoplasty &amp; Medicare</title>
        <meta name="description" content="How to appeal &quot;fast&quot;">
        <meta name="robots" content="noindex,follow">
        <link rel="canonical" href="https://example.org/guides/a/">
        \(head)
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    func problems(_ html: String) -> [String] { HTMLScanner().scan(html).problems.map(\.message) }

    @Test func aGoodPageHasNoProblemsAndYieldsItsFacts() {
        let html = page(body: """
        <nav aria-label="Breadcrumb"><a href="/guides/">Home</a></nav>
        <main id="main">
          <h1>Kyphoplasty denied?</h1>
          <p>You can appeal<br>in <strong>writing</strong>.</p>
          <svg viewBox="0 0 32 32"><rect width="32" height="32"/><path d="M9 17l5 5"/></svg>
          <img src="/guides/assets/a.png" alt="">
          <aside><p>Offer text</p></aside>
          <p><a href="#main" class=plain>Back to the top</a></p>
        </main>
        """)
        let scan = HTMLScanner().scan(html)
        #expect(scan.problems.isEmpty, "\(scan.problems)")
        #expect(scan.titles == ["Kyphoplasty & Medicare"])
        #expect(scan.descriptions == ["How to appeal \"fast\""])
        #expect(scan.noindex)
        #expect(scan.canonicals == ["https://example.org/guides/a/"])
        #expect(scan.h1Count == 1)
        #expect(scan.ids == ["main"])
        #expect(scan.links.map(\.url) == ["https://example.org/guides/a/", "/guides/", "/guides/assets/a.png", "#main"])
        // Main content only: the breadcrumb (nav) and the offer (aside) are not counted.
        #expect(scan.words.count == 11)
    }

    @Test(arguments: [
        ("<main><div><p>text</p></main>", "<div> is not closed before </main>"),
        ("<main><p>text</span></p></main>", "</span> has no open <span>"),
        ("<main><p>one<br></br></p></main>", "</br>: br is a void element and has no end tag"),
        ("<main><div/></main>", "<div/>: only void elements may end with />; write <div></div>"),
        ("<main><p class=\"a\" class=\"b\">x</p></main>", "attribute `class` appears twice on <p>"),
        ("<main><p class=a\"b>x</p></main>", "unquoted value of `class` on <p> contains `\"`; quote it"),
        ("<main><p class=\"a\"id=\"b\">x</p></main>", "attributes of <p> need a space between them"),
        ("<main><p id=\"x\">a</p><p id=\"x\">b</p></main>", "id `x` is used twice on the page"),
        ("<main><p>intro<div>block</div></p></main>", "<div> cannot be inside <p>: browsers close the <p> first"),
        ("<main><a href=\"/a\">one <a href=\"/b\">two</a></a></main>", "a link inside a link: <a> cannot contain <a>"),
        ("<main><p>1 < 2</p></main>", "a bare `<` in text must be written `&lt;`"),
        ("<main><p>&#xZZ;</p></main>", "`&#` is not a character reference; write `&amp;#`"),
        ("<main><p>&#169</p></main>", "character reference is not terminated by `;`"),
        ("<main><p>x</p><!-- never closed</main>", "comment is never closed with -->"),
        ("<main><p title=\"open>x</p></main>", "attribute `title` of <p> is never closed with \""),
        ("<main></main><main></main>", "a page has at most one <main>"),
    ])
    func brokenMarkupIsFound(markup: String, problem: String) {
        let found = problems(page(body: markup))
        #expect(found.contains(problem), "\(found)")
    }

    @Test func theDocumentOutlineIsChecked() {
        #expect(problems("<html><head><title>x</title></head><body></body></html>").contains("the page does not start with <!doctype html>"))
        #expect(problems(page(head: "<div>not metadata</div>", body: "")).contains("<div> cannot be inside <head>"))
        #expect(problems(page(body: "") + "<p>late</p>").contains("<p> after </html>"))
        #expect(problems("<!doctype html><html><head></head><body></body></html>").contains("the page has no <title>"))
        let missing = problems("<!doctype html><p>hi</p>")
        #expect(missing.contains("<p> is outside <html>"))
        #expect(missing.contains("the page has no <body> element"))
    }

    @Test func problemsCarryTheirLineAndColumn() throws {
        let html = page(body: "<main>\n  <div>\n</main>")
        let problem = try #require(HTMLScanner().scan(html).problems.first)
        #expect(problem.message == "<div> is not closed before </main>")
        let line = html.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("<div>") }! + 1
        #expect(problem.line == line && problem.column == 3)
    }

    @Test func aFragmentIsCheckedWithoutTheDocumentRules() {
        #expect(HTMLScanner(fragment: true).scan("<p>Fine <a href=\"/x/\">link</a></p>").problems.isEmpty)
        #expect(HTMLScanner(fragment: true).scan("<div><p>open").problems.map(\.message) == ["<p> is never closed", "<div> is never closed"])
    }

    /// `rel` words and `<title>` text read without splitting strings give what splitting gives.
    @Test(arguments: ["canonical", "alternate canonical", "canonical  alternate", " canonical", "canonicals", "x-canonical", "",
                      "canonical \u{301}", "alternate\u{A0}canonical", "nofollow alternate"])
    func relWordsAreFoundAsSplittingFindsThem(_ rel: String) {
        for token: StaticString in ["canonical", "alternate"] {
            #expect(HTMLScanner.State.hasToken(rel, token) == rel.split(separator: " ").contains(Substring(token.description)), "\(rel) / \(token)")
        }
    }

    @Test(arguments: ["Plain title", " Leading", "Trailing ", "Two  spaces", "Tab\there", "Line\nbreak", "", " ", "Café au lait",
                      "No\u{A0}break", "a", "a b c"])
    func titleSpacesCollapseAsSplittingCollapsesThem(_ text: String) {
        #expect(text.collapsingSpaces == text.split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }
}
