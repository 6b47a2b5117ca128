import AppealLoad
import AppealModel
import AppealPlan
import AppealRender
import AppealTestSupport
import Foundation
import Testing

@Suite struct SitemapTests {
    func entries(_ n: Int) -> [Sitemap.Entry] {
        (0..<n).map { Sitemap.Entry(url: "https://example.org/p\($0)/", lastModified: Day(iso: "2026-01-01")!.adding(days: $0)) }
    }

    func locs(_ xml: String) -> [String] { xml.matches(of: /<loc>([^<]*)<\/loc>/).map { String($0.1) } }

    @Test func smallSitesGetOneUrlset() {
        let files = Sitemap.files(entries(3), absolute: { "https://example.org" + $0 })
        #expect(files.map(\.0) == ["/sitemap.xml"])
        #expect(files[0].1.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"))
        #expect(locs(files[0].1).count == 3)
    }

    @Test func overTheURLLimitTheSitemapBecomesAnIndexOfChildren() {
        let files = Sitemap.files(entries(25), absolute: { "https://example.org/guides" + $0 }, maxURLs: 10)
        #expect(files.map(\.0) == ["/sitemap.xml", "/sitemap-1.xml", "/sitemap-2.xml", "/sitemap-3.xml"])
        let index = files[0].1
        #expect(index.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"))
        #expect(!index.contains("<urlset"))
        #expect(locs(index) == ["https://example.org/guides/sitemap-1.xml", "https://example.org/guides/sitemap-2.xml",
                                "https://example.org/guides/sitemap-3.xml"])
        // Each child's lastmod is the newest page in it.
        #expect(index.contains("<loc>https://example.org/guides/sitemap-1.xml</loc><lastmod>2026-01-10</lastmod>"))
        #expect(index.contains("<loc>https://example.org/guides/sitemap-3.xml</loc><lastmod>2026-01-25</lastmod>"))
        let children = files.dropFirst().map { locs($0.1) }
        #expect(children.map(\.count) == [10, 10, 5])
        #expect(children.flatMap { $0 } == entries(25).map(\.url))
    }

    /// A build makes each sitemap file on its own; it must be the file the whole set would hold.
    /// Issue 16: the length a sitemap's split counts for an entry is counted, not made; it is the
    /// length of the line the file then holds, escapes and alternates included.
    @Test func theCountedLineLengthIsTheLengthOfTheLine() {
        let absolute: (String) -> String = { "https://example.org" + $0 }
        let empty = Sitemap.files([], absolute: absolute)[0].1.utf8.count
        let urls = ["https://example.org/", "https://example.org/a&b/<c>/", "https://example.org/it's/\"q\"/", "https://example.org/niño/🙂/", ""]
        let alternateSets: [[(hreflang: String, url: String)]] = [[], [(hreflang: "es", url: "https://example.org/es/")],
                                                                  [(hreflang: "x-default", url: "https://example.org/?a=1&b=2"), (hreflang: "f'r", url: "https://example.org/é<>/")]]
        for url in urls {
            for alternates in alternateSets {
                var entry = Sitemap.Entry(url: url, lastModified: Day(iso: "2031-12-31"))
                entry.alternates = alternates
                let file = Sitemap.files([entry], absolute: absolute)[0].1.utf8.count
                #expect(Sitemap.longestLine(url: url, alternates: alternates) == file - empty, "\(url) \(alternates.count)")
            }
        }
    }

    @Test func eachFileMadeAloneIsTheSameAsInTheWholeSet() {
        for n in [3, 25] {
            // Some pages without a date, and some with versions in another language.
            let entries = entries(n).enumerated().map { i, entry in
                var entry = entry
                if i % 4 == 1 { entry.lastModified = nil }
                if i % 5 == 2 { entry.alternates = [(hreflang: "es", url: entry.url + "es/")] }
                return entry
            }
            let chunks = Sitemap.chunks(entries.map { Sitemap.longestLine(url: $0.url) }, maxURLs: 10)
            let all = Sitemap.files(entries, chunks: chunks, absolute: { "https://example.org" + $0 })
            #expect(all.count == (n == 3 ? 1 : 4))
            for (i, file) in all.enumerated() {
                #expect(Sitemap.file(i, of: entries, chunks: chunks, absolute: { "https://example.org" + $0 }) == file.1, "file \(i) of \(n)")
                // Made from entries handed over one at a time, as a build makes it.
                var streamed: [UInt8] = []
                Sitemap.file(i, chunks: chunks, absolute: { "https://example.org" + $0 }, into: &streamed) { body in entries.forEach(body) }
                #expect(String(decoding: streamed, as: UTF8.self) == file.1, "file \(i) of \(n), streamed")
            }
        }
    }

    @Test func overTheByteLimitTheSitemapSplitsToo() {
        let files = Sitemap.files(entries(40), absolute: { "https://example.org" + $0 }, maxBytes: 1_000)
        #expect(files.count > 2)
        for (path, xml) in files.dropFirst() {
            #expect(xml.utf8.count <= 1_000, "\(path)")
        }
        #expect(files.dropFirst().flatMap { locs($0.1) } == entries(40).map(\.url))
    }

    @Test func lastmodFollowsSourcesAndFragmentUpdatesNotTheBuildDate() throws {
        let angle = Fixtures.read(Fixtures.path("mini/sections/angles/kyphoplasty--medicare.md"))
            .replacingOccurrences(of: "section: angle\n", with: "section: angle\nupdated: 2026-11-27\n")
        for (content, expected) in [(Fixtures.path("mini"), "2026-11-20"), (Fixtures.copy("mini", changing: ["sections/angles/kyphoplasty--medicare.md": angle]), "2026-11-27")] {
            let (site, _) = try ContentLoader.load(from: content)
            let (plan, _) = try Planner.plan(site, buildDate: Day(iso: "2026-11-29")!)
            let renderer = SiteRenderer(plan: plan, theme: try Theme.load(from: Fixtures.defaultTheme))
            let xml = try #require(renderer.sitemapFiles().first?.1)
            #expect(xml.contains("<loc>https://example.org/guides/kyphoplasty/medicare/medical-necessity/</loc><lastmod>\(expected)</lastmod>"))
            #expect(!xml.contains("2026-11-29"))
            // The site at a small limit: an index whose children hold every URL once.
            let split = renderer.sitemapFiles(maxURLs: 4)
            #expect(split.count == 4)
            #expect(split.dropFirst().flatMap { locs($0.1) } == locs(xml))
        }
    }
}
