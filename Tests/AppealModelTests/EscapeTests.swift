import AppealModel
import Testing

@Suite struct EscapeTests {
    @Test func htmlEscapesTextAndBothQuoteKinds() {
        #expect(Escape.html(#"<b>"Tom" & 'Jerry'</b>"#) == "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;")
        #expect(Escape.html("plain text") == "plain text")
    }

    /// The byte escapers scan eight bytes at a time: put each special character at every offset
    /// around those boundaries, beside multi-byte text, and compare with the string escapers.
    @Test func byteEscapersMatchTheStringOnesAtEveryOffset() {
        let specials = ["&", "<", ">", "\"", "'", "\\", "\n", "\u{2028}", "\u{01}"]
        for special in specials {
            for length in 0..<20 {
                for position in 0...length {
                    let filler = Array(repeating: "a", count: length).joined()
                    var text = filler
                    text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: position))
                    text += position % 3 == 0 ? "é–" : ""
                    var html: [UInt8] = [], json: [UInt8] = [], url: [UInt8] = []
                    Escape.html(text, into: &html)
                    Escape.jsonString(text, into: &json)
                    Escape.urlComponent(text, into: &url)
                    #expect(String(decoding: html, as: UTF8.self) == Escape.html(text), "\(text.debugDescription)")
                    #expect(String(decoding: json, as: UTF8.self) == Escape.jsonString(text), "\(text.debugDescription)")
                    #expect(String(decoding: url, as: UTF8.self) == Escape.urlComponent(text), "\(text.debugDescription)")
                }
            }
        }
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
