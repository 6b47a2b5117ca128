import AppealBuild
import AppealModel
import AppealPlan
import AppealRender
import AppealReview
import AppealTestSupport
import Foundation
import Testing

/// Hubs pass the same trust gate as pages: with `review: required` a hub is indexable only when its
/// value's file, its text in the hub's language and the ladders it shows are reviewed as they are now;
/// a value's text in another language (`procedures/es/kyphoplasty.md`) is checked, reviewed and
/// fingerprinted like any input.
@Suite struct HubReviewGateTests {
    static let date = Day(iso: "2026-11-29")!

    func prepare(_ content: String) throws -> PreparedSite {
        try SiteBuilder.prepare(BuildOptions(content: content, theme: Fixtures.defaultTheme, output: "unused", date: Self.date))
    }

    func hub(_ renderer: SiteRenderer, _ slug: String, language l: Int) throws -> (html: String, indexable: Bool, inSitemap: Bool) {
        let e = try #require(renderer.plan.site.entities[0].firstIndex { $0.slug == slug })
        let html = try #require(renderer.renderHub(dimension: 0, entity: e, language: l))
        let path = renderer.plan.hubPath(0, e, language: l)
        let sitemap = renderer.sitemapFiles().map(\.1).joined()
        return (html, renderer.hubIndexable(dimension: 0, entity: e, language: l), sitemap.contains("<loc>https://appeals.example.org\(path)</loc>"))
    }

    @Test func aChangedValueFileTakesItsHubsOutOfTheIndexInEveryLanguage() throws {
        let content = try SpanishEditionTests.copyOfContent()
        let before = try prepare(content).renderer
        for l in [0, 1] {
            let h = try hub(before, "kyphoplasty", language: l)
            #expect(h.indexable && h.inSitemap)
            #expect(h.html.contains("<meta name=\"robots\" content=\"index,follow\">"))
        }
        let file = content + "/procedures/kyphoplasty.md"
        try (Fixtures.read(file) + "\nA sentence nobody has reviewed.\n").write(toFile: file, atomically: true, encoding: .utf8)
        let after = try prepare(content).renderer
        for l in [0, 1] {
            let h = try hub(after, "kyphoplasty", language: l)
            #expect(!h.indexable && !h.inSitemap)
            #expect(h.html.contains("<meta name=\"robots\" content=\"noindex,follow\">"))
            // No hreflang to or from a version search engines may not index.
            #expect(!h.html.contains("<link rel=\"alternate\" hreflang"))
        }
        // The guided hubs of that procedure follow it out of the index.
        let paired = after.plan.pairHubs.indices.filter { after.plan.pairHubs[$0].first == after.plan.site.entities[0].firstIndex { $0.slug == "kyphoplasty" } }
        #expect(!paired.isEmpty)
        #expect(paired.allSatisfy { !after.pairHubIndexable($0) })
        // Another procedure's hub is untouched.
        #expect(try hub(after, "knee-replacement", language: 0).indexable)
    }

    @Test func aValuesSpanishTextIsAnInputOfTheSpanishHub() throws {
        let content = try SpanishEditionTests.copyOfContent()
        let file = content + "/procedures/es/kyphoplasty.md"
        // Unfinished text there is an error at its line, as it would be in the English file.
        let original = Fixtures.read(file)
        try (original + "\nTODO: revisar este párrafo.\n").write(toFile: file, atomically: true, encoding: .utf8)
        do {
            _ = try prepare(content)
            Issue.record("a TODO on an indexable Spanish hub was accepted")
        } catch let error as DiagnosticError {
            let e = try #require(error.diagnostics.first { $0.message.contains("unfinished text `TODO`") })
            #expect(e.location?.file.hasSuffix("procedures/es/kyphoplasty.md") == true)
            #expect(e.message.contains("/es/procedures/kyphoplasty/"))
        }
        // An edit without a review: the Spanish hub leaves the index, the English one stays.
        try (original + "\nUn párrafo nuevo sin revisar.\n").write(toFile: file, atomically: true, encoding: .utf8)
        let edited = try prepare(content).renderer
        #expect(try !hub(edited, "kyphoplasty", language: 1).indexable)
        #expect(try hub(edited, "kyphoplasty", language: 0).indexable)
        // `review approve` takes the file, and the hub is indexable again.
        let approval = try ReviewDesk.approve([file], by: "sample-placeholder", on: Day(iso: "2026-12-01")!, content: content)
        #expect(approval.files == ["procedures/es/kyphoplasty.md"])
        try ReviewDesk.write(approval.ledger, content: content)
        #expect(try hub(try prepare(content).renderer, "kyphoplasty", language: 1).indexable)
    }

    @Test func anEditToAValuesSpanishTextRewritesItsHub() throws {
        let content = try SpanishEditionTests.copyOfContent()
        let output = Fixtures.scratch("hub-fingerprint") + "/Public"
        let options = BuildOptions(content: content, theme: Fixtures.defaultTheme, output: output, date: Self.date, check: false)
        _ = try SiteBuilder.build(options)
        let file = content + "/procedures/es/kyphoplasty.md"
        try (Fixtures.read(file) + "\nUna frase nueva.\n").write(toFile: file, atomically: true, encoding: .utf8)
        _ = try SiteBuilder.build(options)
        #expect(Fixtures.read(output + "/es/procedures/kyphoplasty/index.html").contains("Una frase nueva."))
    }
}
