import AppealBuild
import AppealModel
import AppealTestSupport
import AppealWrite
import Foundation
import Testing

/// Issue 16 (fourth pass): what a build reads of the last one before it knows whether it needs all
/// of it (the record's findings), and what it now does on two threads (the summaries beside the
/// writer, the record beside the manifest's paths), behaves as when it was read whole, in order.
@Suite struct SerialStretchesTests {
    static func miniSite() -> (content: String, options: BuildOptions) {
        let content = Fixtures.copy("mini")
        return (content, BuildOptions(content: content, theme: Fixtures.defaultTheme, output: Fixtures.scratch() + "/Public", date: Day(iso: "2026-11-29")!))
    }

    static func manifest(_ output: String) throws -> OutputManifest { try #require(OutputManifest.read(folder: output)) }

    static func write(_ manifest: OutputManifest, to output: String) throws {
        try Data(manifest.encoded()).write(to: URL(fileURLWithPath: output + "/" + OutputManifest.fileName))
    }

    /// A record whose counts read but whose findings do not is no record: the next build renders
    /// and writes the record anew, as when the record was decoded whole up front.
    @Test(arguments: [false, true])
    func aRecordWithDamagedFindingsIsNoRecord(_ touchInput: Bool) throws {
        let (content, options) = Self.miniSite()
        let first = try SiteBuilder.build(options)
        #expect(first.committed)
        let good = try Self.manifest(options.output)
        let text = String(decoding: good.record, as: UTF8.self)
        #expect(text.hasPrefix(#"{"contentFindings":["#))
        let damaged = text.replacingOccurrences(of: #"{"contentFindings":["#, with: #"{"contentFindings":"not a list","was":["#)
        try Self.write(OutputManifest(files: good.files, record: Data(damaged.utf8)), to: options.output)
        // Touched but not changed: the stamp differs, the inputs' fingerprint does not.
        if touchInput {
            let file = content + "/site.yaml"
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: file)
        }
        let second = try SiteBuilder.build(options)
        #expect(second.committed)
        #expect(second.rendered != BuildReport.Rendered(), "rendered again, not taken as a build that changed nothing")
        let rewritten = try Self.manifest(options.output)
        #expect(String(decoding: rewritten.record, as: UTF8.self).hasPrefix(#"{"contentFindings":["#))
        #expect(rewritten.files.keys.sorted() == good.files.keys.sorted())
        #expect(second.check.findings.map(\.diagnostic.message).sorted() == first.check.findings.map(\.diagnostic.message).sorted())
        // And with a whole record again, nothing changed is a build that renders nothing.
        let third = try SiteBuilder.build(options)
        #expect(third.rendered == BuildReport.Rendered())
        #expect(third.check.findings.map(\.diagnostic.message).sorted() == first.check.findings.map(\.diagnostic.message).sorted())
    }

    /// The summaries file is started on another thread while the writer opens the output: when
    /// the writer refuses the output, no temporary summaries file is left beside it.
    @Test func aRefusedOutputLeavesNoSummariesBehind() throws {
        let (_, options) = Self.miniSite()
        try FileManager.default.createDirectory(atPath: options.output, withIntermediateDirectories: true)
        try "mine".write(toFile: options.output + "/notes.txt", atomically: true, encoding: .utf8)
        #expect(throws: DiagnosticError.self) { _ = try SiteBuilder.build(options) }
        let parent = (options.output as NSString).deletingLastPathComponent
        let left = try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0.hasPrefix(".Public.checks") }
        #expect(left.isEmpty, "\(left)")
        #expect(Fixtures.read(options.output + "/notes.txt") == "mine")
    }

    /// The manifest a build commits (record encoded on another thread) is the one `encoded()` makes
    /// of the files and the record, and a rebuild with an edit keeps every file listed.
    @Test func theCommittedManifestIsTheEncodedOne() throws {
        let (content, options) = Self.miniSite()
        _ = try SiteBuilder.build(options)
        let file = content + "/sections/checklist-medicare.md"
        try (Fixtures.read(file) + "\nOne more line.\n").write(toFile: file, atomically: true, encoding: .utf8)
        _ = try SiteBuilder.build(options)
        let bytes = [UInt8](try #require(FileManager.default.contents(atPath: options.output + "/" + OutputManifest.fileName)))
        let manifest = try #require(OutputManifest.parse(bytes))
        #expect(manifest.encoded() == bytes)
        #expect(!manifest.files.isEmpty)
        for path in manifest.files.keys { #expect(FileManager.default.fileExists(atPath: options.output + "/" + path), "\(path)") }
    }
}
