import AppealCheck
import Testing

@Suite struct SitemapValidatorTests {
    let urlset = """
    <?xml version="1.0" encoding="UTF-8"?>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>https://example.org/a/</loc><lastmod>2026-11-20</lastmod><changefreq>monthly</changefreq><priority>0.8</priority></url>
    <url><loc>https://example.org/b/?x=1&amp;y=2</loc></url>
    </urlset>
    """

    func problems(_ xml: String) -> [String] { SitemapValidator.validate(xml).problems }

    @Test func aValidUrlsetAndIndexPass() {
        let report = SitemapValidator.validate(urlset)
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.kind == .urlset)
        #expect(report.locs == ["https://example.org/a/", "https://example.org/b/?x=1&y=2"])
        let index = """
        <?xml version="1.0" encoding="UTF-8"?>
        <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <sitemap><loc>https://example.org/sitemap-1.xml</loc><lastmod>2026-11-20</lastmod></sitemap>
        </sitemapindex>
        """
        #expect(SitemapValidator.validate(index).problems.isEmpty)
        #expect(SitemapValidator.validate(index).kind == .index)
    }

    /// Values may be written on their own lines: spaces, tabs, newlines and other Unicode spaces
    /// around them are not part of them.
    @Test func spaceAroundAValueIsNotPartOfIt() {
        let spaced = urlset.replacingOccurrences(of: "<loc>https://example.org/a/</loc>", with: "<loc>\n\t https://example.org/a/\u{A0}\n</loc>")
            .replacingOccurrences(of: "<lastmod>2026-11-20</lastmod>", with: "<lastmod> 2026-11-20\u{2003}</lastmod>")
        let report = SitemapValidator.validate(spaced)
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.locs == ["https://example.org/a/", "https://example.org/b/?x=1&y=2"])
        // Inside a value, a space is a problem.
        #expect(problems(urlset.replacingOccurrences(of: "example.org/a/", with: "example.org/a b/")).contains { $0.contains("is not an absolute http(s) URL") })
    }

    /// A value the parser hands over in pieces (around entities and character references) is
    /// trimmed as a whole: spaces written as references are trimmed too, and a value that starts or
    /// ends with a reference to a visible character is kept as it is.
    @Test func aValueInPiecesIsTrimmedAsAWhole() {
        let pieces = urlset.replacingOccurrences(of: "<loc>https://example.org/a/</loc>", with: "<loc>&#x20;&#104;ttps://example.org/a&#x2F;&#xA0;</loc>")
            .replacingOccurrences(of: "<lastmod>2026-11-20</lastmod>", with: "<lastmod>&#x2003;2026-11-2&#48;</lastmod>")
        let report = SitemapValidator.validate(pieces)
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.locs == ["https://example.org/a/", "https://example.org/b/?x=1&y=2"])
        // Only spaces, written as references: an empty value.
        #expect(problems(urlset.replacingOccurrences(of: "<lastmod>2026-11-20</lastmod>", with: "<lastmod>&#x20;&#xA0;</lastmod>"))
            .contains("<lastmod>  is not a W3C date (YYYY-MM-DD)"))
    }

    @Test(arguments: [
        ("xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"", "xmlns=\"http://example.org/ns\"", "is not in the sitemap namespace"),
        ("<lastmod>2026-11-20</lastmod>", "<lastmod>20 Nov 2026</lastmod>", "<lastmod> 20 Nov 2026 is not a W3C date"),
        ("<priority>0.8</priority>", "<priority>1.5</priority>", "<priority> 1.5 must be a number from 0.0 to 1.0"),
        ("<changefreq>monthly</changefreq>", "<changefreq>sometimes</changefreq>", "<changefreq> sometimes is not one of"),
        ("<loc>https://example.org/a/</loc>", "<loc>/a/</loc>", "<loc> /a/ must be 12 to 2,048 characters long"),
        ("<loc>https://example.org/a/</loc><lastmod>2026-11-20</lastmod>", "<lastmod>2026-11-20</lastmod><loc>https://example.org/a/</loc>", "<loc> must come before <lastmod> in <url>"),
        ("<priority>0.8</priority>", "<priority>0.8</priority><title>A</title>", "<title> is not allowed in <url>"),
        ("<url><loc>https://example.org/b/?x=1&amp;y=2</loc></url>", "<url></url>", "a <url> has no <loc>"),
        ("</urlset>", "", "not well-formed XML"),
    ])
    func schemaViolationsAreFound(original: String, replacement: String, problem: String) {
        let found = problems(urlset.replacingOccurrences(of: original, with: replacement))
        #expect(found.contains { $0.contains(problem) }, "\(found)")
    }

    @Test func moreThan50000URLsIsTooMany() {
        let entries = String(repeating: "<url><loc>https://example.org/p/</loc></url>\n", count: 50_001)
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n\(entries)</urlset>\n"
        #expect(problems(xml).contains("the file lists 50001 URLs; the limit is 50000"))
    }
}

@Suite struct W3CDateTests {
    @Test func datesAndDateTimesInW3CFormat() {
        for good in ["2026", "2026-11", "2026-11-20", "2026-11-20T10:30Z", "2026-11-20T10:30:15+01:00", "2026-11-20T10:30:15.25-05:00"] {
            #expect(SitemapValidator.validate(sitemap(lastmod: good)).problems.isEmpty, "\(good)")
        }
        for bad in ["2026-13-01", "2026-11-20 10:30", "20-11-2026", "2026-11-20T25:00Z", "2026-11-20T10:30", "yesterday"] {
            #expect(!SitemapValidator.validate(sitemap(lastmod: bad)).problems.isEmpty, "\(bad)")
        }
    }

    func sitemap(lastmod: String) -> String {
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>https://example.org/</loc><lastmod>\(lastmod)</lastmod></url></urlset>"
    }
}
