import AppealModel
import AppealPlan
import AppealRender
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
