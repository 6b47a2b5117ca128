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

/// File texts read for excerpts, by path.
struct SourceTexts {
    private var texts: [String: String?] = [:]

    mutating func excerpted(_ diagnostic: Diagnostic) -> Diagnostic {
        guard diagnostic.excerpt == nil, let location = diagnostic.location, location.line > 0 else { return diagnostic }
        if texts[location.file] == nil {
            texts[location.file] = .some(FileManager.default.contents(atPath: location.file).map { String(decoding: $0, as: UTF8.self) })
        }
        guard case let text?? = texts[location.file] else { return diagnostic }
        return diagnostic.withExcerpt(from: text)
    }
}
