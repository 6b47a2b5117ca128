import AppealBuild
import AppealModel
import AppealRender
import AppealTestSupport
import Testing

/// The Spanish pages read as Spanish: the offer in Spanish, grammatical deadline phrases, headings
/// that agree in gender with any dimension, and lower-case labels inside a phrase.
@Suite struct SpanishWordingTests {
    static let date = Day(iso: "2026-11-29")!
    let renderer: SiteRenderer

    init() throws {
        renderer = try SiteBuilder.prepare(BuildOptions(content: Fixtures.repository + "/Content", theme: Fixtures.defaultTheme, output: "unused", date: Self.date)).renderer
    }

    func page(_ path: String) throws -> String {
        renderer.renderPage(try #require(renderer.plan.cells.firstIndex { $0.path == path }, "no page \(path)"))
    }

    @Test func theOfferIsInSpanishOnSpanishPages() throws {
        let html = try page("/es/kyphoplasty/medicare/medical-necessity/")
        #expect(html.contains("Obtenga un primer borrador de su carta de apelación a Medicare"))
        #expect(html.contains("Empezar mi carta de apelación a Medicare"))
        #expect(!html.contains("Get a first draft"))
        #expect(!html.contains("Start my Medicare appeal letter"))
        // The English page keeps its English offer.
        #expect(try page("/kyphoplasty/medicare/medical-necessity/").contains("Start my Medicare appeal letter"))
    }

    @Test func relatedHeadingsAndFooterLabelsReadNaturally() throws {
        let html = try page("/es/kyphoplasty/medicare/medical-necessity/")
        #expect(html.contains("Más aseguradoras con igual procedimiento y motivo de la denegación"))
        #expect(html.contains("Guías por procedimiento"))
        #expect(!html.contains("Guías por Procedimiento"))
        #expect(!html.contains("otro valor de"))
        #expect(!html.contains("Mismo aseguradora"))
        // English keeps its capitalised label at the start of the phrase.
        #expect(try page("/kyphoplasty/medicare/medical-necessity/").contains("Procedure guides"))
    }

    @Test func noSpanishDeadlineReadsAPartirDeEl() throws {
        var ireLevels = 0
        for i in renderer.plan.cells.indices where renderer.plan.cells[i].language == 1 && renderer.plan.cells[i].path.contains("/medicare/") {
            let html = renderer.renderPage(i)
            #expect(!html.contains("a partir de el "), "\(renderer.plan.cells[i].path)")
            #expect(!html.contains("de el aviso"), "\(renderer.plan.cells[i].path)")
            if html.contains("a partir de la notificación de la decisión de la IRE") { ireLevels += 1 }
        }
        // Medicare Advantage's third level is on these pages, so the loop saw it.
        #expect(ireLevels > 0)
    }
}
