import AppealLoad
import AppealModel
import AppealTestSupport
import Testing

/// `for:` and `except:` in a policy file: the selector language of sections, read strictly.
@Suite struct PolicyRulesLoaderTests {
    static let file = "policies/medicare-advantage.yaml"
    static let policy = Fixtures.read(Fixtures.path("mini/" + file))

    /// The mini fixture's Medicare Advantage policy with `lines` inserted after `reviewed:` (line 5),
    /// so the first inserted line is line 6.
    func policy(inserting lines: String) -> String {
        Self.policy.replacingOccurrences(of: "reviewed: 2026-10-01\n", with: "reviewed: 2026-10-01\n" + lines)
    }

    func diagnostics(_ lines: String) -> [Diagnostic] {
        do {
            _ = try ContentLoader.load(from: Fixtures.copy("mini", changing: [Self.file: policy(inserting: lines)]))
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func rulesLoadAsSelectorsOneOrAList() throws {
        let text = policy(inserting: "for: { payer: aetna, reason: [experimental, medical-necessity] }\nexcept:\n  - { procedure: lumbar-mri }\n  - { payer: medicare, reason: experimental }\n")
        let (site, warnings) = try ContentLoader.load(from: Fixtures.copy("mini", changing: [Self.file: text]))
        #expect(warnings.isEmpty)
        let ma = try #require(site.policies["medicare-advantage"])
        #expect(ma.includes.count == 1 && ma.excludes.count == 2)
        #expect(ma.includes[0].allowed[1] == ["aetna"] && ma.includes[0].allowed[2] == ["experimental", "medical-necessity"])
        #expect(ma.includes[0].specificity == 2)
        #expect(ma.excludes[0].allowed[0] == ["lumbar-mri"] && ma.excludes[1].specificity == 2)
        #expect(ma.includes[0].location.line == 6)
        // A policy without rules has none: its values' `policies:` lists place it.
        #expect(site.policies["original-medicare"]?.includes.isEmpty == true)
    }

    @Test func anUnknownDimensionIsALocatedErrorWithASuggestion() throws {
        let d = diagnostics("for: { payr: aetna }\n")
        let error = try #require(d.error(containing: "unknown key `payr` in `for` of policy `medicare-advantage`"))
        #expect(error.location?.file.hasSuffix(Self.file) == true)
        #expect(error.location?.line == 6 && error.location?.column == 8)
        #expect(error.hint?.contains("did you mean `payer`?") == true)
    }

    @Test func anUnknownValueIsALocatedErrorWithASuggestion() throws {
        let d = diagnostics("except: { payer: [aetna, medicar] }\n")
        let error = try #require(d.error(containing: "unknown payer `medicar`"))
        #expect(error.location?.file.hasSuffix(Self.file) == true)
        #expect(error.location?.line == 6 && error.location?.column == 26)
        #expect(error.hint?.hasPrefix("did you mean `medicare`?") == true)
    }

    @Test func aMisspeltRuleKeyIsAnErrorNamingTheRightOne() throws {
        let d = diagnostics("excpet: { payer: aetna }\n")
        let error = try #require(d.error(containing: "unknown key `excpet` in policy `medicare-advantage`"))
        #expect(error.location?.line == 6 && error.location?.column == 1)
        #expect(error.hint?.contains("`except`") == true)
    }

    @Test func emptyRulesAreErrorsNotSilentDefaults() throws {
        #expect(diagnostics("except: {}\n").error(containing: "an empty `except` rule would remove policy `medicare-advantage` from every page")?.location?.line == 6)
        #expect(diagnostics("for:\n").error(containing: "`for` of policy `medicare-advantage` is empty") != nil)
        #expect(diagnostics("for: { payer: [] }\n").error(containing: "`payer` in `for` of policy `medicare-advantage` lists no values") != nil)
        #expect(diagnostics("for: [aetna]\n").error(containing: "must be a mapping") != nil)
        // `for: {}` is allowed: a ladder for every page of the site.
        #expect(diagnostics("for: {}\n").isEmpty)
    }

    @Test func freeHelpLoadsInOrderWithItsOptionalFields() throws {
        let text = policy(inserting: """
        help:
          - { name: 1-800-MEDICARE, phone: 1-800-633-4227, what: Medicare's help line., url: "https://www.medicare.gov/", source: "https://www.shiphelp.org/" }
          - { name: SHIP, what: Free counseling., url: "https://www.shiphelp.org/" }

        """)
        let (site, _) = try ContentLoader.load(from: Fixtures.copy("mini", changing: [Self.file: text]))
        let help = try #require(site.policies["medicare-advantage"]?.help)
        #expect(help.map(\.name) == ["1-800-MEDICARE", "SHIP"])
        #expect(help[0].phone == "1-800-633-4227" && help[0].source == "https://www.shiphelp.org/")
        #expect(help[1].phone == nil && help[1].source == nil && help[1].location.line == 8)
        #expect(site.policies["original-medicare"]?.help.isEmpty == true)
    }

    @Test func freeHelpIsReadStrictly() throws {
        let unknown = diagnostics("help:\n  - { name: SHIP, what: Counseling., url: \"https://www.shiphelp.org/\", phnoe: 1 }\n")
        let error = try #require(unknown.error(containing: "unknown key `phnoe` in a `help` entry"))
        #expect(error.location?.line == 7 && error.hint?.contains("`phone`") == true)
        let missing = try #require(diagnostics("help:\n  - { name: SHIP, url: \"https://www.shiphelp.org/\" }\n").error(containing: "is missing `what`"))
        #expect(missing.location?.file.hasSuffix(Self.file) == true && missing.location?.line == 7)
        #expect(diagnostics("help:\n  - { name: SHIP, what: Counseling., url: shiphelp.org }\n").error(containing: "must be an absolute http(s) URL") != nil)
    }
}
