import AppealBuild
import AppealModel
import AppealTestSupport
import Foundation
import Testing

/// One list of outputs: `build` writes exactly the files of `SiteRenderer.outputs()`, with the bytes
/// `serve` renders from the same list.
@Suite struct SiteOutputTests {
    @Test func aBuildWritesExactlyTheOutputListWithTheSameBytes() throws {
        let out = Fixtures.scratch() + "/Public"
        let options = BuildOptions(content: Fixtures.path("mini"), theme: Fixtures.defaultTheme, output: out, date: Day(iso: "2026-11-29")!)
        _ = try SiteBuilder.build(options)
        let written = (FileManager.default.enumerator(atPath: out)?.allObjects as? [String] ?? [])
            .filter { !$0.hasPrefix(".") && !FileManager.default.isDirectory(out + "/" + $0) }
        let site = try SiteBuilder.prepare(options)
        let renderer = site.renderer, outputs = site.outputs
        #expect(Set(outputs.list.map(\.file)) == Set(written))
        #expect(outputs.list.count == written.count, "every output is one file")
        let index = outputs.index()
        let cell = renderer.plan.cells.firstIndex { $0.path == "/kyphoplasty/medicare/medical-necessity/" }!
        #expect(outputs[index["kyphoplasty/medicare/medical-necessity/index.html"]!].kind == .cell(cell))
        for output in outputs.list {
            let same = renderer.contents(of: output, in: outputs) == [UInt8](FileManager.default.contents(atPath: out + "/" + output.file) ?? Data())
            #expect(same, "\(output.file)")
        }
    }

    /// A preview's rebuild lends unchanged Markdown from the last site; the result must be byte for
    /// byte what a fresh build renders, edited fragment and hub body included.
    @Test func reusingAnEarlierRendererChangesNoByte() throws {
        let content = Fixtures.copy("mini")
        let options = BuildOptions(content: content, theme: Fixtures.defaultTheme, output: "", date: Day(iso: "2026-11-29")!)
        let beforeSite = try SiteBuilder.prepare(options)
        let before = beforeSite.renderer
        try (Fixtures.read(content + "/sections/lede.md") + "\nA new *sentence*.\n").write(toFile: content + "/sections/lede.md", atomically: true, encoding: .utf8)
        try (Fixtures.read(content + "/payers/aetna.md") + "\nNew hub prose.\n").write(toFile: content + "/payers/aetna.md", atomically: true, encoding: .utf8)
        let reusedSite = try SiteBuilder.prepare(options, reusing: before)
        let reused = reusedSite.renderer
        let freshSite = try SiteBuilder.prepare(options)
        let fresh = freshSite.renderer
        let outputs = fresh.outputs()
        #expect(outputs.list == reused.outputs().list)
        for output in outputs.list { #expect(reused.contents(of: output, in: outputs) == fresh.contents(of: output, in: outputs), "\(output.file)") }
        let index = outputs.index()
        func text(_ file: String) -> String { String(decoding: reused.contents(of: outputs[index[file]!], in: outputs)!, as: UTF8.self) }
        #expect(text("kyphoplasty/aetna/medical-necessity/index.html").contains("A new <em>sentence</em>."))
        #expect(text("payers/aetna/index.html").contains("New hub prose."))
    }

    @Test func progressNamesEveryStageInOrder() throws {
        let stages = Locked<[BuildProgress]>([])
        let options = BuildOptions(content: Fixtures.path("mini"), theme: Fixtures.defaultTheme, output: Fixtures.scratch() + "/Public", date: Day(iso: "2026-11-29")!)
        _ = try SiteBuilder.build(options) { p in stages.withValue { $0.append(p) } }
        let seen = stages.current
        #expect(seen.map(\.stage).reduce(into: [BuildProgress.Stage]()) { if $0.last != $1 { $0.append($1) } }
                == [.loading, .planning, .rendering, .finishing])
        #expect(seen.last { $0.stage == .rendering } == BuildProgress(stage: .rendering, done: 6, total: 6))
    }
}

extension FileManager {
    func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}

/// "Each fragment goes through cmark once": rendering every page and checking them (which maps
/// findings back to the fragments they come from) converts each fragment exactly once.
@Suite struct MarkdownOnceTests {
    @Test func checkingTheSampleSiteConvertsEachFragmentOnce() throws {
        let options = BuildOptions(content: Fixtures.repository + "/Content", theme: Fixtures.defaultTheme, output: "", date: Day(iso: "2026-11-29")!)
        let site = try SiteBuilder.prepare(options)
        #expect(site.renderer.fragmentConversions == 0, "nothing is converted before it is needed")
        let result = SiteBuilder.checkPages(site)
        #expect(result.pages.count > 1_000)
        #expect(site.renderer.fragmentConversions == site.renderer.plan.site.fragments.count)
    }
}

/// An optional value the theme prints is left out when absent, never printed as `false`.
@Suite struct OptionalValuesTests {
    @Test func aDeadlineWithoutFromPrintsTheDaysAlone() throws {
        let file = "policies/employer-erisa.yaml"
        let policy = Fixtures.read(Fixtures.path("mini/" + file)).replacingOccurrences(of: "deadline: { days: 180, from: the denial notice }", with: "deadline: { days: 180 }")
        #expect(policy.contains("deadline: { days: 180 }"))
        let content = Fixtures.copy("mini", changing: [file: policy])
        let site = try SiteBuilder.prepare(BuildOptions(content: content, theme: Fixtures.defaultTheme, output: "", date: Day(iso: "2026-11-29")!))
        let cell = try #require(site.renderer.plan.cells.firstIndex { $0.path == "/kyphoplasty/aetna/medical-necessity/" })
        let html = site.renderer.renderPage(cell)
        #expect(html.contains("<strong class=\"fact__figure\">180 days</strong></dd>"))
        #expect(!html.contains(">false<"))
        // With `from`, both parts.
        let full = try SiteBuilder.prepare(BuildOptions(content: Fixtures.path("mini"), theme: Fixtures.defaultTheme, output: "", date: Day(iso: "2026-11-29")!))
        #expect(full.renderer.renderPage(cell).contains("<strong class=\"fact__figure\">180 days</strong> <span class=\"fact__from\">from the denial notice</span>"))
    }
}
