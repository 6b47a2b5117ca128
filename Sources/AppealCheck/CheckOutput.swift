import AppealModel
import Foundation

extension CheckResult {
    /// The warnings of loading and planning (the validation every command does) as findings.
    public static func findings(validation: [Diagnostic]) -> [Finding] { validation.map { Finding(.content, $0) } }

    /// Findings grouped by category, each group headed with its counts, then a summary line:
    ///
    ///     Facts — 1 error
    ///     Content/sections/lede.md:7:31: error: “60 days” contradicts the policy data on …
    ///         hint: write `{{ policies.original-medicare.levels.1.deadline_days }} days` instead, …
    public func text(strict: Bool = false) -> String {
        var out = ""
        for category in CheckCategory.allCases {
            let group = findings.filter { $0.category == category }
            guard !group.isEmpty else { continue }
            // Under --strict every finding prints as an error, and the header counts what it prints.
            let errors = strict ? group.count : group.filter { $0.severity == .error }.count
            out += "\n\(category.title) — " + Self.counts(errors: errors, warnings: group.count - errors) + "\n"
            for f in group {
                var d = f.diagnostic
                if strict { d.severity = .error }
                out += d.description + "\n"
            }
        }
        return out
    }

    /// "1 error, 3 warnings".
    public static func counts(errors: Int, warnings: Int) -> String {
        "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }

    /// One line: what was checked, how long it took, and what was found.
    public var summary: String { summary(strict: false) }

    /// The summary line; under `--strict` warnings count as the errors they are printed as.
    public func summary(strict: Bool) -> String {
        let cells = pages.filter { if case .cell = $0.kind { true } else { false } }.count
        let seconds = String(format: "%.2f", self.seconds)
        return "Checked \(cells) pages and \(pages.count - cells) other pages, \(sitemapURLs) sitemap URLs in \(sitemapFiles) file\(sitemapFiles == 1 ? "" : "s") "
            + "in \(seconds) s: " + (strict ? Self.counts(errors: findings.count, warnings: 0) : Self.counts(errors: errorCount, warnings: warningCount))
    }

    /// A finding: the diagnostic's keys (see `Diagnostic: Encodable`) plus its category and pages.
    struct JSONFinding: Encodable {
        var category: String
        var diagnostic: Diagnostic
        var pages: Int
        var examples: [String]

        enum Keys: String, CodingKey { case category, pages, examples }

        func encode(to encoder: any Encoder) throws {
            try diagnostic.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(category, forKey: .category)
            try c.encode(pages, forKey: .pages)
            try c.encode(examples, forKey: .examples)
        }
    }

    struct JSONPair: Encodable {
        var a: String
        var b: String
        var similarity: Double
    }

    struct JSONCheck: Encodable {
        var pages: Int
        var errors: Int
        var warnings: Int
        var seconds: Double
        var sitemapFiles: Int
        var sitemapURLs: Int
        var findings: [JSONFinding]
        var nearDuplicates: [JSONPair]
    }

    /// Findings as JSON objects `{ category, severity, file, line, column, message, hint, pages, examples }`.
    var jsonFindings: [JSONFinding] {
        findings.map { JSONFinding(category: $0.category.rawValue, diagnostic: $0.diagnostic, pages: $0.pageCount, examples: $0.examples) }
    }

    /// The whole result as JSON, for scripts.
    public func json() -> String {
        let value = JSONCheck(pages: pages.count, errors: errorCount, warnings: warningCount, seconds: (seconds * 1000).rounded() / 1000,
                              sitemapFiles: sitemapFiles, sitemapURLs: sitemapURLs, findings: jsonFindings,
                              nearDuplicates: duplicatePairs.map { JSONPair(a: pages[$0.a].path, b: pages[$0.b].path, similarity: $0.similarity) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self) + "\n"
    }
}
