import AppealBuild
import AppealCheck
import AppealModel
import AppealPlan
import AppealRender
import AppealReview
import AppealTestSupport
import Foundation
import Testing

/// The bundled sample's Spanish edition, end to end: pages, hreflang, switcher, CTA, sitemap,
/// and a translation that goes stale when its English source changes.
@Suite struct SpanishEditionTests {
    static let date = Day(iso: "2026-11-29")!
    let prepared: PreparedSite
    var renderer: SiteRenderer { prepared.renderer }

    init() throws {
        prepared = try SiteBuilder.prepare(BuildOptions(content: Fixtures.repository + "/Content", theme: Fixtures.defaultTheme, output: "unused", date: Self.date))
    }

    func cell(_ path: String, in renderer: SiteRenderer) throws -> Int {
        try #require(renderer.plan.cells.firstIndex { $0.path == path }, "no page \(path)")
    }

    func alternates(_ html: String) -> [String: String] {
        var out: [String: String] = [:]
        for m in html.matches(of: /<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/) { out[String(m.1)] = String(m.2) }
        return out
    }

    @Test func theSpanishMedicareKyphoplastyPageShowsTheRedeterminationAs120Días() throws {
        let i = try cell("/es/kyphoplasty/medicare/medical-necessity/", in: renderer)
        let html = renderer.renderPage(i)
        #expect(html.contains("<html lang=\"es-US\">"))
        let start = try #require(html.firstRange(of: "id=\"ladder-original-medicare\""))
        let ladder = html[start.upperBound...].prefix(6000)
        #expect(ladder.contains("Redeterminación"))
        #expect(ladder.contains(">120 días</strong>"))
        #expect(ladder.contains("a partir de la recepción de la determinación inicial"))
        #expect(!html.contains("120 days"))
        // The prose's placeholder prints the same number, from the same record.
        #expect(html.contains(/tiene\s+120 días a partir de la recepción de la determinación inicial para pedirla/))
        #expect(html.contains("<meta name=\"robots\" content=\"index,follow\">"))
        #expect(renderer.plan.cells[i].language == 1)
    }

    @Test func hreflangPairsAreReciprocalWithAnXDefault() throws {
        let en = renderer.renderPage(try cell("/kyphoplasty/medicare/medical-necessity/", in: renderer))
        let es = renderer.renderPage(try cell("/es/kyphoplasty/medicare/medical-necessity/", in: renderer))
        let enURL = "https://appeals.example.org/kyphoplasty/medicare/medical-necessity/"
        let esURL = "https://appeals.example.org/es/kyphoplasty/medicare/medical-necessity/"
        let expected = ["en": enURL, "es": esURL, "x-default": enURL]
        #expect(alternates(en) == expected)
        #expect(alternates(es) == expected)
        // The whole site's check agrees: no hreflang finding anywhere.
        let result = SiteBuilder.checkPages(prepared)
        #expect(!result.findings.contains { $0.diagnostic.message.contains("hreflang") }, "\(result.findings.filter { $0.diagnostic.message.contains("hreflang") }.map(\.diagnostic.message))")
        #expect(result.findings.filter { $0.diagnostic.severity == .error }.isEmpty)
    }

    @Test func theEnglishPageLinksToTheSpanishOneAndBack() throws {
        let en = renderer.renderPage(try cell("/kyphoplasty/medicare/medical-necessity/", in: renderer))
        #expect(en.contains("<a href=\"/es/kyphoplasty/medicare/medical-necessity/\" hreflang=\"es\" lang=\"es-US\">Español</a>"))
        let es = renderer.renderPage(try cell("/es/kyphoplasty/medicare/medical-necessity/", in: renderer))
        #expect(es.contains("<a href=\"/kyphoplasty/medicare/medical-necessity/\" hreflang=\"en\" lang=\"en-US\">English</a>"))
        // A page with no Spanish version has no switcher and no alternates.
        let aetna = renderer.renderPage(try cell("/kyphoplasty/aetna/medical-necessity/", in: renderer))
        #expect(!aetna.contains("hreflang"))
    }

    @Test func theSpanishEditionIsMedicareAndMedicaidOfFourProceduresEveryReason() throws {
        let plan = renderer.plan
        let spanish = plan.cells.filter { $0.language == 1 }
        let payers = Set(spanish.map { plan.site.entities[1][$0.values[1]].slug })
        let procedures = Set(spanish.map { plan.site.entities[0][$0.values[0]].slug })
        #expect(payers == ["medicare", "medicaid"])
        #expect(procedures.count >= 4)
        for cell in spanish {
            // Every reason the English edition has for that procedure and payer.
            let english = plan.cells.filter { $0.language == 0 && $0.values[0] == cell.values[0] && $0.values[1] == cell.values[1] }
            #expect(english.count == spanish.filter { $0.values[0] == cell.values[0] && $0.values[1] == cell.values[1] }.count)
            // Complete: every section it shows is written in Spanish.
            for case let f? in cell.fragments { #expect(plan.site.fragments[f].language == 1, "\(cell.path)") }
        }
        // Hubs and a home page in Spanish.
        let files = Set(prepared.outputs.list.map(\.file))
        #expect(files.contains("es/index.html") && files.contains("es/payers/medicare/index.html") && files.contains("es/procedures/kyphoplasty/index.html"))
        let hub = try #require(renderer.renderHub(dimension: 1, entity: plan.site.entities[1].firstIndex { $0.slug == "medicare" }!, language: 1))
        #expect(hub.contains("Pasos y plazos de la apelación") && hub.contains("/es/kyphoplasty/medicare/"))
        // A value's own text in Spanish, from procedures/es/kyphoplasty.md.
        let procedure = try #require(renderer.renderHub(dimension: 0, entity: plan.site.entities[0].firstIndex { $0.slug == "kyphoplasty" }!, language: 1))
        #expect(procedure.contains("aumento vertebral") && !procedure.contains("vertebral augmentation"))
    }

    @Test func linksToEnglishOnlyPagesSayTheirLanguageOnSpanishPages() throws {
        // Standalone pages (About, Privacy …) exist in English only: a Spanish page's link to one
        // names its language, so a screen reader reads "About" as English and a browser knows.
        let es = renderer.renderHome(language: 1), en = renderer.renderHome(language: 0)
        #expect(es.contains("<a href=\"/about/\" hreflang=\"en\" lang=\"en-US\">About</a>"))
        #expect(en.contains("<a href=\"/about/\">About</a>"))
        #expect(!en.contains("hreflang=\"en\" lang="))
    }

    @Test func theCTACarriesThePageLanguage() throws {
        let es = renderer.plan.cells[try cell("/es/kyphoplasty/medicare/medical-necessity/", in: renderer)]
        let en = renderer.plan.cells[try cell("/kyphoplasty/medicare/medical-necessity/", in: renderer)]
        #expect(renderer.ctaURL(es).contains("lang=es"))
        #expect(renderer.ctaURL(en).contains("lang=en"))
    }

    @Test func theSitemapNamesEachPagesOtherLanguage() throws {
        let files = renderer.sitemapFiles()
        let text = files.map(\.1).joined()
        #expect(text.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""))
        #expect(text.contains("<loc>https://appeals.example.org/es/kyphoplasty/medicare/medical-necessity/</loc>"))
        #expect(text.contains("<xhtml:link rel=\"alternate\" hreflang=\"es\" href=\"https://appeals.example.org/es/kyphoplasty/medicare/medical-necessity/\"/>"))
        #expect(text.contains("<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://appeals.example.org/kyphoplasty/medicare/medical-necessity/\"/>"))
    }

    /// A scratch copy of the sample's content.
    static func copyOfContent() throws -> String {
        let dir = Fixtures.scratch("spanish") + "/Content"
        try FileManager.default.copyItem(atPath: Fixtures.repository + "/Content", toPath: dir)
        return dir
    }

    @Test func anEditToTheEnglishSourceMakesTheSpanishPageStale() throws {
        let content = try Self.copyOfContent()
        let status = try TranslationDesk.status(content: content)
        #expect(status.contains { $0.source == "sections/lede/medicare.md" && $0.language == "es" && $0.state == .current })
        let source = content + "/sections/lede/medicare.md"
        try (Fixtures.read(source) + "\nA sentence added to the English source.\n").write(toFile: source, atomically: true, encoding: .utf8)

        let options = BuildOptions(content: content, theme: Fixtures.defaultTheme, output: "unused", date: Self.date)
        let site = try SiteBuilder.prepare(options)
        let i = try cell("/es/kyphoplasty/medicare/medical-necessity/", in: site.renderer)
        let spanish = site.renderer.plan.cells[i]
        #expect(spanish.staleTranslation)
        #expect(!site.renderer.isIndexable(spanish))
        #expect(site.renderer.renderPage(i).contains("<meta name=\"robots\" content=\"noindex,follow\">"))
        let warning = try #require(site.findings.first { $0.diagnostic.message.contains("translation is stale") })
        #expect(warning.diagnostic.severity == .warning)
        #expect(warning.diagnostic.location?.file.hasSuffix("sections/es/lede/medicare.md") == true)
        #expect(try TranslationDesk.status(content: content).contains { $0.file == "sections/es/lede/medicare.md" && $0.state == .stale })

        // Marked again (after the translator's update), it is current; the review gate still wants a
        // review of the changed English file before the pages are indexable.
        let (records, marked) = try TranslationDesk.mark([content + "/sections/es/lede/medicare.md"], on: Self.date, content: content)
        #expect(marked == ["sections/es/lede/medicare.md"])
        try TranslationDesk.write(records, content: content)
        let again = try SiteBuilder.prepare(options)
        #expect(!again.renderer.plan.cells[try cell("/es/kyphoplasty/medicare/medical-necessity/", in: again.renderer)].staleTranslation)
    }

    @Test func sixtyDíasThatContradictTheLadderIsAnErrorWithThePlaceholderAsHint() throws {
        let content = try Self.copyOfContent()
        let file = content + "/sections/es/lede/medicare.md"
        try (Fixtures.read(file) + "\nCon Medicare Original tiene 60 días para pedir la redeterminación.\n").write(toFile: file, atomically: true, encoding: .utf8)
        let site = try SiteBuilder.prepare(BuildOptions(content: content, theme: Fixtures.defaultTheme, output: "unused", date: Self.date))
        let finding = try #require(site.findings.first { $0.diagnostic.message.contains("“60 días”") })
        #expect(finding.diagnostic.severity == .error)
        #expect(finding.diagnostic.location?.file.hasSuffix("sections/es/lede/medicare.md") == true)
        #expect(finding.diagnostic.hint?.contains("{{ policies.original-medicare.levels.1.deadline_days }}") == true)
    }
}
