import AppealModel
import Foundation
import Testing

@Suite struct EscapeTests {
    @Test func htmlEscapesTextAndBothQuoteKinds() {
        #expect(Escape.html(#"<b>"Tom" & 'Jerry'</b>"#) == "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;")
        #expect(Escape.html("plain text") == "plain text")
    }

    /// Slow, obviously right versions of the escapers, one character at a time.
    static func referenceHTML(_ s: String) -> String {
        s.map { c in ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"][c] ?? String(c) }.joined()
    }

    static func referenceURL(_ s: String) -> String {
        s.utf8.map { b in
            let c = Character(Unicode.Scalar(b))
            return b < 0x80 && (c.isLetter || c.isNumber || "-._~".contains(c)) ? String(c) : String(format: "%%%02X", b)
        }.joined()
    }

    static func referenceJSON(_ s: String) -> String {
        let body = s.unicodeScalars.map { u -> String in
            switch u {
            case "\"": return "\\\""
            case "\\": return "\\\\"
            case "\n": return "\\n"
            case "\r": return "\\r"
            case "\t": return "\\t"
            case "<", ">", "&": return String(format: "\\u%04x", u.value)
            case "\u{2028}", "\u{2029}": return String(format: "\\u%04x", u.value)
            default: return u.value < 0x20 ? String(format: "\\u%04x", u.value) : String(u)
            }
        }.joined()
        return "\"" + body + "\""
    }

    /// The byte escapers scan eight bytes at a time: put each special character at every offset
    /// around those boundaries, beside multi-byte text, and compare with the reference versions.
    @Test func escapersMatchACharacterAtATimeReferenceAtEveryOffset() {
        let specials = ["&", "<", ">", "\"", "'", "\\", "\n", "\u{2028}", "\u{01}", " ", "%"]
        for special in specials {
            for length in 0..<20 {
                for position in 0...length {
                    var text = String(repeating: "a", count: length)
                    text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: position))
                    text += position % 3 == 0 ? "é–" : ""
                    var html: [UInt8] = [], json: [UInt8] = [], url: [UInt8] = []
                    Escape.html(text, into: &html)
                    Escape.jsonString(text, into: &json)
                    Escape.urlComponent(text, into: &url)
                    #expect(String(decoding: html, as: UTF8.self) == Self.referenceHTML(text), "\(text.debugDescription)")
                    #expect(Escape.html(text) == Self.referenceHTML(text), "\(text.debugDescription)")
                    #expect(String(decoding: json, as: UTF8.self) == Self.referenceJSON(text), "\(text.debugDescription)")
                    #expect(Escape.jsonString(text) == Self.referenceJSON(text), "\(text.debugDescription)")
                    #expect(String(decoding: url, as: UTF8.self) == Self.referenceURL(text), "\(text.debugDescription)")
                    #expect(Escape.urlComponent(text) == Self.referenceURL(text), "\(text.debugDescription)")
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
