import AppealModel
import AppealPlan
@testable import AppealRender
import Testing

@Suite struct FragmentHTMLTests {
    let name = Binding.entityField(dimension: 0, field: "name")
    let slug = Binding.entityField(dimension: 0, field: "slug")

    func fragment(_ parts: [BoundTemplate.Part]) -> FragmentHTML { FragmentHTML(BoundTemplate(parts: parts), allowRawHTML: false) }

    @Test func valuesInTextAreEscapedNotParsed() {
        let f = fragment([.text("Denied by **"), .value(name), .text("**.")])
        let html = f.render { _ in "<script>alert('x')</script> *not emphasis* [link](http://x)" }
        #expect(html == "<p>Denied by <strong>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; *not emphasis* [link](http://x)</strong>.</p>\n")
    }

    @Test func valuesInsideLinkURLsArePercentEncoded() {
        let f = fragment([.text("[guide](https://example.org/"), .value(slug), .text("/)")])
        #expect(f.parts.contains(.url(slug)))
        let html = f.render { _ in "a b\"><script>" }
        #expect(html == "<p><a href=\"https://example.org/a%20b%22%3E%3Cscript%3E/\">guide</a></p>\n")
    }

    @Test func aValueCannotSpellALinkScheme() {
        // cmark checks the link before the value is filled in, so the engine must not let
        // `{{ x }}:…` become `javascript:…` once x is filled in.
        for markdown in ["[click](", "![img](", "[c](java"] {
            let f = fragment([.text(markdown), .value(name), .text(":alert(1))")])
            let html = f.render { _ in "JavaScript" }
            #expect(!html.lowercased().contains("href=\"javascript:") && !html.lowercased().contains("src=\"javascript:"), "\(html)")
        }
        let start = fragment([.text("[x]("), .value(slug), .text(":x)")])
        #expect(start.render { _ in "javascript" } == "<p><a href=\"./javascript:x\">x</a></p>\n")
        // Later in a URL a value is an ordinary path segment.
        let later = fragment([.text("[x](https://example.org/"), .value(slug), .text(")")])
        #expect(later.render { _ in "a b" } == "<p><a href=\"https://example.org/a%20b\">x</a></p>\n")
    }

    @Test func strayTokenDigitsDoNotCrash() {
        let f = fragment([.text("Hello %EE%80%8099999999999999999999999 and \u{E000}99999999999999999999\u{E001}")])
        #expect(f.render { _ in "" }.contains("Hello"))
    }

    @Test func contentCannotForgeAPlaceholderTokenInPercentEncodedForm() {
        // What the token would look like without its nonce, in a link and in text, with a real
        // placeholder beside it so binding 0 exists.
        let forged = "%EE%80%800%EE%80%81"
        let f = fragment([.text("[a](https://www.cms.gov/\(forged)) and \(forged) then "), .value(name)])
        #expect(f.parts.filter { if case .html = $0 { false } else { true } }.count == 1)
        let html = f.render { _ in "VALUE" }
        #expect(html.components(separatedBy: "VALUE").count == 2, "\(html)")
        #expect(html.contains("https://www.cms.gov/\(forged)"))
        #expect(html.contains(" and \(forged) then VALUE"))
    }

    @Test func theNonceComesFromTheTextSoATokenCopiedFromAnotherFragmentIsText() {
        // A token spelled with the nonce of another fragment's text is not this fragment's token.
        let other = fragment([.text("[x](https://www.cms.gov/"), .value(slug), .text(")")])
        #expect(other.parts.contains(.urlStart(slug)) || other.parts.contains(.url(slug)))
        let nonce = FragmentHTML.nonce(BoundTemplate(parts: [.text("[x](https://www.cms.gov/"), .value(slug), .text(")")]))
        #expect(nonce.count == 16)
        let copy = fragment([.text("See %EE%80%80\(nonce)0%EE%80%81 and "), .value(name)])
        #expect(copy.render { _ in "VALUE" } == "<p>See %EE%80%80\(nonce)0%EE%80%81 and VALUE</p>\n")
    }

    @Test func aFragmentIsConvertedOnceAndFilledPerPage() {
        let f = fragment([.text("# "), .value(name), .text("\n\nText")])
        #expect(f.render { _ in "Aetna" } == "<h1>Aetna</h1>\n<p>Text</p>\n")
        #expect(f.render { _ in "Cigna & Co" } == "<h1>Cigna &amp; Co</h1>\n<p>Text</p>\n")
    }

    @Test func placeholderNamesWithUnderscoresAreNotEmphasis() {
        // `{{ a.short_name }} and {{ b.short_name }}` must not turn the underscores into <em>.
        let f = fragment([.value(.entityField(dimension: 0, field: "short_name")), .text(" and "), .value(.entityField(dimension: 1, field: "short_name"))])
        #expect(f.render { b in b == .entityField(dimension: 0, field: "short_name") ? "x_y" : "z_w" } == "<p>x_y and z_w</p>\n")
    }
}
