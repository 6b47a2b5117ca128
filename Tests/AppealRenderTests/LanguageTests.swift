import AppealLoad
import AppealModel
import AppealPlan
import AppealRender
import AppealTestSupport
import Foundation
import Testing

/// Languages as data on the `mini` fixture: site.yaml's list, per-language fields, fragments per
/// language, which pages exist, and how they render.
@Suite struct LanguageTests {
    static let date = Day(iso: "2026-11-29")!
    static let languages = """
    languages:
      - { code: en, tag: en-US, name: English }
      - { code: es, tag: es-US, name: Español, prefix: /es/ }

    """

    /// The mini fixture in two languages: Spanish names for kyphoplasty, Medicare and both reasons, a
    /// Spanish lede for every page and a Spanish Medicare checklist.
    static func bilingual(_ extra: [String: String?] = [:], translations: String = "complete-only") -> String {
        var changes: [String: String?] = [
            "procedures/kyphoplasty.md": Fixtures.read(Fixtures.path("mini/procedures/kyphoplasty.md"))
                .replacingOccurrences(of: "name: Kyphoplasty\nshort_name: kyphoplasty\n", with: "name: { en: Kyphoplasty, es: Cifoplastia }\nshort_name: { en: kyphoplasty, es: la cifoplastia }\n"),
            "payers/medicare.md": Fixtures.read(Fixtures.path("mini/payers/medicare.md")).replacingOccurrences(of: "name: Medicare\n", with: "name: { en: Medicare, es: Medicare }\n"),
            "reasons/experimental.md": "---\nname: { en: Experimental or investigational, es: Experimental }\nphrase: { en: experimental, es: ser experimental }\n---\n",
            "reasons/medical-necessity.md": "---\nname: { en: Not medically necessary, es: Sin necesidad médica }\nphrase: { en: not medically necessary, es: falta de necesidad médica }\n---\n",
            "sections/es/lede.md": "---\nsection: lede\n---\n¿{{ payer.name }} denegó {{ procedure.short_name }} por {{ reason.phrase }}? Puede apelar dentro de {{ policies.original-medicare.levels.1.deadline }}.\n",
            "sections/es/checklist-medicare.md": "---\nsection: checklist\n---\n## Qué reunir\n\n- Su Aviso Resumido de Medicare.\n",
            "site.yaml": Fixtures.read(Fixtures.path("mini/site.yaml")) + languages + "translations: \(translations)\n",
            "matrix.yaml": Fixtures.read(Fixtures.path("mini/matrix.yaml")).replacingOccurrences(
                of: "  title: \"{{ procedure.name }} denied as {{ reason.phrase }} by {{ payer.name }}?\"",
                with: "  title:\n    en: \"{{ procedure.name }} denied as {{ reason.phrase }} by {{ payer.name }}?\"\n    es: \"¿{{ payer.name }} denegó {{ procedure.short_name }} por {{ reason.phrase }}?\""),
        ]
        for (k, v) in extra { changes[k] = v }
        return Fixtures.copy("mini", changing: changes)
    }

    static func plan(_ content: String) throws -> SiteRenderer {
        let (site, _) = try ContentLoader.load(from: content)
        let (plan, _) = try Planner.plan(site, buildDate: date)
        return SiteRenderer(plan: plan, theme: try Theme.load(from: Fixtures.defaultTheme))
    }

    @Test func perLanguageFieldsLoadWithTheDefaultInThePlainField() throws {
        let (site, _) = try ContentLoader.load(from: Self.bilingual())
        #expect(site.config.languages.map(\.code) == ["en", "es"])
        #expect(site.config.languages[1].prefix == "/es")
        let kyphoplasty = try #require(site.entities[0].first { $0.slug == "kyphoplasty" })
        #expect(kyphoplasty.fields["name"] == "Kyphoplasty")
        #expect(kyphoplasty.localized["es"]?["name"] == "Cifoplastia")
        let lede = try #require(site.fragments.first { $0.location.file.hasSuffix("sections/es/lede.md") })
        #expect(lede.language == 1 && lede.translates == "sections/lede.md" && lede.translation == .stale)
    }

    @Test func badLanguageDataIsALocatedError() throws {
        let noDefault = Self.bilingual(["payers/medicare.md": "---\nname: { es: Medicare }\n---\n"])
        #expect(throws: DiagnosticError.self) { try ContentLoader.load(from: noDefault) }
        do { _ = try ContentLoader.load(from: noDefault) } catch {
            let e = try #require(error.diagnostics.error(containing: "missing `en`"))
            #expect(e.location?.file.hasSuffix("payers/medicare.md") == true && e.location?.line == 2)
        }
        let unknown = Self.bilingual(["payers/medicare.md": "---\nname: { en: Medicare, fr: Medicare }\n---\n"])
        do { _ = try ContentLoader.load(from: unknown); Issue.record("expected an error") } catch {
            #expect(error.diagnostics.error(containing: "unknown key `fr`") != nil)
        }
        let noPrefix = Self.bilingual(["site.yaml": Fixtures.read(Fixtures.path("mini/site.yaml")) + "languages:\n  - { code: en, name: English }\n  - { code: es, name: Español }\n"])
        do { _ = try ContentLoader.load(from: noPrefix); Issue.record("expected an error") } catch {
            #expect(error.diagnostics.error(containing: "needs a `prefix`") != nil)
        }
        let badLang = Self.bilingual(["sections/lede-fr.md": "---\nsection: lede\nlang: fr\n---\nBonjour.\n"])
        do { _ = try ContentLoader.load(from: badLang); Issue.record("expected an error") } catch {
            let e = try #require(error.diagnostics.error(containing: "`lang` names `fr`"))
            #expect(e.location?.file.hasSuffix("sections/lede-fr.md") == true)
        }
    }

    @Test func completeOnlyBuildsAPageOnlyWhereEveryRequiredSectionAndNameIsTranslated() throws {
        let renderer = try Self.plan(Self.bilingual())
        let spanish = renderer.plan.cells.filter { $0.language == 1 }.map(\.path).sorted()
        // Aetna has no Spanish name and no Spanish checklist; lumbar-mri no Spanish name.
        #expect(spanish == ["/es/kyphoplasty/medicare/experimental/", "/es/kyphoplasty/medicare/medical-necessity/"])
        let english = renderer.plan.cells.filter { $0.language == 0 }.count
        #expect(english == 6)
    }

    @Test func fallbackNoindexBuildsPartlyTranslatedPagesAsNoindex() throws {
        let renderer = try Self.plan(Self.bilingual(translations: "fallback-noindex"))
        let cells = renderer.plan.cells.filter { $0.language == 1 }
        // Every page has the Spanish lede, so every page exists in Spanish.
        #expect(cells.count == 6)
        let aetna = try #require(cells.first { $0.path == "/es/kyphoplasty/aetna/medical-necessity/" })
        #expect(aetna.fallback && !renderer.isIndexable(aetna))
        let html = renderer.renderPage(renderer.plan.cells.firstIndex { $0.path == aetna.path }!)
        #expect(html.contains("noindex,follow") && !html.contains("hreflang=\"en\" href"))
    }

    @Test func aSpanishPageIsWrittenInSpanishWordsWithTheSameNumbers() throws {
        let renderer = try Self.plan(Self.bilingual())
        let i = try #require(renderer.plan.cells.firstIndex { $0.path == "/es/kyphoplasty/medicare/medical-necessity/" })
        let html = renderer.renderPage(i)
        #expect(html.contains("<title>¿Medicare denegó la cifoplastia por falta de necesidad médica?</title>"))
        #expect(html.contains("Puede apelar dentro de 120 días"))
        #expect(html.contains("Plazo para apelar") && html.contains("Fuentes") && !html.contains("Deadline to appeal"))
        #expect(html.contains("<a href=\"/guides/es/\">Inicio</a>"))
        #expect(renderer.ctaURL(renderer.plan.cells[i]).contains("lang=es"))
        // The English page is unchanged but for its link to the Spanish one.
        let en = renderer.renderPage(try #require(renderer.plan.cells.firstIndex { $0.path == "/kyphoplasty/medicare/medical-necessity/" }))
        #expect(en.contains("Deadline to appeal") && en.contains("href=\"/guides/es/kyphoplasty/medicare/medical-necessity/\""))
        // Hubs and the home page exist per language, under the prefix.
        let files = renderer.outputs().list.map(\.file)
        #expect(files.contains("es/index.html") && files.contains("es/404.html") && files.contains("es/payers/medicare/index.html"))
        #expect(!files.contains("es/payers/aetna/index.html"))
    }

    @Test func anOfferForOneLanguageWinsOnItsPagesOnly() throws {
        let offers = Fixtures.read(Fixtures.path("mini/offers.yaml")) + """
          - id: espanol
            lang: es
            name: { en: Appeal letter, es: Carta de apelación }
            code: ES10
            list_price: 40
            price: 30
            valid_from: 2026-01-01
            valid_until: 2027-12-31
            headline: { en: Your letter, es: Su carta de apelación }
            text: { en: We draft it., es: Nosotros la redactamos. }
            button: { en: Start, es: Empezar }

        """
        let renderer = try Self.plan(Self.bilingual(["offers.yaml": offers]))
        let site = renderer.plan.site
        for cell in renderer.plan.cells {
            let id = site.offers.offers[cell.offer].id
            if cell.language == 1 { #expect(id == "espanol", "\(cell.path)") } else { #expect(id != "espanol", "\(cell.path)") }
        }
        let i = try #require(renderer.plan.cells.firstIndex { $0.language == 1 })
        #expect(renderer.renderPage(i).contains("Su carta de apelación"))
    }
}
