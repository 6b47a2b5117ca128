import AppealBuild
import AppealModel
import AppealTestSupport
import Foundation
import Testing

/// A guided hub (procedure × insurer) is carried over from the last build when none of its inputs
/// changed: its two values, its article, and the pages it lists. After every kind of edit, the
/// rebuilt output's pages are byte for byte those of a full build of the edited content.
@Suite struct GuidedHubRebuildTests {
    static let date = Day(iso: "2026-11-29")!

    /// Every HTML file under `folder`, by path.
    static func pages(_ folder: String) throws -> [String: Data] {
        try FileManager.default.subpathsOfDirectory(atPath: folder).filter { $0.hasSuffix(".html") }
            .reduce(into: [String: Data]()) { $0[$1] = FileManager.default.contents(atPath: folder + "/" + $1) }
    }

    /// The pages of a full build of `content` into a new folder.
    static func fresh(_ content: String, theme: String) throws -> [String: Data] {
        let out = Fixtures.scratch() + "/Public"
        _ = try SiteBuilder.build(BuildOptions(content: content, theme: theme, output: out, date: date))
        return try pages(out)
    }

    /// The default theme, with guided hubs that also show each listed page's title and whether it is thin.
    static func themeShowingTitles() throws -> String {
        let theme = Fixtures.scratch("theme") + "/theme"
        try FileManager.default.copyItem(atPath: Fixtures.defaultTheme, toPath: theme)
        let guide = theme + "/templates/guide.mustache"
        let line = "<span class=\"browse__name\">{{name}}</span>"
        #expect(Fixtures.read(guide).contains(line))
        try Fixtures.read(guide).replacingOccurrences(of: line, with: line + " <span>{{title}}</span>{{#thin}} <span>(short page)</span>{{/thin}}")
            .write(toFile: guide, atomically: true, encoding: .utf8)
        return theme
    }

    static func append(_ text: String, to file: String) throws {
        try (Fixtures.read(file) + text).write(toFile: file, atomically: true, encoding: .utf8)
    }

    @Test func aGuidedHubIsRenderedAgainOnlyWhenWhatItShowsMayHaveChanged() throws {
        let content = Fixtures.copy("mini")
        // An article of the pair alone is the hub's own text.
        let article = content + "/sections/angles/kyphoplasty--aetna.md"
        try "---\nsection: angle\nfor: { procedure: kyphoplasty, payer: aetna }\n---\nWhat Aetna asks for a {{ procedure.short_name }} appeal.\n"
            .write(toFile: article, atomically: true, encoding: .utf8)
        let out = Fixtures.scratch() + "/Public"
        let theme = try Self.themeShowingTitles()
        let options = BuildOptions(content: content, theme: theme, output: out, date: Self.date)
        let first = try SiteBuilder.build(options)
        #expect(first.rendered.guidedHubs == 4)
        #expect(first.rendered.pages == first.pages)

        // Nothing changed: nothing is rendered at all.
        let same = try SiteBuilder.build(options)
        #expect(same.rendered == BuildReport.Rendered())

        // The Medicare checklist: its three pages, and the two Medicare hubs that list them.
        try Self.append("- A copy of the plan's coverage policy\n", to: content + "/sections/checklist-medicare.md")
        let checklist = try SiteBuilder.build(options)
        #expect(checklist.rendered.pages == 3)
        #expect(checklist.rendered.guidedHubs == 2)
        #expect(try Self.pages(out) == (try Self.fresh(content, theme: theme)))

        // The pair's article: its hub alone, which now shows the new text.
        try Self.append("Send the plan's own criteria with it.\n", to: article)
        let edited = try SiteBuilder.build(options)
        #expect(edited.rendered.guidedHubs == 1)
        #expect(Fixtures.read(out + "/procedures/kyphoplasty/aetna/index.html").contains("Send the plan’s own criteria with it."))
        #expect(try Self.pages(out) == (try Self.fresh(content, theme: theme)))

        // A field of a denial reason the page titles use: every hub that lists one of its pages.
        let reason = content + "/reasons/experimental.md"
        try Fixtures.read(reason).replacingOccurrences(of: "phrase: experimental", with: "phrase: investigational")
            .write(toFile: reason, atomically: true, encoding: .utf8)
        let retitled = try SiteBuilder.build(options)
        // Lumbar MRI has no experimental pages (excluded in matrix.yaml): the two kyphoplasty hubs.
        #expect(retitled.rendered.guidedHubs == 2)
        #expect(Fixtures.read(out + "/procedures/kyphoplasty/medicare/index.html").contains("denied as investigational"))
        #expect(try Self.pages(out) == (try Self.fresh(content, theme: theme)))

        // A page becomes thin when its article goes: the hub that lists it marks it so.
        try FileManager.default.removeItem(atPath: article)
        let thinner = try SiteBuilder.build(options)
        #expect(thinner.rendered.guidedHubs == 1)
        #expect(Fixtures.read(out + "/procedures/kyphoplasty/aetna/index.html").contains("(short page)"))
        #expect(try Self.pages(out) == (try Self.fresh(content, theme: theme)))

        // A policy: site-wide, so every hub.
        let policy = content + "/policies/original-medicare.yaml"
        try Fixtures.read(policy).replacingOccurrences(of: "decided_by: Medicare Administrative Contractor (MAC)", with: "decided_by: A Medicare Administrative Contractor (MAC)")
            .write(toFile: policy, atomically: true, encoding: .utf8)
        let ladders = try SiteBuilder.build(options)
        #expect(ladders.rendered.guidedHubs == 4)
        #expect(try Self.pages(out) == (try Self.fresh(content, theme: theme)))
    }
}
