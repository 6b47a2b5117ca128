import AppealModel
import AppealRender
import AppealTestSupport
import Foundation
import Testing

@Suite struct ThemeTests {
    func theme(changing changes: [String: String]) -> String {
        let dir = Fixtures.scratch("theme") + "/theme"
        try! FileManager.default.copyItem(atPath: Fixtures.defaultTheme, toPath: dir)
        for (file, text) in changes { try! text.write(toFile: dir + "/" + file, atomically: true, encoding: .utf8) }
        return dir
    }

    @Test func templateSyntaxErrorsNameTheFileAndLine() throws {
        let dir = theme(changing: ["templates/404.mustache": "<p>fine</p>\n<p>{{#open}}never closed</p>\n"])
        do {
            _ = try Theme.load(from: dir)
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.count == 1)
            let e = try #require(error.diagnostics.error(containing: "template syntax"))
            #expect(e.location?.file.hasSuffix("templates/404.mustache") == true)
            #expect(e.location?.line == 2 && e.location?.column == 4)
            #expect(e.message.contains("`open` is never closed"))
        }
    }

    @Test func aThemeWithoutAPageTemplateIsRejected() throws {
        let dir = theme(changing: [:])
        try FileManager.default.removeItem(atPath: dir + "/templates/page.mustache")
        do {
            _ = try Theme.load(from: dir)
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.error(containing: "theme has no `page.mustache`") != nil)
        }
    }

    @Test func theStylesheetVersionFollowsItsContent() throws {
        let a = try Theme.load(from: Fixtures.defaultTheme)
        let b = try Theme.load(from: theme(changing: ["assets/style.css": "body { color: red }\n"]))
        #expect(a.stylesheetVersion != b.stylesheetVersion)
        #expect(a.stylesheetVersion.count == 10)
        #expect(a.assets.contains("style.css"))
    }
}
