import AppealBuild
import AppealModel
import AppealRender
import AppealTestSupport
import Foundation
import Testing

/// The preview keeps its theme between rebuilds only while no file of it changed.
@Suite struct ThemeCacheTests {
    static func themeCopy() -> String {
        let dir = Fixtures.scratch("theme-cache") + "/default"
        try! FileManager.default.copyItem(atPath: Fixtures.defaultTheme, toPath: dir)
        return dir
    }

    /// What loading gives: the theme's fingerprint and templates, or its errors.
    static func outcome(_ load: () throws(DiagnosticError) -> Theme) -> (hash: String?, sources: [String], errors: [Diagnostic]) {
        do {
            let theme = try load()
            return (theme.contentHash.description, theme.templateSources.map { $0.file + "\n" + $0.text }, [])
        } catch {
            return (nil, [], error.diagnostics)
        }
    }

    static func expectSameAsFresh(_ cache: ThemeCache, _ root: String, _ step: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let cached = outcome { () throws(DiagnosticError) in try cache.theme(at: root) }
        let fresh = outcome { () throws(DiagnosticError) in try Theme.load(from: root) }
        #expect(cached.hash == fresh.hash && cached.sources == fresh.sources && cached.errors == fresh.errors, "\(step)", sourceLocation: sourceLocation)
    }

    @Test func reusedOnlyWhileNoFileChanged() throws {
        let root = Self.themeCopy()
        let cache = ThemeCache()
        Self.expectSameAsFresh(cache, root, "first")
        Self.expectSameAsFresh(cache, root, "unchanged")
        #expect(cache.loaded == 1 && cache.reused == 1)

        // An edit that keeps the size and the modification time is still an edit.
        let template = root + "/templates/404.mustache"
        let original = try String(contentsOfFile: template, encoding: .utf8)
        let time = try FileManager.default.attributesOfItem(atPath: template)[.modificationDate]!
        let edited = String(original.reversed())
        try edited.write(toFile: template, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: time], ofItemAtPath: template)
        Self.expectSameAsFresh(cache, root, "same size and time")
        #expect(cache.loaded == 2)

        // A broken template: the same errors as a fresh load, every time; fixed: recovered.
        try (original + "{{#unclosed}}").write(toFile: template, atomically: true, encoding: .utf8)
        Self.expectSameAsFresh(cache, root, "broken")
        Self.expectSameAsFresh(cache, root, "still broken")
        #expect(cache.reused == 1, "a theme with errors is not kept")
        try original.write(toFile: template, atomically: true, encoding: .utf8)
        Self.expectSameAsFresh(cache, root, "fixed")

        // Files added and removed.
        try "extra: words\n".write(toFile: root + "/strings/fr.yaml", atomically: true, encoding: .utf8)
        Self.expectSameAsFresh(cache, root, "strings added")
        try FileManager.default.removeItem(atPath: root + "/strings/fr.yaml")
        Self.expectSameAsFresh(cache, root, "strings removed")
        let before = cache.reused
        Self.expectSameAsFresh(cache, root, "unchanged again")
        #expect(cache.reused == before + 1)
    }

    /// A symbolic link's target can change with nothing in the folder changing: never reused.
    @Test func aThemeWithALinkIsAlwaysLoaded() throws {
        let root = Self.themeCopy()
        let outside = Fixtures.scratch("theme-link") + "/extra.css"
        try "a { color: red; }\n".write(toFile: outside, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root + "/assets/extra.css", withDestinationPath: outside)
        let cache = ThemeCache()
        Self.expectSameAsFresh(cache, root, "first")
        Self.expectSameAsFresh(cache, root, "second")
        #expect(cache.reused == 0 && cache.loaded == 2)
    }
}
