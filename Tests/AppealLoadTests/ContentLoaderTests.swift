import AppealLoad
import AppealModel
import AppealTestSupport
import Foundation
import Testing

@Suite struct ContentLoaderTests {
    func diagnostics(changing changes: [String: String?]) -> [Diagnostic] { loadDiagnostics(changing: changes) }

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
        _ = FileManager.default.createFile(atPath: dir + "/payers/aetna.md", contents: Data(bytes))
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
        let dotted = Fixtures.read(Fixtures.path("mini/matrix.yaml"))
            .replacingOccurrences(of: "url: /{{ procedure.slug }}/", with: "url: /./{{ procedure.slug }}//")
        #expect(diagnostics(changing: ["matrix.yaml": dotted]).error(containing: "use plain path segments") != nil)
    }

    @Test func offerWindowsAndPricesAreChecked() throws {
        let offers = Fixtures.read(Fixtures.path("mini/offers.yaml"))
            .replacingOccurrences(of: "valid_until: 2027-12-31", with: "valid_until: 2025-12-31")
            .replacingOccurrences(of: "price: 20", with: "price: 50")
        let d = diagnostics(changing: ["offers.yaml": offers])
        #expect(d.error(containing: "`valid_until` (2025-12-31) is before `valid_from` (2026-01-01)") != nil)
        #expect(d.error(containing: "`price` is higher than `list_price`") != nil)
    }

    @Test func hugeOrSignedPricesAreErrorsNotCrashes() throws {
        let offers = Fixtures.read(Fixtures.path("mini/offers.yaml"))
            .replacingOccurrences(of: "list_price: 40\n    price: 30", with: "list_price: 100000000000000000\n    price: 40.-1")
        let d = diagnostics(changing: ["offers.yaml": offers])
        #expect(d.error(containing: "`list_price` must be an amount such as 40 or 29.50, found `100000000000000000`") != nil)
        #expect(d.error(containing: "`price` must be an amount such as 40 or 29.50, found `40.-1`") != nil)
    }
}

@Suite struct CheckSettingsTests {
    let site = Fixtures.read(Fixtures.path("mini/site.yaml"))

    @Test func checksDefaultWhenAbsentAndAreReadWhenGiven() throws {
        let (plain, _) = try ContentLoader.load(from: Fixtures.path("mini"))
        #expect(plain.config.checks == CheckSettings())
        let text = site + """
        checks:
          similarity: 0.8
          thin_min_words: 120
          thin_min_unique_words: 25
          policy_max_age_days: 180
          offer_warning_days: 14
          title_length: { min: 10, max: 65 }
          description_length: { max: 150 }

        """
        let (loaded, _) = try ContentLoader.load(from: Fixtures.copy("mini", changing: ["site.yaml": text]))
        let checks = loaded.config.checks
        #expect(checks.similarity == 0.8 && checks.thinMinWords == 120 && checks.thinMinUniqueWords == 25)
        #expect(checks.policyMaxAgeDays == 180 && checks.offerWarningDays == 14)
        #expect(checks.titleLength == 10...65)
        #expect(checks.descriptionLength == 70...150)
    }

    @Test func unknownAndOutOfRangeCheckKeysAreErrors() throws {
        let text = site + "checks:\n  similarity: 1.5\n  polcy_max_age_days: 30\n  title_length: { min: 80, max: 60 }\n"
        do {
            _ = try ContentLoader.load(from: Fixtures.copy("mini", changing: ["site.yaml": text]))
            Issue.record("expected an error")
        } catch {
            let unknown = try #require(error.diagnostics.error(containing: "unknown key `polcy_max_age_days` in `checks`"))
            #expect(unknown.hint == "did you mean `policy_max_age_days`?")
            #expect(unknown.location?.line == 10)
            #expect(error.diagnostics.error(containing: "`similarity` in `checks` must be a number above 0 and at most 1") != nil)
            #expect(error.diagnostics.error(containing: "`min` (80) is above `max` (60) in `title_length`") != nil)
        }
    }

    @Test func fragmentsMayCarryAnUpdatedDate() throws {
        let lede = "---\nsection: lede\nupdated: 2026-11-25\n---\nHello {{ payer.name }}.\n"
        let (site, _) = try ContentLoader.load(from: Fixtures.copy("mini", changing: ["sections/lede.md": lede]))
        let fragment = try #require(site.fragments.first { $0.location.file.hasSuffix("sections/lede.md") })
        #expect(fragment.updated == Day(iso: "2026-11-25"))
        // Text after a placeholder is located where the placeholder's token ends.
        let texts = fragment.body.locatedText
        #expect(texts.count == 2)
        #expect(texts[0].start?.line == 5 && texts[0].start?.column == 1)
        #expect(texts[1].text == ".\n" && texts[1].start?.line == 5 && texts[1].start?.column == 23)

        do {
            _ = try ContentLoader.load(from: Fixtures.copy("mini", changing: ["sections/lede.md": "---\nsection: lede\nupdated: soon\n---\nHi\n"]))
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.error(containing: "`updated` in the front matter of a fragment is not a date")?.location?.line == 3)
        }
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

/// An empty file or front matter is a located error, never a silent "no data" (issue 17).
@Suite struct EmptyInputTests {
    @Test(arguments: [
        ("site.yaml", "", "site.yaml", 1, "the file is empty"),
        ("matrix.yaml", "# only a comment\n", "matrix.yaml", 1, "the file is empty"),
        ("offers.yaml", "\n\n", "offers.yaml", 1, "the file is empty"),
        ("policies/employer-erisa.yaml", "", "policies/employer-erisa.yaml", 1, "the file is empty"),
        ("payers/aetna.md", "---\n---\nProse.\n", "payers/aetna.md", 2, "the front matter is empty"),
        ("sections/lede.md", "---\n# a comment\n---\nText.\n", "sections/lede.md", 2, "the front matter is empty"),
    ])
    func isALocatedError(_ file: String, _ text: String, _ at: String, _ line: Int, _ message: String) throws {
        let content = Fixtures.copy("mini", changing: [file: text])
        do {
            _ = try ContentLoader.load(from: content)
            Issue.record("\(file) loaded empty")
        } catch {
            let e = try #require(error.diagnostics.first { $0.message.hasPrefix(message) }, "\(error.diagnostics)")
            #expect(e.location?.file == content + "/" + at && e.location?.line == line)
        }
    }
}

/// The CTA's query never carries a name twice, and an ended fallback offer is never published (issue 17).
@Suite struct OfferSafetyTests {
    static let offers = Fixtures.read(Fixtures.path("mini/offers.yaml"))

    @Test(arguments: [
        ("parameters: { procedure: procedure, payer: payer, reason: reason }", "parameters: { procedure: coupon, payer: payer, reason: reason }",
         "the CTA's query would carry `coupon` twice: for the parameter of `procedure` and for `coupon_parameter`"),
        ("parameters: { procedure: procedure, payer: payer, reason: reason }", "parameters: { procedure: utm_source, payer: payer, reason: reason }",
         "the CTA's query would carry `utm_source` twice"),
        ("target: https://app.appealpress.example/start", "target: https://app.appealpress.example/start?payer=x",
         "the CTA's query would carry `payer` twice: for the target URL and for the parameter of `payer`"),
    ])
    func aQueryNameUsedTwiceIsALocatedError(_ old: String, _ new: String, _ message: String) throws {
        #expect(Self.offers.contains(old))
        let content = Fixtures.copy("mini", changing: ["offers.yaml": Self.offers.replacingOccurrences(of: old, with: new)])
        do {
            _ = try ContentLoader.load(from: content)
            Issue.record("loaded")
        } catch {
            let e = try #require(error.diagnostics.first { $0.message.hasPrefix(message) }, "\(error.diagnostics)")
            #expect(e.location?.file == content + "/offers.yaml" && (e.location?.line ?? 0) >= 1)
        }
    }
}

/// The URL pattern's literal text goes into every canonical and sitemap entry as it stands: only
/// plain path characters, at the pattern's line and column (issue 17).
@Suite struct URLPatternTests {
    static let url = "url: /{{ procedure.slug }}/{{ payer.slug }}/{{ reason.slug }}/"

    @Test(arguments: [
        ("/%2e%2e/", "contains `%`"),
        ("/my guides/", "contains ` `"),
        ("/<script>/", "contains `<`"),
        ("/\"x\"/", "contains `\"`"),
        ("/.hidden/", "makes a hidden folder"),
    ])
    func literalTextMustBePlainPathCharacters(_ prefix: String, _ message: String) throws {
        let matrix = Fixtures.read(Fixtures.path("mini/matrix.yaml"))
        #expect(matrix.contains(Self.url))
        let pattern = "url: '" + String(prefix.dropLast()) + "/{{ procedure.slug }}/{{ payer.slug }}/{{ reason.slug }}/'"
        let content = Fixtures.copy("mini", changing: ["matrix.yaml": matrix.replacingOccurrences(of: Self.url, with: pattern)])
        do {
            _ = try ContentLoader.load(from: content)
            Issue.record("loaded \(prefix)")
        } catch {
            let e = try #require(error.diagnostics.first { $0.message.contains(message) }, "\(error.diagnostics)")
            #expect(e.location?.file == content + "/matrix.yaml" && (e.location?.line ?? 0) > 1)
        }
    }

    @Test func aSuffixAfterAPlaceholderIsFine() throws {
        let matrix = Fixtures.read(Fixtures.path("mini/matrix.yaml"))
            .replacingOccurrences(of: Self.url, with: "url: /guides/{{ procedure.slug }}/{{ payer.slug }}-{{ reason.slug }}.html")
        _ = try ContentLoader.load(from: Fixtures.copy("mini", changing: ["matrix.yaml": matrix]))
    }
}
