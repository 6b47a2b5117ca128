import AppealBuild
import AppealModel
import AppealTestSupport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Builds the fixture site with the default theme and reads the pages as a visitor's browser would get them.
@Suite struct EndToEndTests {
    let date = Day(iso: "2026-11-29")!

    func build(_ content: String = Fixtures.path("mini"), into output: String? = nil, date: Day? = nil) throws -> (String, BuildReport) {
        let out = output ?? Fixtures.scratch() + "/Public"
        let report = try SiteBuilder.build(BuildOptions(content: content, theme: Fixtures.defaultTheme, output: out, date: date ?? self.date))
        return (out, report)
    }

    @Test func pagesCarryTheRightFactsLinksAndMeta() throws {
        let (out, report) = try build()
        #expect(report.pages == 6)
        let page = Fixtures.read(out + "/kyphoplasty/medicare/medical-necessity/index.html")
        #expect(page.contains("<title>Kyphoplasty denied as not medically necessary by Medicare?</title>"))
        #expect(page.components(separatedBy: "<h1").count == 2)
        #expect(page.contains("<link rel=\"canonical\" href=\"https://example.org/guides/kyphoplasty/medicare/medical-necessity/\">"))
        // Both ladders that apply to Medicare, each with its own first deadline, from policy data.
        #expect(page.contains("Original Medicare (Parts A and B)"))
        #expect(page.contains("Medicare Advantage (Part C)"))
        #expect(page.contains(">120 days</strong> <span class=\"fact__from\">from receipt of the initial determination</span>"))
        #expect(page.contains(">65 days</strong> <span class=\"fact__from\">from the date on the notice</span>"))
        // The cell article, with placeholders filled from data.
        #expect(page.contains("You have\n120 days for a redetermination, and\n65 days for a Medicare Advantage reconsideration."))
        #expect(page.contains("Use code MEDICARE20 for $20."))
        // The CTA: target, cell parameters, coupon and UTM parameters, percent-encoded, then HTML-escaped in the attribute.
        let cta = "https://app.appealpress.example/start?procedure=kyphoplasty&amp;payer=medicare&amp;reason=medical-necessity&amp;coupon=MEDICARE20"
            + "&amp;utm_source=appealpress&amp;utm_medium=organic&amp;utm_campaign=denial%20appeals&amp;utm_content=kyphoplasty-medicare"
        #expect(page.contains("href=\"\(cta)\""))
        // Criteria, sources, disclaimer, JSON-LD.
        #expect(page.contains("LCD L38201"))
        #expect(page.contains("General information, not legal or medical advice."))
        #expect(page.contains("\"@type\":\"MedicalWebPage\""))
        // The fixture records no reviews: a date typed in a policy (`reviewed: 2026-10-01`) is not a review.
        #expect(!page.contains("lastReviewed") && !page.contains("reviewedBy") && !page.contains("Reviewed by"))
        #expect(!page.contains("Checked against"))
        #expect(page.contains("\"@type\":\"BreadcrumbList\""))
        #expect(page.contains("content=\"index,follow\""))
        // Related pages: same procedure and reason with the other payer.
        #expect(page.contains("href=\"/guides/kyphoplasty/aetna/medical-necessity/\""))
    }

    @Test func utmParametersNeverReachCanonicalsOrInternalLinks() throws {
        let (out, _) = try build()
        let page = Fixtures.read(out + "/kyphoplasty/medicare/medical-necessity/index.html")
        let hrefs = page.matches(of: /href="([^"]*)"/).map { String($0.1) }
        let internalLinks = hrefs.filter { !$0.hasPrefix("https://app.appealpress.example/") }
        #expect(!internalLinks.isEmpty)
        #expect(!internalLinks.contains { $0.contains("utm_") })
        #expect(hrefs.contains { $0.contains("utm_source") })
    }

    @Test func thinPagesAreNoindexAndLeftOutOfTheSitemap() throws {
        let (out, _) = try build()
        let thin = Fixtures.read(out + "/kyphoplasty/aetna/medical-necessity/index.html")
        #expect(thin.contains("content=\"noindex,follow\""))
        let sitemap = Fixtures.read(out + "/sitemap.xml")
        #expect(!sitemap.contains("/kyphoplasty/aetna/"))
        #expect(sitemap.contains("<loc>https://example.org/guides/kyphoplasty/medicare/medical-necessity/</loc><lastmod>2026-11-20</lastmod>"))
    }

    @Test func sitemapIsWellFormedSitemapsXML() throws {
        let (out, _) = try build()
        let data = try #require(FileManager.default.contents(atPath: out + "/sitemap.xml"))
        let collector = LocCollector()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        #expect(parser.parse())
        #expect(collector.root == "urlset")
        #expect(collector.namespace == "http://www.sitemaps.org/schemas/sitemap/0.9")
        // Home + 6 hubs + 3 dimension indexes + the 2 pages that are not thin (the guided hubs of
        // the fixture have no text of their own, so they are noindex).
        #expect(collector.locs.count == 12)
        #expect(collector.locs.allSatisfy { $0.hasPrefix("https://example.org/guides/") })
        #expect(Fixtures.read(out + "/robots.txt").contains("Sitemap: https://example.org/guides/sitemap.xml"))
    }

    @Test func siteLevelFilesExist() throws {
        let (out, _) = try build()
        for file in ["index.html", "404.html", "robots.txt", "sitemap.xml", "assets/style.css", "payers/medicare/index.html",
                     "procedures/kyphoplasty/index.html", "reasons/experimental/index.html"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
        }
        let hub = Fixtures.read(out + "/payers/medicare/index.html")
        #expect(hub.contains("Medicare is the federal program"))
        #expect(hub.contains("href=\"/guides/kyphoplasty/medicare/medical-necessity/\""))
        #expect(Fixtures.read(out + "/404.html").contains("noindex"))
    }

    @Test func sameInputsAndDateGiveByteIdenticalOutput() throws {
        let (a, _) = try build()
        let (b, _) = try build()
        let files = try FileManager.default.subpathsOfDirectory(atPath: a).sorted()
        #expect(files == (try FileManager.default.subpathsOfDirectory(atPath: b).sorted()))
        for file in files {
            #expect(FileManager.default.contents(atPath: a + "/" + file) == FileManager.default.contents(atPath: b + "/" + file), "\(file)")
        }
    }

    @Test func aRebuildWithNoChangesRewritesNothing() throws {
        let (out, first) = try build()
        #expect(first.unchanged == 0)
        let (_, second) = try build(into: out)
        #expect(second.written == 0)
        #expect(second.unchanged == first.written)
        #expect(second.removed == 0)
    }

    @Test func aNoOpBuildTouchesNothingButRestoresMissingFiles() throws {
        let (out, first) = try build()
        let inode = { (try FileManager.default.attributesOfItem(atPath: out)[.systemFileNumber] as? NSNumber)?.intValue }
        let before = try inode()
        let second = try build(into: out).1
        #expect(second.written == 0 && second.unchanged == first.files)
        #expect(try inode() == before)  // not even swapped
        // A file saved again with the same bytes: read and planned, but still nothing to write.
        let content = Fixtures.copy("mini")
        let (copyOut, _) = try build(content)
        let lede = content + "/sections/lede.md"
        try Fixtures.read(lede).write(toFile: lede, atomically: true, encoding: .utf8)
        #expect(try build(content, into: copyOut).1.written == 0)
        // A file deleted by hand means the output is not what the last build left: build again.
        try FileManager.default.removeItem(atPath: out + "/robots.txt")
        let third = try build(into: out).1
        #expect(FileManager.default.fileExists(atPath: out + "/robots.txt"))
        // robots.txt, and the two change lists (nothing changed since the build they described).
        #expect(third.written == 3)
        #expect(third.changes.changed.isEmpty && third.changes.added.isEmpty && Fixtures.read(out + "/appealpress-changes.txt").isEmpty)
    }

    @Test func editingOneFragmentRewritesExactlyThePagesThatUseIt() throws {
        let content = Fixtures.copy("mini")
        let (out, _) = try build(content)
        let before = try FileManager.default.subpathsOfDirectory(atPath: out).filter { $0.hasSuffix(".html") }
            .reduce(into: [String: Data]()) { $0[$1] = FileManager.default.contents(atPath: out + "/" + $1) }
        let fragment = content + "/sections/checklist-medicare.md"
        try (Fixtures.read(fragment) + "- A copy of the plan's coverage policy\n").write(toFile: fragment, atomically: true, encoding: .utf8)
        let (_, report) = try build(content, into: out)
        // The 3 pages, and what lists them: the ledger, the two change lists and the sitemap
        // (two of the pages are indexable, and their lastmod moves).
        #expect(report.written == 3 + 4)
        #expect(report.changes.changed == ["/kyphoplasty/medicare/experimental/", "/kyphoplasty/medicare/medical-necessity/",
                                           "/lumbar-mri/medicare/medical-necessity/"])
        let changed = before.keys.filter { FileManager.default.contents(atPath: out + "/" + $0) != before[$0] }.sorted()
        #expect(changed == ["kyphoplasty/medicare/experimental/index.html", "kyphoplasty/medicare/medical-necessity/index.html",
                            "lumbar-mri/medicare/medical-necessity/index.html"])
        #expect(Fixtures.read(out + "/lumbar-mri/medicare/medical-necessity/index.html").contains("A copy of the plan’s coverage policy"))
    }

    @Test func relatedLinksFollowPagesThatAppearElsewhere() throws {
        // With thin pages skipped, a new article for kyphoplasty × aetna creates pages that the
        // Medicare pages must now link to, though none of their own inputs changed.
        let site = Fixtures.read(Fixtures.path("mini/site.yaml")).replacingOccurrences(of: "thin_pages: noindex", with: "thin_pages: skip")
        let content = Fixtures.copy("mini", changing: ["site.yaml": site])
        let (out, _) = try build(content)
        let page = out + "/kyphoplasty/medicare/medical-necessity/index.html"
        #expect(!Fixtures.read(page).contains("/guides/kyphoplasty/aetna/medical-necessity/"))
        try "---\nsection: angle\nfor: { procedure: kyphoplasty, payer: aetna }\n---\nAetna article.\n"
            .write(toFile: content + "/sections/angles/kyphoplasty--aetna.md", atomically: true, encoding: .utf8)
        _ = try build(content, into: out)
        #expect(Fixtures.read(page).contains("/guides/kyphoplasty/aetna/medical-necessity/"))
    }

    @Test func aThemeChangeRendersEveryPageAgain() throws {
        let (out, first) = try build()
        let theme = Fixtures.scratch("theme") + "/theme"
        try FileManager.default.copyItem(atPath: Fixtures.defaultTheme, toPath: theme)
        let page = theme + "/templates/page.mustache"
        try Fixtures.read(page).replacingOccurrences(of: "<main", with: "<!-- edited -->\n<main").write(toFile: page, atomically: true, encoding: .utf8)
        let report = try SiteBuilder.build(BuildOptions(content: Fixtures.path("mini"), theme: theme, output: out, date: date))
        // Every page, and the ledger, change lists and sitemap that record the change.
        #expect(report.written == first.pages + 4)
        #expect(Fixtures.read(out + "/kyphoplasty/aetna/experimental/index.html").contains("<!-- edited -->"))
    }

    @Test func aBuildWithErrorsWritesNothing() throws {
        let (out, _) = try build()
        let before = try FileManager.default.subpathsOfDirectory(atPath: out).sorted()
        let broken = Fixtures.copy("mini", changing: ["sections/lede.md": "---\nsection: lede\n---\n{{ payer.nmae }}\n"])
        #expect(throws: DiagnosticError.self) { _ = try build(broken, into: out) }
        #expect(try FileManager.default.subpathsOfDirectory(atPath: out).sorted() == before)
        let parent = (out as NSString).deletingLastPathComponent
        // Beside the output: its lock, and the page summaries the first build kept for the next.
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).sorted() == [".Public.checks", ".Public.lock", "Public"])
    }

    @Test func dataValuesCannotBecomeMarkup() throws {
        let hostile = "Aetna</title><script>alert(1)</script>"
        let content = Fixtures.copy("mini", changing: ["payers/aetna.md": "---\nname: \"\(hostile)\"\npolicies: [employer-erisa]\n---\n"])
        let (out, _) = try build(content)
        let page = Fixtures.read(out + "/kyphoplasty/aetna/medical-necessity/index.html")
        #expect(!page.contains("<script>alert(1)"))
        #expect(page.contains("Aetna&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"))
        // Inside JSON-LD the value is escaped for <script>, so it cannot close the element.
        let jsonLd = try #require(page.firstMatch(of: /<script type="application\/ld\+json">(.*?)<\/script>/)?.1)
        #expect(jsonLd.contains("Aetna\\u003c/title\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"))
    }

    @Test func aFourthDimensionBuildsWithoutCodeChanges() throws {
        let (out, report) = try build(Fixtures.path("four-dimensions"))
        #expect(report.pages == 12)
        let page = Fixtures.read(out + "/kyphoplasty/medicare/medical-necessity/texas/index.html")
        #expect(page.contains("In Texas (TX), Medicare denials of kyphoplasty can be appealed."))
        #expect(FileManager.default.fileExists(atPath: out + "/states/ohio/index.html"))
    }

    @Test func buildDateComesFromFlagThenEnvironment() throws {
        #expect(try SiteBuilder.buildDate(flag: "2026-11-29").description == "2026-11-29")
        #expect(try SiteBuilder.buildDate(flag: nil, environment: ["SOURCE_DATE_EPOCH": "1764374400"]).description == "2025-11-29")
        #expect(try SiteBuilder.buildDate(flag: nil, environment: [:], now: Date(timeIntervalSince1970: 0)).description == "1970-01-01")
        #expect(throws: DiagnosticError.self) { try SiteBuilder.buildDate(flag: "29/11/2026") }
        #expect(throws: DiagnosticError.self) { try SiteBuilder.buildDate(flag: nil, environment: ["SOURCE_DATE_EPOCH": "soon"]) }
        #expect(throws: DiagnosticError.self) { try SiteBuilder.buildDate(flag: nil, environment: ["SOURCE_DATE_EPOCH": "-9223372036854775808"]) }
    }
}

final class LocCollector: NSObject, XMLParserDelegate {
    var root: String?
    var namespace: String?
    var locs: [String] = []
    private var inLoc = false

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if root == nil { root = name; namespace = attributes["xmlns"] }
        inLoc = name == "loc"
        if inLoc { locs.append("") }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inLoc { locs[locs.count - 1] += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        inLoc = false
    }
}
