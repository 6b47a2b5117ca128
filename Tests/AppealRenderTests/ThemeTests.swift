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

    /// `{{> footer}}{{> footer}}` inside footer would double at every level of nesting: a loop of
    /// partials is refused when the theme loads, with the file and line of the include.
    @Test(arguments: [
        (["templates/partials/footer.mustache": "<footer>\n{{> footer}}{{> footer}}\n</footer>\n"], "footer → footer", "partials/footer.mustache", 2),
        (["templates/partials/footer.mustache": "<footer>{{> loop-b}}</footer>\n", "templates/partials/loop-b.mustache": "<p>\n\n{{> footer}}</p>\n"],
         "footer → loop-b → footer", "partials/footer.mustache", 1),
    ])
    func aLoopOfPartialsIsRefused(_ changes: [String: String], _ loop: String, _ file: String, _ line: Int) throws {
        let dir = theme(changing: changes)
        do {
            _ = try Theme.load(from: dir)
            Issue.record("a partial loop loaded")
        } catch {
            let e = try #require(error.diagnostics.error(containing: "partials include each other in a loop"), "\(error.diagnostics)")
            #expect(e.message.hasSuffix(loop))
            #expect(e.location?.file.hasSuffix(file) == true && e.location?.line == line)
            #expect(error.diagnostics.filter { $0.message.contains("in a loop") }.count == 1, "one error per loop")
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
