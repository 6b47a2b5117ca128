import AppealModel

/// sitemaps.org files: one `sitemap.xml` up to 50,000 URLs and 50 MB, else an index of numbered children.
public enum Sitemap {
    public struct Entry: Sendable {
        public var url: String
        public var lastModified: Day?
        public init(url: String, lastModified: Day?) {
            self.url = url
            self.lastModified = lastModified
        }
    }

    public static let maxURLs = 50_000
    public static let maxBytes = 50 * 1024 * 1024

    /// Files to write, as (site path, contents). `absolute` maps a site path to its absolute URL.
    public static func files(_ entries: [Entry], absolute: (String) -> String, maxURLs: Int = maxURLs,
                             maxBytes: Int = maxBytes) -> [(String, String)] {
        var chunks: [[String]] = [[]]
        var newest: [Day?] = [nil]
        var size = 0
        let header = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        let footer = "</urlset>\n"
        for entry in entries {
            var line = "<url><loc>\(Escape.xml(entry.url))</loc>"
            if let day = entry.lastModified { line += "<lastmod>\(day)</lastmod>" }
            line += "</url>\n"
            let full = chunks[chunks.count - 1].count >= maxURLs
                || size + line.utf8.count + header.utf8.count + footer.utf8.count > maxBytes
            if full && !chunks[chunks.count - 1].isEmpty {
                chunks.append([])
                newest.append(nil)
                size = 0
            }
            chunks[chunks.count - 1].append(line)
            if let day = entry.lastModified { newest[newest.count - 1] = max(newest[newest.count - 1] ?? day, day) }
            size += line.utf8.count
        }
        let documents = chunks.map { header + $0.joined() + footer }
        if documents.count == 1 { return [("/sitemap.xml", documents[0])] }
        var files = documents.enumerated().map { ("/sitemap-\($0.offset + 1).xml", $0.element) }
        // Each child's lastmod is the newest of its pages, so crawlers can skip unchanged children.
        let index = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
            + files.enumerated().map { i, file in
                "<sitemap><loc>\(Escape.xml(absolute(file.0)))</loc>" + (newest[i].map { "<lastmod>\($0)</lastmod>" } ?? "") + "</sitemap>\n"
            }.joined() + "</sitemapindex>\n"
        files.insert(("/sitemap.xml", index), at: 0)
        return files
    }
}
