import AppealBuild
import AppealModel
import AppealRender
import AppealTestSupport
import Foundation
import Testing

/// Theme edits the preview must see: an asset's bytes (the share image's size), a strings file
/// replaced by a folder, a folder added under templates/ with a partial in it, then removed.
@Suite struct ThemeCacheEditTests {
    /// Everything a theme gives, written out (fingerprint, templates, assets, words, share image), or its errors.
    static func outcome(_ load: () throws(DiagnosticError) -> Theme) -> String {
        do {
            let t = try load()
            return [t.contentHash.description, t.stylesheetVersion, t.assets.joined(separator: ","),
                    t.templateSources.map { $0.file + "\n" + $0.text }.joined(separator: "\n"),
                    t.strings.keys.sorted().map { $0 + ": " + t.strings[$0]!.table.sorted { $0.key < $1.key }.map { $0.key + "=" + $0.value }.joined(separator: ";") }
                        .joined(separator: "\n"),
                    String(describing: t.ogImage)].joined(separator: "\n--\n")
        } catch {
            return "errors: \(error.diagnostics)"
        }
    }

    static func expectSameAsFresh(_ cache: ThemeCache, _ root: String, _ step: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        let cached = outcome { () throws(DiagnosticError) in try cache.theme(at: root) }
        let fresh = outcome { () throws(DiagnosticError) in try Theme.load(from: root) }
        #expect(cached == fresh, "\(step)", sourceLocation: sourceLocation)
        return cached
    }

    @Test func assetStringsAndFolderEditsAreSeen() throws {
        let root = ThemeCacheTests.themeCopy()
        let fm = FileManager.default
        let cache = ThemeCache()
        let first = Self.expectSameAsFresh(cache, root, "first")
        // The stylesheet's bytes: its version changes.
        let css = root + "/assets/style.css"
        let style = try Data(contentsOf: URL(fileURLWithPath: css))
        try (style + Data("\n/* edited */\n".utf8)).write(to: URL(fileURLWithPath: css))
        let edited = Self.expectSameAsFresh(cache, root, "stylesheet edited")
        #expect(edited != first)
        try style.write(to: URL(fileURLWithPath: css))
        #expect(Self.expectSameAsFresh(cache, root, "stylesheet restored") == first)
        // The share image replaced by something that is not a PNG: an error every time, then fixed.
        let og = root + "/assets/og-image.png"
        let png = try Data(contentsOf: URL(fileURLWithPath: og))
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: og))
        #expect(Self.expectSameAsFresh(cache, root, "not a PNG").hasPrefix("errors:"))
        try png.write(to: URL(fileURLWithPath: og))
        #expect(Self.expectSameAsFresh(cache, root, "PNG again") == first)
        // A strings file replaced by a folder of the same name, then back.
        let strings = try #require(try fm.contentsOfDirectory(atPath: root + "/strings").sorted().last)
        let file = root + "/strings/" + strings
        let words = try Data(contentsOf: URL(fileURLWithPath: file))
        try fm.removeItem(atPath: file)
        try fm.createDirectory(atPath: file, withIntermediateDirectories: false)
        #expect(Self.expectSameAsFresh(cache, root, "strings file now a folder") != first)
        try fm.removeItem(atPath: file)
        try words.write(to: URL(fileURLWithPath: file))
        #expect(Self.expectSameAsFresh(cache, root, "strings file again") == first)
        // A subfolder of templates with a new template in it, then removed.
        try fm.createDirectory(atPath: root + "/templates/extra", withIntermediateDirectories: false)
        try "<p>extra</p>\n".write(toFile: root + "/templates/extra/extra-note.mustache", atomically: true, encoding: .utf8)
        let added = Self.expectSameAsFresh(cache, root, "template in a new folder")
        #expect(added != first)
        try fm.removeItem(atPath: root + "/templates/extra")
        #expect(Self.expectSameAsFresh(cache, root, "folder removed") == first)
        #expect(cache.reused == 0, "no step left the theme as it was just before")
    }
}
