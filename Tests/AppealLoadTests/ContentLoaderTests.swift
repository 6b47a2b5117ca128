import AppealLoad
import AppealModel
import AppealTestSupport
import Foundation
import Testing

@Suite struct ContentLoaderTests {
    func diagnostics(changing changes: [String: String?]) -> [Diagnostic] {
        let dir = Fixtures.copy("mini", changing: changes)
        do {
            _ = try ContentLoader.load(from: dir)
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func loadsTheFixtureSite() throws {
        let (site, warnings) = try ContentLoader.load(from: Fixtures.path("mini"))
        #expect(warnings.isEmpty)
        #expect(site.matrix.dimensions.map(\.key) == ["procedure", "payer", "reason"])
        #expect(site.entities.map { $0.map(\.slug) } == [["kyphoplasty", "lumbar-mri"], ["aetna", "medicare"], ["experimental", "medical-necessity"]])
        let medicare = site.entities[1][1]
        #expect(medicare.policies == ["original-medicare", "medicare-advantage"])
        let om = try #require(site.policies["original-medicare"])
        #expect(om.levels[0].deadline.days == 120)
        #expect(om.levels[0].form == "CMS-20027")
        #expect(site.policies["medicare-advantage"]?.levels[0].deadline.description == "65 days from the date on the notice")
        #expect(site.offers.offers.map(\.id) == ["seo25", "medicare20", "summer"])
        #expect(site.offers.offers[0].listPriceCents == 4000 && site.offers.offers[0].priceCents == 3000)
        #expect(site.fragments.count == 4)
        #expect(site.config.baseURL.pathPrefix == "/guides")
    }

    @Test func malformedYAMLGivesItsLineAndColumn() throws {
        let d = diagnostics(changing: ["site.yaml": "name: Mini\nbase_url: [https://example.org\nlanguage: en-US\n"])
        let e = try #require(d.error(containing: "malformed YAML"))
        #expect(e.location?.file.hasSuffix("/site.yaml") == true)
        #expect((e.location?.line ?? 0) >= 2)
    }

    @Test func unknownKeyListsTheNearestAllowedKey() throws {
        let d = diagnostics(changing: ["payers/aetna.md": "---\nname: Aetna\npolicys: [employer-erisa]\n---\n"])
        let e = try #require(d.error(containing: "unknown key `policys`"))
        #expect(e.location?.line == 3)
        #expect(e.location?.column == 1)
        #expect(e.hint == "did you mean `policies`?")
    }

    @Test func missingKeyWrongTypeAndBadDateAreAllReportedInOnePass() throws {
        let policy = """
        name: Broken
        source: https://example.org/rule
        reviewed: 2026-02-30
        levels:
          - name: Appeal
            decided_by: [a, b]
            deadline: { days: sixty }
            decision: { days: 30 }
        """
        let d = diagnostics(changing: ["policies/broken.yaml": policy])
        #expect(d.error(containing: "`reviewed` in policy `broken` is not a date") != nil)
        #expect(d.error(containing: "`decided_by` in an appeal level must be text") != nil)
        #expect(d.error(containing: "`days` in `deadline` must be a whole number") != nil)
        #expect(d.error(containing: "an appeal level is missing `citation`") != nil)
        let date = try #require(d.error(containing: "is not a date"))
        #expect(date.location?.line == 3 && date.location?.column == 11)
    }

    @Test func invalidSlugIsRejectedWithARename() throws {
        let d = diagnostics(changing: ["payers/Blue_Cross.md": "---\nname: Blue Cross\n---\n"])
        let e = try #require(d.error(containing: "`Blue_Cross` is not a valid slug"))
        #expect(e.hint == "rename the file to blue-cross.md")
    }

    @Test func nonUTF8FileNamesTheFirstBadByte() throws {
        let dir = Fixtures.copy("mini")
        let bytes: [UInt8] = Array("---\nname: Aetna\n---\nCaf".utf8) + [0xE9] + Array(" ok\n".utf8)
        FileManager.default.createFile(atPath: dir + "/payers/aetna.md", contents: Data(bytes))
        do {
            _ = try ContentLoader.load(from: dir)
            Issue.record("expected an error")
        } catch {
            let e = try #require(error.diagnostics.error(containing: "not valid UTF-8"))
            #expect(e.location?.line == 4 && e.location?.column == 4)
        }
    }

    @Test func duplicateKeysAreAnError() throws {
        let d = diagnostics(changing: ["reasons/experimental.md": "---\nname: A\nname: B\nphrase: x\n---\n"])
        #expect(d.error(containing: "appears twice") != nil)
    }

    @Test func selectorsMustNameRealValues() throws {
        let d = diagnostics(changing: ["sections/extra.md": "---\nsection: lede\nfor: { payer: medicar }\n---\nHi\n"])
        let e = try #require(d.error(containing: "unknown payer `medicar`"))
        #expect(e.hint?.hasPrefix("did you mean `medicare`?") == true)
        #expect(e.location?.line == 3)
    }

    @Test func unknownSectionAndUnknownPolicyAreReported() throws {
        let d = diagnostics(changing: [
            "sections/extra.md": "---\nsection: ledee\n---\nHi\n",
            "payers/aetna.md": "---\nname: Aetna\npolicies: [employer-erisaa]\n---\n",
        ])
        #expect(d.error(containing: "unknown section `ledee`")?.hint?.hasPrefix("did you mean `lede`?") == true)
        #expect(d.error(containing: "lists policy `employer-erisaa`")?.hint?.hasPrefix("did you mean `employer-erisa`?") == true)
    }

    @Test func urlPatternMustUseEveryDimensionSlug() throws {
        let matrix = Fixtures.read(Fixtures.path("mini/matrix.yaml"))
            .replacingOccurrences(of: "url: /{{ procedure.slug }}/{{ payer.slug }}/{{ reason.slug }}/", with: "url: /{{ procedure.slug }}/{{ payer.name }}/")
        let d = diagnostics(changing: ["matrix.yaml": matrix])
        #expect(d.error(containing: "may only use `{{ <dimension>.slug }}`, found `{{ payer.name }}`") != nil)
        #expect(d.error(containing: "does not use `{{ reason.slug }}`") != nil)
    }

    @Test func offerWindowsAndPricesAreChecked() throws {
        let offers = Fixtures.read(Fixtures.path("mini/offers.yaml"))
            .replacingOccurrences(of: "valid_until: 2027-12-31", with: "valid_until: 2025-12-31")
            .replacingOccurrences(of: "price: 20", with: "price: 50")
        let d = diagnostics(changing: ["offers.yaml": offers])
        #expect(d.error(containing: "`valid_until` (2025-12-31) is before `valid_from` (2026-01-01)") != nil)
        #expect(d.error(containing: "`price` is higher than `list_price`") != nil)
    }
}

@Suite struct MatrixDeclarationTests {
    @Test func twoDimensionsCannotShareAFolder() throws {
        let matrix = Fixtures.read(Fixtures.path("mini/matrix.yaml")).replacingOccurrences(of: "folder: reasons", with: "folder: payers")
        do {
            _ = try ContentLoader.load(from: Fixtures.copy("mini", changing: ["matrix.yaml": matrix]))
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.error(containing: "dimensions `payer` and `reason` both use folder `payers`") != nil)
        }
    }
}
