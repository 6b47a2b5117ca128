import AppealLoad
import AppealModel
import AppealPlan
import AppealTestSupport
import Foundation
import Testing

/// English pages must stay out of the other languages' folders (`prefix: /es/` in site.yaml): a
/// standalone page or a value slug there is an error at its own file, naming the prefix.
@Suite struct LanguagePrefixTests {
    let date = Day(iso: "2026-11-29")!

    /// The sample site (English and Spanish) with `changes` applied; the planner's diagnostics.
    func diagnostics(changing changes: [String: String]) throws -> [Diagnostic] {
        let dir = Fixtures.scratch("prefix") + "/Content"
        try FileManager.default.copyItem(atPath: Fixtures.repository + "/Content", toPath: dir)
        for (file, text) in changes { try text.write(toFile: dir + "/" + file, atomically: true, encoding: .utf8) }
        let (site, _) = try ContentLoader.load(from: dir)
        do {
            _ = try Planner.plan(site, buildDate: date)
            return []
        } catch {
            return error.diagnostics
        }
    }

    static let page = "---\ntitle: A page title for this test\n%URL%description: A description of a page for this test, long enough for the check to pass.\n---\nHello.\n"

    @Test func aPageAtTheSpanishHomeIsAnErrorAtThePage() throws {
        let d = try diagnostics(changing: ["pages/es.md": Self.page.replacingOccurrences(of: "%URL%", with: "")])
        let e = try #require(d.error(containing: "pages/es.md is the home page of Español"))
        #expect(e.location?.file.hasSuffix("pages/es.md") == true)
        #expect(e.message.contains("/es/ is that language's prefix in site.yaml"))
        #expect(e.message.hasPrefix("URL /es/ of the page"))
        #expect(!d.contains { $0.location?.file.hasSuffix("matrix.yaml") == true })
    }

    @Test func aPageUnderTheSpanishPrefixIsAnErrorAtItsURL() throws {
        let d = try diagnostics(changing: ["pages/acerca.md": Self.page.replacingOccurrences(of: "%URL%", with: "url: /es/about/\n")])
        let e = try #require(d.error(containing: "pages/acerca.md lies under the pages of Español"))
        #expect(e.location?.file.hasSuffix("pages/acerca.md") == true)
        #expect(e.location?.line == 3)
        #expect(e.message.hasPrefix("URL /es/about/ of the page"))
        #expect(e.message.contains("/es/ is that language's prefix"))
    }

    @Test func aValueSlugEqualToAPrefixIsAnErrorAtItsFile() throws {
        let kyphoplasty = Fixtures.read(Fixtures.repository + "/Content/procedures/kyphoplasty.md")
        let d = try diagnostics(changing: ["procedures/es.md": kyphoplasty])
        let e = try #require(d.error(containing: "the slug of procedure `es` is the prefix /es/"))
        #expect(e.location?.file.hasSuffix("procedures/es.md") == true)
    }

    @Test func aSpreadsheetRowWithAPrefixSlugIsAnErrorAtItsRow() throws {
        let d = try diagnostics(changing: ["procedures/procedures.csv": "slug,name,short_name,policies\nzz-proc,Zz Proc,zz proc,original-medicare\nes,Es Proc,es proc,original-medicare\n"])
        let e = try #require(d.error(containing: "the slug of procedure `es` is the prefix /es/"))
        #expect(e.location?.file.hasSuffix("procedures/procedures.csv") == true)
        #expect(e.location?.line == 3)
    }
}
