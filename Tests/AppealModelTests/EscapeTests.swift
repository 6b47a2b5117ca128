import AppealModel
import Testing

@Suite struct EscapeTests {
    @Test func htmlEscapesTextAndBothQuoteKinds() {
        #expect(Escape.html(#"<b>"Tom" & 'Jerry'</b>"#) == "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;")
        #expect(Escape.html("plain text") == "plain text")
    }

    @Test func urlComponentEncodesEverythingButUnreserved() {
        #expect(Escape.urlComponent("denial appeals") == "denial%20appeals")
        #expect(Escape.urlComponent("a&b=c#d?e/f") == "a%26b%3Dc%23d%3Fe%2Ff")
        #expect(Escape.urlComponent("javascript:alert(1)") == "javascript%3Aalert%281%29")
        #expect(Escape.urlComponent("Médicaid") == "M%C3%A9dicaid")
        #expect(Escape.urlComponent("a-b_c.d~e") == "a-b_c.d~e")
    }

    @Test func jsonStringCannotCloseAScriptElement() {
        let escaped = Escape.jsonString("</script><script>alert(1)</script>")
        #expect(!escaped.contains("<"))
        #expect(!escaped.contains(">"))
        #expect(escaped == #""\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e""#)
        #expect(Escape.jsonString("a\"b\\c\nd\u{2028}") == #""a\"b\\c\nd\u2028""#)
        #expect(Escape.jsonString("\u{01}") == #""\u0001""#)
    }

    @Test func xmlUsesApos() {
        #expect(Escape.xml("a'b&c") == "a&apos;b&amp;c")
    }

    @Test func onlyAbsoluteWebURLsAreLinks() {
        #expect(Escape.isWebURL("https://www.cms.gov/x?y=1"))
        #expect(Escape.isWebURL("http://example.org"))
        #expect(!Escape.isWebURL("javascript:alert(1)"))
        #expect(!Escape.isWebURL("https://"))
        #expect(!Escape.isWebURL("https://example.org/a b"))
        #expect(!Escape.isWebURL("/relative/path"))
        #expect(!Escape.isWebURL("https://example.org/\"onmouseover=x"))
    }
}
