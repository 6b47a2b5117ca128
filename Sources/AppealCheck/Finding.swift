import AppealModel
import AppealRender

/// The groups `check` prints its findings in, in this order.
public enum CheckCategory: String, CaseIterable, Sendable, Codable {
    case content, reviews, facts, links, seo, validity, duplicates, freshness, unused

    public var title: String {
        switch self {
        case .content: return "Content"
        case .reviews: return "Reviews"
        case .facts: return "Facts"
        case .links: return "Links"
        case .seo: return "SEO"
        case .validity: return "HTML and sitemaps"
        case .duplicates: return "Near-duplicate and thin pages"
        case .freshness: return "Review dates and offers"
        case .unused: return "Unused content"
        }
    }
}

/// One problem `check` found: a diagnostic that points at the source file to change, plus the pages
/// that show it.
public struct Finding: Sendable {
    public var category: CheckCategory
    public var diagnostic: Diagnostic
    /// How many pages show the problem (0 when it is not about pages).
    public var pageCount: Int
    /// Site paths of a few of those pages.
    public var examples: [String]
    /// Indices into `CheckResult.pages` of every page concerned.
    public var pages: [Int]

    public init(_ category: CheckCategory, _ diagnostic: Diagnostic, pages: [Int] = [], examples: [String] = []) {
        self.category = category
        self.diagnostic = diagnostic
        self.pages = pages
        self.pageCount = pages.count
        self.examples = examples
    }

    public var severity: Diagnostic.Severity { diagnostic.severity }
}

/// Kept in a build's manifest, so a build with nothing to do reports what the build that made the
/// output found: everything but the page indices, which only a report of the same run needs.
extension Finding: Codable {
    enum Keys: String, CodingKey { case category, diagnostic, pageCount, examples }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(try c.decode(CheckCategory.self, forKey: .category), try c.decode(Diagnostic.self, forKey: .diagnostic),
                  examples: try c.decode([String].self, forKey: .examples))
        pageCount = try c.decode(Int.self, forKey: .pageCount)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(category, forKey: .category)
        try c.encode(diagnostic, forKey: .diagnostic)
        try c.encode(pageCount, forKey: .pageCount)
        try c.encode(examples, forKey: .examples)
    }
}


/// Per-page marks the report's heat map shows.
public struct PageFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let error = PageFlags(rawValue: 1)
    public static let warning = PageFlags(rawValue: 2)
    public static let nearDuplicate = PageFlags(rawValue: 4)
    public static let thinContent = PageFlags(rawValue: 8)
}

/// One checked page.
public struct CheckedPage: Sendable {
    /// Always a page kind (`OutputKind.isPage`).
    public var kind: OutputKind
    /// Site path: `/kyphoplasty/medicare/medical-necessity/`, `/`, `/404.html`.
    public var path: String
    public var indexable: Bool
    public var flags: PageFlags = []
    /// Words of main content, and an estimate of how many of them its most similar page lacks.
    public var words = 0
    public var uniqueWords: Int?
}

/// Two pages whose main content is nearly the same.
public struct DuplicatePair: Sendable, Hashable {
    public var a: Int
    public var b: Int
    public var similarity: Double
}

/// Pages joined by near-duplicate pairs.
public struct DuplicateCluster: Sendable {
    public var pages: [Int]
    public var maxSimilarity: Double
    public var source: SourceLocation?
}

/// Everything one run of the checks found.
public struct CheckResult: Sendable {
    public var findings: [Finding]
    public var pages: [CheckedPage]
    public var duplicatePairs: [DuplicatePair]
    public var clusters: [DuplicateCluster]
    public var sitemapFiles: Int
    public var sitemapURLs: Int
    public var seconds: Double
    /// Pages checked from what the last build kept of them (their bytes unchanged), not read again.
    public var pagesFromSummaries = 0
    /// Of those, pages whose links were counted from the summary, not checked again (the site had
    /// the same pages and files as the build that kept it).
    public var linksFromSummaries = 0
    /// Of those, pages `check` took without even rendering them: their inputs are the ones the
    /// last build had, so their bytes are the ones it wrote.
    public var pagesNotRendered = 0

    /// Sorts the findings (by category, errors first, then by file and position) and marks each
    /// page with the worst of its findings.
    public init(findings: [Finding], pages: [CheckedPage], duplicatePairs: [DuplicatePair] = [], clusters: [DuplicateCluster] = [],
                sitemapFiles: Int = 0, sitemapURLs: Int = 0, seconds: Double = 0) {
        func key(_ f: Finding) -> (Int, Int, SourceLocation, String) {
            (CheckCategory.allCases.firstIndex(of: f.category)!, f.severity == .error ? 0 : 1, f.diagnostic.location ?? SourceLocation(file: ""),
             f.diagnostic.message)
        }
        self.findings = findings.sorted { a, b in
            let ka = key(a), kb = key(b)
            return ka.0 != kb.0 ? ka.0 < kb.0 : ka.1 != kb.1 ? ka.1 < kb.1 : ka.2 != kb.2 ? ka.2 < kb.2 : ka.3 < kb.3
        }
        var pages = pages
        for f in self.findings {
            for p in f.pages where p < pages.count { pages[p].flags.insert(f.severity == .error ? .error : .warning) }
        }
        self.pages = pages
        self.duplicatePairs = duplicatePairs
        self.clusters = clusters
        self.sitemapFiles = sitemapFiles
        self.sitemapURLs = sitemapURLs
        self.seconds = seconds
    }

    public var diagnostics: [Diagnostic] { findings.map(\.diagnostic) }
    public var errorCount: Int { findings.filter { $0.severity == .error }.count }
    public var warningCount: Int { findings.filter { $0.severity == .warning }.count }

    /// True when the run should fail: any error, or with `strict` any finding at all.
    public func fails(strict: Bool) -> Bool { strict ? !findings.isEmpty : errorCount > 0 }

    /// The same findings with every error turned into a warning (what `build` prints without `--strict`).
    public func downgraded() -> CheckResult {
        var copy = self
        copy.findings = findings.map { f in
            var f = f
            f.diagnostic.severity = .warning
            return f
        }
        return copy
    }
}
