import AppealCheck
import AppealModel
import Foundation

extension SiteBuilder {
    /// The diagnostics with the source line each points at, read from disk (each file once) just
    /// before they are printed. A file that cannot be read, or a location without a line, gets none.
    public static func withExcerpts(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var files = SourceTexts()
        return diagnostics.map { files.excerpted($0) }
    }

    /// The result with an excerpt on every finding that points at a line.
    public static func withExcerpts(_ result: CheckResult) -> CheckResult {
        var files = SourceTexts()
        var result = result
        for i in result.findings.indices { result.findings[i].diagnostic = files.excerpted(result.findings[i].diagnostic) }
        return result
    }
}

/// File texts read for excerpts, by path, each split into lines once: a file with 20,000 unknown
/// keys gets 20,000 excerpts without being scanned 20,000 times.
struct SourceTexts {
    /// Excerpts past this many in one report are left out; the locations still say where.
    static let limit = 1_000
    private var lines: [String: [ArraySlice<UInt8>]?] = [:]
    private var made = 0

    mutating func excerpted(_ diagnostic: Diagnostic) -> Diagnostic {
        guard diagnostic.excerpt == nil, made < Self.limit, let location = diagnostic.location, location.line > 0 else { return diagnostic }
        if lines[location.file] == nil {
            // By bytes: a Windows line end is one Character, which a split on "\n" would not see.
            lines[location.file] = .some(FileManager.default.contents(atPath: location.file).map { data in
                [UInt8](data).split(separator: 0x0A, omittingEmptySubsequences: false)
            })
        }
        guard case let fileLines?? = lines[location.file], location.line <= fileLines.count else { return diagnostic }
        made += 1
        var copy = diagnostic
        copy.excerpt = SourceExcerpt.at(location, in: String(decoding: fileLines[location.line - 1], as: UTF8.self), lineNumber: location.line)
        return copy
    }
}
