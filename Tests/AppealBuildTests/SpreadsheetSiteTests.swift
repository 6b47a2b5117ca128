import AppealBuild
import AppealModel
import AppealTestSupport
import Foundation
import Testing

/// A site whose procedures come from `procedures/procedures.csv` builds the same bytes as the same
/// site written as Markdown files.
@Suite struct SpreadsheetSiteTests {
    func files(under root: String) -> [String: Data] {
        var out: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            out[relative] = FileManager.default.contents(atPath: root + "/" + relative)
        }
        return out
    }

    @Test func csvProceduresBuildTheSamePagesAsMarkdownFiles() throws {
        let markdown = Fixtures.copy("mini", changing: ["procedures/spinal-fusion.md": Fixtures.read(Fixtures.path("spreadsheet/spinal-fusion.md"))])
        let csv = Fixtures.copy("mini", changing: ["procedures/kyphoplasty.md": nil, "procedures/lumbar-mri.md": nil,
                                                   "procedures/procedures.csv": Fixtures.read(Fixtures.path("spreadsheet/procedures.csv"))])
        let date = Day(iso: "2026-11-29")!
        var built: [[String: Data]] = []
        for content in [markdown, csv] {
            let output = Fixtures.scratch() + "/Public"
            let report = try SiteBuilder.build(BuildOptions(content: content, theme: Fixtures.defaultTheme, output: output, date: date))
            #expect(report.pages == 10)
            // The manifest records input paths and times (hidden, never served); every served file is compared.
            built.append(files(under: output).filter { !$0.key.hasPrefix(".") })
        }
        #expect(built[0].count > 10)
        #expect(built[0].keys.sorted() == built[1].keys.sorted())
        for (path, bytes) in built[0] { #expect(built[1][path] == bytes, "\(path) differs") }
        let hub = String(decoding: try #require(built[1]["procedures/spinal-fusion/index.html"]), as: UTF8.self)
        #expect(hub.contains("the &quot;bones&quot; of the spine") || hub.contains("the “bones” of the spine") || hub.contains("the \"bones\" of the spine"))
    }
}
