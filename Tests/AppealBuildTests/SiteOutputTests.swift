import AppealBuild
import AppealModel
import AppealTestSupport
import Foundation
import Testing

/// `serve` renders files from `SiteRenderer.outputs()`, `build` writes them: the two lists must agree.
@Suite struct SiteOutputTests {
    @Test func outputsNameExactlyTheFilesABuildWritesWithTheSameBytes() throws {
        let out = Fixtures.scratch() + "/Public"
        let options = BuildOptions(content: Fixtures.path("mini"), theme: Fixtures.defaultTheme, output: out, date: Day(iso: "2026-11-29")!)
        _ = try SiteBuilder.build(options)
        let written = (FileManager.default.enumerator(atPath: out)?.allObjects as? [String] ?? [])
            .filter { !$0.hasPrefix(".") && !FileManager.default.isDirectory(out + "/" + $0) }
        let (renderer, _) = try SiteBuilder.prepare(options)
        let outputs = renderer.outputs()
        #expect(Set(outputs.keys) == Set(written))
        #expect(outputs["kyphoplasty/medicare/medical-necessity/index.html"] == .page(renderer.plan.cells.firstIndex { $0.path == "/kyphoplasty/medicare/medical-necessity/" }!))
        for (file, output) in outputs {
            #expect(renderer.contents(of: output) == [UInt8](FileManager.default.contents(atPath: out + "/" + file) ?? Data()), "\(file)")
        }
    }

    /// A preview's rebuild lends unchanged Markdown from the last site; the result must be byte for
    /// byte what a fresh build renders, edited fragment and hub body included.
    @Test func reusingAnEarlierRendererChangesNoByte() throws {
        let content = Fixtures.copy("mini")
        let options = BuildOptions(content: content, theme: Fixtures.defaultTheme, output: "", date: Day(iso: "2026-11-29")!)
        let (before, _) = try SiteBuilder.prepare(options)
        try (Fixtures.read(content + "/sections/lede.md") + "\nA new *sentence*.\n").write(toFile: content + "/sections/lede.md", atomically: true, encoding: .utf8)
        try (Fixtures.read(content + "/payers/aetna.md") + "\nNew hub prose.\n").write(toFile: content + "/payers/aetna.md", atomically: true, encoding: .utf8)
        let (reused, _) = try SiteBuilder.prepare(options, reusing: before)
        let (fresh, _) = try SiteBuilder.prepare(options)
        let outputs = fresh.outputs()
        #expect(outputs == reused.outputs())
        for (file, output) in outputs { #expect(reused.contents(of: output) == fresh.contents(of: output), "\(file)") }
        #expect(String(decoding: reused.contents(of: outputs["kyphoplasty/aetna/medical-necessity/index.html"]!)!, as: UTF8.self).contains("A new <em>sentence</em>."))
        #expect(String(decoding: reused.contents(of: outputs["payers/aetna/index.html"]!)!, as: UTF8.self).contains("New hub prose."))
    }

    @Test func progressNamesEveryStageInOrder() throws {
        let stages = Locked<[BuildProgress]>([])
        let options = BuildOptions(content: Fixtures.path("mini"), theme: Fixtures.defaultTheme, output: Fixtures.scratch() + "/Public", date: Day(iso: "2026-11-29")!)
        _ = try SiteBuilder.build(options) { p in stages.withValue { $0.append(p) } }
        let seen = stages.current
        #expect(seen.map(\.stage).reduce(into: [BuildProgress.Stage]()) { if $0.last != $1 { $0.append($1) } }
                == [.loading, .planning, .rendering, .siteFiles, .finishing])
        #expect(seen.last { $0.stage == .rendering } == BuildProgress(stage: .rendering, done: 6, total: 6))
    }
}

extension FileManager {
    func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}
