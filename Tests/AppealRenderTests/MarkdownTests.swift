import AppealModel
import AppealPlan
import AppealRender
import Dispatch
import Foundation
import Testing

@Suite struct MarkdownTests {
    @Test func rendersGitHubFlavouredMarkdown() {
        let html = Markdown.html("""
            | Level | Days |
            |---|---|
            | 1 | 120 |

            ~~old~~ and https://www.cms.gov and "quotes" -- dash

            - [x] done
            - [ ] to do
            """)
        #expect(html.contains("<table>"))
        #expect(html.contains("<td>120</td>"))
        #expect(html.contains("<del>old</del>"))
        #expect(html.contains("<a href=\"https://www.cms.gov\">https://www.cms.gov</a>"))
        #expect(html.contains("“quotes”"))
        #expect(html.contains("–"))
        #expect(html.contains("type=\"checkbox\""))
    }

    @Test func rawHTMLIsOffUnlessTheSiteTurnsItOn() {
        let source = "<div class=\"x\">hi</div>\n\nText <span onclick=\"x()\">y</span>\n\n<script>alert(1)</script>\n"
        let safe = Markdown.html(source)
        #expect(!safe.contains("<div"))
        #expect(!safe.contains("<span"))
        #expect(!safe.contains("<script"))
        #expect(safe.contains("raw HTML omitted"))
        let raw = Markdown.html(source, allowRawHTML: true)
        #expect(raw.contains("<div class=\"x\">"))
        // The tagfilter extension still neutralises <script> when raw HTML is on.
        #expect(!raw.contains("<script>"))
        #expect(raw.contains("&lt;script>"))
    }

    @Test func aNulByteDoesNotCutTheDocumentShort() {
        let html = Markdown.html("before\u{0}after and more")
        #expect(html.contains("more"))
    }

    @Test func dangerousLinkSchemesAreDropped() {
        let html = Markdown.html("[x](javascript:alert(1))")
        #expect(!html.contains("javascript:"))
    }

    /// cmark-gfm garbles output when threads parse at once; the lock in `Markdown` must prevent that.
    @Test func parallelRenderingMatchesSerialRendering() {
        let documents = (0..<2000).map { i in
            """
            # Document \(i)

            | a | b |
            |---|---|
            | \(i) | ~~\(i * 7)~~ |

            Visit https://example.org/\(i) and "quote \(i)".

            - [ ] item \(i)
            """
        }
        let serial = documents.map { Markdown.html($0) }
        let parallel = Locked(Array(repeating: "", count: documents.count))
        DispatchQueue.concurrentPerform(iterations: documents.count) { i in
            let html = Markdown.html(documents[i])
            parallel.withValue { $0[i] = html }
        }
        #expect(parallel.current == serial)
        #expect(Set(serial).count == documents.count)
    }
}

/// With `raw_html: true`, a placeholder inside an editor's own tag is filled for its attribute
/// context: never a scheme, a handler or a way out of the attribute (issue 17).
@Suite struct RawAttributeTests {
    func render(_ before: String, _ value: String, _ after: String) -> String {
        let template = BoundTemplate(parts: [.text(before), .value(.constant(value)), .text(after)])
        return FragmentHTML(template, allowRawHTML: true).render { binding in
            if case .constant(let s) = binding { return s }
            return ""
        }
    }

    @Test func aURLAttributeNeverSpellsAScheme() {
        let html = render("<a href=\"", "javascript:alert(1)", "\">x</a>\n")
        #expect(html.contains("href=\"./javascript%3Aalert%281%29\""), "\(html)")
        #expect(!html.contains("href=\"javascript"))
    }

    @Test func anUnquotedValueCannotAddAnAttribute() {
        let html = render("<div title=", "a onmouseover=alert(1)", ">x</div>\n")
        #expect(!html.contains(" onmouseover="), "\(html)")
        #expect(html.contains("title=a%20onmouseover%3Dalert%281%29"))
    }

    @Test func aHandlerAttributeGetsNoScript() {
        let html = render("<span onclick=\"", "alert(1)", "\">x</span>\n")
        #expect(html.contains("onclick=\"./alert%281%29\""), "\(html)")
    }

    @Test func aQuotedPlainAttributeAndTextAreEscapedAsBefore() {
        let quoted = render("<abbr title=\"", "a \"quote\" <b>", "\">x</abbr>\n")
        #expect(quoted.contains("title=\"a &quot;quote&quot; &lt;b&gt;\""), "\(quoted)")
        let text = render("Call ", "<b>now</b>", " today.\n")
        #expect(text.contains("Call &lt;b&gt;now&lt;/b&gt; today."))
    }
}

@Suite struct MarkdownControlCharacterTests {
    @Test(arguments: ["&#7;", "&#x1B;", "&#0;", "&#x85;", "&#127;"])
    func aNumericReferenceToAControlCharacterNeverReachesTheHTML(_ reference: String) {
        let html = Markdown.html("A bell \(reference) here, and [a link](https://www.cms.gov/\(reference)).\n")
        let controls = html.unicodeScalars.filter { ($0.value < 0x20 && $0.value != 0x0A) || (0x7F...0x9F).contains($0.value) }
        #expect(controls.isEmpty, "\(html.debugDescription)")
        #expect(html.contains("A bell"))
    }
}
