import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Validates sitemap files against the sitemaps.org 0.9 schemas (sitemap.xsd and siteindex.xsd) and the
/// protocol's limits, without a network or an XSD engine: the schemas are small, so their rules are
/// written out here.
///
/// - `urlset` holds one or more `url`; each has `loc` (an absolute URL of 12 to 2,048 characters),
///   then optionally `lastmod` (a W3C date or date-time), `changefreq` (always … never) and
///   `priority` (0.0 to 1.0), in that order, and nothing else from the sitemap namespace.
/// - `sitemapindex` holds one or more `sitemap`, each with `loc` and an optional `lastmod`.
/// - A file holds at most 50,000 URLs and 50 MB (52,428,800 bytes) uncompressed.
public enum SitemapValidator {
    public static let namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
    public static let maxURLs = 50_000
    public static let maxBytes = 50 * 1024 * 1024

    public struct Report: Sendable {
        public enum Kind: Sendable { case urlset, index, unknown }
        public var kind: Kind = .unknown
        public var locs: [String] = []
        public var problems: [String] = []
    }

    public static func validate(_ xml: String) -> Report {
        let data = Data(xml.utf8)
        let delegate = Delegate()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.delegate = delegate
        // On Linux `parse()` can return true and still set `parserError`, so both are checked.
        if !parser.parse() || parser.parserError != nil {
            let error = parser.parserError.map { "error \(($0 as NSError).code)" } ?? "unknown error"
            delegate.report.problems.append("not well-formed XML at line \(parser.lineNumber), column \(parser.columnNumber): \(error)")
        }
        var report = delegate.report
        if data.count > maxBytes { report.problems.append("the file is \(data.count) bytes; the limit is \(maxBytes) (50 MB)") }
        if report.locs.count > maxURLs { report.problems.append("the file lists \(report.locs.count) URLs; the limit is \(maxURLs)") }
        if report.kind != .unknown && report.locs.isEmpty {
            report.problems.append(report.kind == .index ? "a sitemap index needs at least one <sitemap>" : "a <urlset> needs at least one <url>")
        }
        return report
    }

    static let frequencies: Set<String> = ["always", "hourly", "daily", "weekly", "monthly", "yearly", "never"]

    /// W3C date or date-time: YYYY, YYYY-MM, YYYY-MM-DD, or a date with Thh:mm[:ss[.s]] and a zone (Z or ±hh:mm).
    static func isW3CDate(_ text: String) -> Bool {
        let c = Array(text.utf8)
        func digits(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= c.count else { return nil }
            var n = 0
            for k in from..<(from + count) {
                guard c[k] >= 0x30 && c[k] <= 0x39 else { return nil }
                n = n * 10 + Int(c[k] - 0x30)
            }
            return n
        }
        func at(_ k: Int, _ ch: Character) -> Bool { k < c.count && c[k] == ch.asciiValue! }
        guard digits(0, 4) != nil else { return false }
        if c.count == 4 { return true }
        guard at(4, "-"), let month = digits(5, 2), (1...12).contains(month) else { return false }
        if c.count == 7 { return true }
        guard at(7, "-"), let day = digits(8, 2), (1...31).contains(day) else { return false }
        if c.count == 10 { return true }
        guard at(10, "T"), let h = digits(11, 2), h < 24, at(13, ":"), let m = digits(14, 2), m < 60 else { return false }
        var k = 16
        if at(k, ":") {
            guard let s = digits(k + 1, 2), s < 60 else { return false }
            k += 3
            if at(k, ".") {
                k += 1
                let start = k
                while k < c.count, c[k] >= 0x30 && c[k] <= 0x39 { k += 1 }
                guard k > start else { return false }
            }
        }
        if at(k, "Z") { return k + 1 == c.count }
        guard at(k, "+") || at(k, "-"), let zh = digits(k + 1, 2), zh < 24, at(k + 3, ":"), let zm = digits(k + 4, 2), zm < 60 else { return false }
        return k + 6 == c.count
    }

    final class Delegate: NSObject, XMLParserDelegate {
        var report = Report()
        var stack: [String] = []
        var text = ""
        /// Children seen so far in the current `url` / `sitemap`, to check order and repeats.
        var children: [String] = []

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            defer { stack.append(name); text = "" }
            let ours = namespaceURI == SitemapValidator.namespace
            if stack.isEmpty {
                guard ours else {
                    report.problems.append("the root element <\(qualifiedName ?? name)> is not in the sitemap namespace \(SitemapValidator.namespace)")
                    return
                }
                switch name {
                case "urlset": report.kind = .urlset
                case "sitemapindex": report.kind = .index
                default: report.problems.append("the root element must be <urlset> or <sitemapindex>, found <\(name)>")
                }
                return
            }
            guard ours else { return }  // Extensions in other namespaces (images, news, …) are allowed.
            let parent = stack.last!
            switch (parent, name) {
            case ("urlset", "url"), ("sitemapindex", "sitemap"):
                children = []
            case ("url", _), ("sitemap", _):
                let allowed = parent == "url" ? ["loc", "lastmod", "changefreq", "priority"] : ["loc", "lastmod"]
                guard let position = allowed.firstIndex(of: name) else {
                    report.problems.append("<\(name)> is not allowed in <\(parent)>")
                    return
                }
                if children.contains(name) { report.problems.append("<\(parent)> has more than one <\(name)>") }
                if let last = children.last, let lastPosition = allowed.firstIndex(of: last), lastPosition > position {
                    report.problems.append("<\(name)> must come before <\(last)> in <\(parent)>")
                }
                children.append(name)
            default:
                report.problems.append("<\(name)> is not allowed in <\(parent)>")
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
            // Most values start and end with a visible ASCII character: nothing to trim, and no Foundation call.
            let value: String
            if let first = text.utf8.first, let last = text.utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
                value = text
            } else {
                value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            text = ""
            guard namespaceURI == SitemapValidator.namespace else { return }
            switch name {
            case "url", "sitemap":
                if !children.contains("loc") { report.problems.append("a <\(name)> has no <loc>") }
            case "loc":
                report.locs.append(value)
                let lower = value.lowercased()
                if value.count < 12 || value.count > 2048 { report.problems.append("<loc> \(value) must be 12 to 2,048 characters long") }
                if !(lower.hasPrefix("http://") || lower.hasPrefix("https://")) || value.contains(" ") {
                    report.problems.append("<loc> \(value) is not an absolute http(s) URL")
                }
            case "lastmod":
                if !SitemapValidator.isW3CDate(value) { report.problems.append("<lastmod> \(value) is not a W3C date (YYYY-MM-DD)") }
            case "changefreq":
                if !SitemapValidator.frequencies.contains(value) { report.problems.append("<changefreq> \(value) is not one of always … never") }
            case "priority":
                if let p = Double(value), p >= 0, p <= 1, value.wholeMatch(of: /\d?\.?\d+|\d+\.?/) != nil {} else {
                    report.problems.append("<priority> \(value) must be a number from 0.0 to 1.0")
                }
            default: break
            }
        }
    }
}
