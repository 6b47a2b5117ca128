import AppealLoad
import AppealModel
import AppealPlan
@testable import AppealRender
import AppealTestSupport
import Foundation
import Testing

/// Review of issue 16's streamed sitemaps: a build makes each sitemap file from entries handed over
/// one at a time; on a site with two languages (alternates, the longer header) and split by URL count
/// or by bytes, every file must be the one the whole list of entries makes.
@Suite struct SitemapStreamReviewTests {
    @Test(arguments: [(7, Sitemap.maxBytes), (1, Sitemap.maxBytes), (Sitemap.maxURLs, 1_500), (40, 9_000)])
    func streamedFilesAreTheWholeListsFiles(urls: Int, bytes: Int) throws {
        let (site, _) = try ContentLoader.load(from: Fixtures.repository + "/Content")
        #expect(site.config.languages.count > 1)
        let (plan, _) = try Planner.plan(site, buildDate: Day(iso: "2026-11-29")!)
        let renderer = SiteRenderer(plan: plan, theme: try Theme.load(from: Fixtures.defaultTheme))
        let outputs = renderer.outputs(sitemapLimits: (urls: urls, bytes: bytes))
        let history = renderer.history(of: outputs)
        let entries = renderer.sitemapEntries(history: history)
        #expect(entries.contains { !$0.alternates.isEmpty } && entries.contains { $0.alternates.isEmpty })
        #expect(outputs.sitemapChunks.flatMap { Array($0) } == Array(entries.indices))
        var files = 0
        for output in outputs.list {
            guard case .sitemap(let i) = output.kind else { continue }
            files += 1
            var out: [UInt8] = [], scratch: [UInt8] = []
            #expect(renderer.render(output, of: outputs, history: history, into: &out, scratch: &scratch))
            let expected = Sitemap.file(i, of: entries, chunks: outputs.sitemapChunks, absolute: renderer.base.absolute)
            #expect(String(decoding: out, as: UTF8.self) == expected, "file \(i) of \(outputs.sitemapChunks.count) (\(urls) URLs, \(bytes) bytes)")
            if i > 0 { #expect(out.count <= bytes) }
        }
        #expect(files == (outputs.sitemapChunks.count == 1 ? 1 : outputs.sitemapChunks.count + 1))
    }
}
