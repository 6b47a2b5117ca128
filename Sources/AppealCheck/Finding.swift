import AppealModel

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

/// What kind of output page a checked page is.
public enum PageKind: Hashable, Sendable {
    case cell(Int)
    case hub(dimension: Int, entity: Int)
    case home
    case notFound
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
    public var kind: PageKind
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
