import AppealLoad
import AppealModel
import AppealPlan
import AppealTestSupport
import Testing

/// Which ladders each cell shows: values' `policies:` lists as the default, a policy's own `for:` and
/// `except:`, the most specific rule winning and `except` winning a tie.
@Suite struct LadderRulesTests {
    let date = Day(iso: "2026-11-29")!

    static func policy(_ slug: String, inserting lines: String) -> (String, String?) {
        let file = "policies/\(slug).yaml"
        let text = Fixtures.read(Fixtures.path("mini/" + file))
        let at = try! #require(text.firstRange(of: /reviewed: [0-9-]+\n/))
        return (file, text.replacingCharacters(in: at, with: String(text[at]) + lines))
    }

    func plan(_ changes: [(String, String?)] = []) throws -> SitePlan {
        let dir = changes.isEmpty ? Fixtures.path("mini") : Fixtures.copy("mini", changing: Dictionary(uniqueKeysWithValues: changes))
        let (site, _) = try ContentLoader.load(from: dir)
        return try Planner.plan(site, buildDate: date).0
    }

    func errors(_ changes: [(String, String?)]) throws -> [Diagnostic] {
        let (site, _) = try ContentLoader.load(from: Fixtures.copy("mini", changing: Dictionary(uniqueKeysWithValues: changes)))
        do {
            _ = try Planner.plan(site, buildDate: date)
            return []
        } catch {
            return error.diagnostics
        }
    }

    func ladders(_ plan: SitePlan, _ path: String) throws -> [String] {
        plan.policies(try #require(plan.cells.first { $0.path == path }, "no page \(path)"))
    }

    @Test func theValuesListsAreTheDefault() throws {
        let p = try plan()
        #expect(try ladders(p, "/kyphoplasty/medicare/experimental/") == ["original-medicare", "medicare-advantage"])
        #expect(try ladders(p, "/lumbar-mri/aetna/medical-necessity/") == ["employer-erisa"])
        // Pages are cells of a few integers: two distinct lists for six pages, each stored once.
        #expect(p.ladderLists.count == 2)
        #expect(Set(p.cells.map(\.ladders)).count == 2)
    }

    @Test func forAddsALadderWhereItsSelectorMatches() throws {
        let p = try plan([Self.policy("employer-erisa", inserting: "for: { payer: medicare, reason: experimental }\n")])
        // Listed ladders first, in the values' order; then the ones only a `for:` brings.
        #expect(try ladders(p, "/kyphoplasty/medicare/experimental/") == ["original-medicare", "medicare-advantage", "employer-erisa"])
        #expect(try ladders(p, "/kyphoplasty/medicare/medical-necessity/") == ["original-medicare", "medicare-advantage"])
        #expect(try ladders(p, "/kyphoplasty/aetna/experimental/") == ["employer-erisa"])
    }

    @Test func exceptRemovesALadderAndWinsATie() throws {
        // `except: { reason: experimental }` names one dimension, like medicare.md's `policies:`: a tie, so except wins.
        let p = try plan([Self.policy("medicare-advantage", inserting: "except: { reason: experimental }\n")])
        #expect(try ladders(p, "/kyphoplasty/medicare/experimental/") == ["original-medicare"])
        #expect(try ladders(p, "/kyphoplasty/medicare/medical-necessity/") == ["original-medicare", "medicare-advantage"])
        #expect(try ladders(p, "/lumbar-mri/medicare/medical-necessity/") == ["original-medicare", "medicare-advantage"])
    }

    @Test func theMostSpecificRuleWins() throws {
        let p = try plan([Self.policy("medicare-advantage", inserting: """
            except: { reason: experimental }
            for: { payer: medicare, reason: experimental, procedure: kyphoplasty }

            """)])
        // Three dimensions beat one: the `for:` brings it back on exactly that cell.
        #expect(try ladders(p, "/kyphoplasty/medicare/experimental/") == ["original-medicare", "medicare-advantage"])
        // An `except` naming two dimensions beats a value's list (one), and loses to a three-dimension `for:`.
        let q = try plan([Self.policy("medicare-advantage", inserting: """
            except: { payer: medicare, reason: medical-necessity }
            for: { payer: medicare, reason: medical-necessity, procedure: lumbar-mri }

            """)])
        #expect(try ladders(q, "/kyphoplasty/medicare/medical-necessity/") == ["original-medicare"])
        #expect(try ladders(q, "/lumbar-mri/medicare/medical-necessity/") == ["original-medicare", "medicare-advantage"])
        #expect(try ladders(q, "/kyphoplasty/medicare/experimental/") == ["original-medicare", "medicare-advantage"])
    }

    @Test func aForThatAddsNothingIsAWarningPointingToExcept() throws {
        // medicare.md lists Medicare Advantage, so a `for:` meant to narrow it to one reason adds nothing.
        let (file, text) = Self.policy("medicare-advantage", inserting: "for: { payer: medicare, reason: experimental }\n")
        let (site, _) = try ContentLoader.load(from: Fixtures.copy("mini", changing: [file: text]))
        let (p, warnings) = try Planner.plan(site, buildDate: date)
        let warning = try #require(warnings.first { $0.message.contains("this `for:` of policy `medicare-advantage` adds its ladder to no page") })
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("`policies:` in payers/medicare.md"))
        #expect(warning.location?.file.hasSuffix(file) == true && warning.location?.line == 6)
        #expect(warning.hint?.contains("use `except:`") == true)
        #expect(try ladders(p, "/kyphoplasty/medicare/medical-necessity/").contains("medicare-advantage"))
        // A `for:` that brings the ladder somewhere new is not redundant.
        let (file2, text2) = Self.policy("medicare-advantage", inserting: "for: { payer: aetna, reason: experimental }\n")
        let (site2, _) = try ContentLoader.load(from: Fixtures.copy("mini", changing: [file2: text2]))
        #expect(try Planner.plan(site2, buildDate: date).1.allSatisfy { !$0.message.contains("adds its ladder to no page") })
    }

    @Test func aPageWithNoLadderIsOneErrorPerCause() throws {
        // Aetna lists nothing: its three pages miss every rule, reported once, at the payer's file.
        let unlisted = try errors([("payers/aetna.md", "---\nname: Aetna\n---\n")])
        let none = unlisted.filter { $0.message.contains("no appeal ladder applies") }
        #expect(none.count == 1)
        let error = try #require(none.first)
        #expect(error.message.contains("to 3 page(s), e.g. kyphoplasty × aetna × experimental"))
        #expect(error.message.contains("none of its values lists a policy"))
        #expect(error.location?.file.hasSuffix("payers/aetna.md") == true)

        // An `except` that removes the only ladder is named, at its own line.
        let excepted = try errors([Self.policy("employer-erisa", inserting: "except: { reason: experimental }\n")])
        let removed = try #require(excepted.error(containing: "no appeal ladder applies to 1 page(s), e.g. kyphoplasty × aetna × experimental"))
        #expect(removed.message.contains("removes `employer-erisa`"))
        #expect(removed.location?.file.hasSuffix("policies/employer-erisa.yaml") == true && removed.location?.line == 6)

        // A `for:` that misses a cell in one dimension is named with the value it does not name.
        let missed = try errors([("payers/aetna.md", "---\nname: Aetna\n---\n"),
                                 Self.policy("employer-erisa", inserting: "for: { payer: aetna, reason: medical-necessity }\n")])
        let near = try #require(missed.error(containing: "no appeal ladder applies to 1 page(s)"))
        #expect(near.message.contains("does not name reason `experimental`"))
        #expect(near.location?.line == 6)
        #expect(missed.filter { $0.message.contains("no appeal ladder") }.count == 1)
    }
}
