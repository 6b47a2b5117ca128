import AppealBuild
import AppealModel
@testable import AppealScaffold
import AppealTestSupport
import Foundation
import Testing

/// What `new` writes is marked TODO and example.org on purpose: the build must refuse to publish it.
@Suite struct UnfinishedScaffoldTests {
    static let today = Day(iso: "2026-11-29")!

    func create(_ kind: String, _ slug: String, in content: String, section: String? = nil, for selectors: [String] = []) throws {
        let file = try Scaffold.file(for: ScaffoldRequest(kind: kind, slug: slug, name: nil, section: section, selectors: selectors, today: Self.today),
                                     content: content)
        try Scaffold.write(file)
    }

    /// Every diagnostic of a build expected to fail (caught here, so a build that succeeds returns nil).
    func failedBuild(_ content: String, output: String) -> [Diagnostic]? {
        do {
            _ = try SiteBuilder.build(BuildOptions(content: content, theme: Fixtures.defaultTheme, output: output, date: Self.today, check: false))
            return nil
        } catch {
            return error.diagnostics
        }
    }

    /// The line and column of `text` in `file`.
    func position(of text: String, in file: String) -> (line: Int, column: Int)? {
        for (i, line) in Fixtures.read(file).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let r = line.range(of: text) { return (i + 1, line.distance(from: line.startIndex, to: r.lowerBound) + 1) }
        }
        return nil
    }

    @Test func newSectionAndNewPolicyListedOnAPayerFailTheBuildWithLocatedErrors() throws {
        let content = Fixtures.scratch("sample") + "/Content"
        try FileManager.default.copyItem(atPath: Fixtures.repository + "/Content", toPath: content)
        try create("section", "angles/cgm--aetna", in: content, section: "angle", for: ["procedure=cgm", "payer=aetna"])
        try create("policy", "state-external-review", in: content)
        let payer = content + "/payers/aetna.md"
        let listed = Fixtures.read(payer).replacingOccurrences(of: "policies: [", with: "policies: [state-external-review, ")
        #expect(listed != Fixtures.read(payer))
        try listed.write(toFile: payer, atomically: true, encoding: .utf8)

        let output = Fixtures.scratch("out") + "/Public"
        let diagnostics = try #require(failedBuild(content, output: output))
        #expect(!FileManager.default.fileExists(atPath: output))
        let policy = content + "/policies/state-external-review.yaml"
        let errors = diagnostics.filter { $0.severity == .error }
        // The ladder shows on Aetna's hub page, which is always indexable: each TODO and the stand-in source is an error, at the word.
        let deadline = try #require(position(of: "TODO: the deadline to ask", in: policy))
        let todo = try #require(errors.first { $0.location == SourceLocation(file: policy, line: deadline.line, column: deadline.column) })
        #expect(todo.message.hasPrefix("unfinished text `TODO` would reach "))
        #expect(todo.message.contains("/payers/aetna/"))
        let host = try #require(position(of: "www.example.org/TODO", in: policy))
        let source = try #require(errors.first { $0.location == SourceLocation(file: policy, line: host.line, column: host.column) })
        #expect(source.message.hasPrefix("stand-in address `www.example.org` would reach "))
        // The comments of the scaffold say TODO too; comments never reach a page.
        #expect(!errors.contains { $0.location.map { position(of: "#", in: policy)?.line == $0.line && $0.file == policy } == true })

        // The new fragment and the edited payer are unreviewed (`review: required`), so the fragment's six pages are
        // noindex: its TODO is a warning until it is reviewed, or until reviews are optional.
        let fragment = content + "/sections/angles/cgm--aetna.md"
        let line = try #require(position(of: "TODO: write the `angle` text", in: fragment))
        let warning = try #require(diagnostics.first { $0.location == SourceLocation(file: fragment, line: line.line, column: 1) })
        #expect(warning.severity == .warning && warning.message.contains("is on 6 pages built noindex"))

        let site = content + "/site.yaml"
        try Fixtures.read(site).replacingOccurrences(of: "review: required", with: "review: optional").write(toFile: site, atomically: true, encoding: .utf8)
        let optional = try #require(failedBuild(content, output: output))
        let error = try #require(optional.first { $0.location == SourceLocation(file: fragment, line: line.line, column: 1) })
        #expect(error.severity == .error)
        #expect(error.message.hasPrefix("unfinished text `TODO` would reach 6 indexable pages, e.g. /cgm/aetna/"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}
