import AppealBuild
import AppealCheck
import AppealModel
@testable import AppealScaffold
import AppealTestSupport
import Foundation
import Testing

/// Every scaffolded file must load and plan without errors in a copy of a real site.
@Suite struct ScaffoldTests {
    static let today = Day(iso: "2026-11-29")!

    func create(_ kind: String, _ slug: String, in content: String, name: String? = nil, section: String? = nil,
                for selectors: [String] = []) throws(ScaffoldError) -> ScaffoldFile {
        let file = try Scaffold.file(for: ScaffoldRequest(kind: kind, slug: slug, name: name, section: section, selectors: selectors, today: Self.today),
                                     content: content)
        try Scaffold.write(file)
        return file
    }

    /// The errors that stop the site from planning (caught here: none means it planned).
    func planErrors(_ content: String) -> [Diagnostic] {
        do {
            _ = try SiteBuilder.prepare(BuildOptions(content: content, theme: Fixtures.defaultTheme, output: "", date: Self.today))
            return []
        } catch {
            return error.diagnostics.filter { $0.severity == .error }
        }
    }

    /// Loads and plans the site; returns its page count.
    func plan(_ content: String) throws -> Int {
        let site = try SiteBuilder.prepare(BuildOptions(content: content, theme: Fixtures.defaultTheme, output: "", date: Self.today))
        // A scaffold's TODO on pages that are noindex anyway (unreviewed, under `review: required`) is only a warning.
        let warnings = site.findings.filter { $0.category == .content }.map(\.diagnostic).filter { !$0.message.contains("pages built noindex") }
        #expect(warnings.isEmpty, "\(warnings)")
        return site.renderer.plan.cells.count
    }

    @Test func eachKindLoadsAndPlansWithoutErrors() throws {
        let content = Fixtures.copy("mini")
        #expect(try plan(content) == 6)
        let procedure = try create("procedure", "knee-scope", in: content, name: "Knee arthroscopy")
        #expect(procedure.path == content + "/procedures/knee-scope.md")
        #expect(procedure.nextSteps.isEmpty)
        #expect(try plan(content) == 10)
        let payer = try create("payer", "oscar-health", in: content)
        // A new payer brings no ladder in this fixture: `new` says so, and the editor lists one.
        #expect(payer.nextSteps.contains { $0.contains("no appeal ladder yet") && $0.contains("payers/oscar-health.md") })
        try Fixtures.read(payer.path).replacingOccurrences(of: "# policies: [", with: "policies: [")
            .write(toFile: payer.path, atomically: true, encoding: .utf8)
        _ = try create("reasons", "step-therapy", in: content)   // the folder name works as well as the key
        _ = try create("policy", "state-review", in: content)
        // 3 procedures × 3 payers × 3 reasons, less lumbar-mri × experimental on each payer.
        #expect(try plan(content) == 24)
        // A new fragment loads, but its TODO line stops the build while it would reach an indexable page.
        _ = try create("section", "angles/knee-scope--aetna", in: content, for: ["procedure=knee-scope", "payer=aetna"])
        _ = try create("section", "checklist/oscar", in: content, section: "checklist", for: ["payer=oscar-health,aetna"])
        let errors = planErrors(content)
        #expect(errors.contains { $0.location?.file.hasSuffix("sections/angles/knee-scope--aetna.md") == true && $0.message.contains("`TODO`") })
        #expect(errors.contains { $0.location?.file.hasSuffix("sections/checklist/oscar.md") == true && $0.message.contains("`TODO`") })

        let procedureText = Fixtures.read(procedure.path)
        #expect(procedureText.hasPrefix("---\n# A procedure: one value of the `procedure` dimension"))
        #expect(procedureText.contains("name: \"Knee arthroscopy\""))
        // `--name` is kept as typed (a brand's case matters); the editor checks the comment's advice.
        #expect(procedureText.contains("short_name: \"Knee arthroscopy\""))
        #expect(procedureText.contains("# Available: employer-erisa, medicare-advantage, original-medicare"))
        #expect(procedureText.contains("hub page /procedures/knee-scope/"))
        let policy = Fixtures.read(content + "/policies/state-review.yaml")
        #expect(policy.contains("name: \"State review\""))
        #expect(policy.contains("reviewed: 2026-11-29"))
        #expect(policy.contains("{{ policies.state-review.levels.1.deadline }}"))
        // No invented numbers: a new ladder's deadlines are words to replace.
        #expect(!policy.contains("deadline: { days"))
        let fragment = Fixtures.read(content + "/sections/checklist/oscar.md")
        #expect(fragment.contains("section: checklist "))
        #expect(fragment.contains("for: { payer: [oscar-health, aetna] }"))
        #expect(fragment.contains("TODO: write the `checklist` text for {{ payer.name }} here"))
    }

    @Test func aDefaultFragmentFillsTheThinSectionForEveryPage() throws {
        let content = Fixtures.copy("mini")
        let file = try create("section", "angle-default", in: content)
        #expect(Fixtures.read(file.path).contains("section: angle "))
        #expect(Fixtures.read(file.path).contains("# for: { procedure: some-slug }"))
        #expect(!planErrors(content).isEmpty)
        let written = Fixtures.read(file.path).replacing(#/TODO: write .* here, in Markdown\./#, with: "What to send for {{ procedure.name }}.")
        try written.write(toFile: file.path, atomically: true, encoding: .utf8)
        #expect(planErrors(content).isEmpty, "\(planErrors(content))")
        let site = try SiteBuilder.prepare(BuildOptions(content: content, theme: Fixtures.defaultTheme, output: "", date: Self.today))
        #expect(!site.renderer.plan.cells.contains { $0.thin })
    }

    @Test func fieldCommentsComeFromTheSitesMatrix() throws {
        let content = Fixtures.scratch("sample") + "/Content"
        try FileManager.default.copyItem(atPath: Fixtures.repository + "/Content", toPath: content)
        let file = try create("reason", "step-therapy", in: content)
        let text = Fixtures.read(file.path)
        #expect(text.contains("# required: heading form (\"Not medically necessary\")"))
        #expect(text.contains("phrase: \"step therapy\""))
        #expect(text.contains("# required, check this value: reads after \"denied as\""))
        // The sample fills `reason` per reason, so a new reason needs its own fragment: `new` says how.
        #expect(file.nextSteps == ["required section `reason` has no fragment for a new reason yet: "
                                   + "appealpress new section reason/step-therapy --section reason --for reason=step-therapy"])
        #expect(throws: DiagnosticError.self) { _ = try plan(content) }
        _ = try create("section", "reason/step-therapy", in: content, section: "reason", for: ["reason=step-therapy"])
        #expect(try plan(content) == 1068 + 42 + 16 * 12, "English pages, the 42 Spanish ones, and the new reason's")
    }

    @Test func aFourthDimensionIsAKindToo() throws {
        let content = Fixtures.copy("four-dimensions")
        let keys = matrixKeys(content)
        #expect(keys.count == 4)
        let file = try create(keys[3], "new-value", in: content)
        #expect(FileManager.default.fileExists(atPath: file.path))
        _ = try SiteBuilder.prepare(BuildOptions(content: content, theme: Fixtures.defaultTheme, output: "", date: Self.today))
    }

    func matrixKeys(_ content: String) -> [String] {
        Fixtures.read(content + "/matrix.yaml").matches(of: /- key: ([a-z_]+)/).map { String($0.1) }
    }

    @Test func existingFilesAreNeverOverwritten() throws {
        let content = Fixtures.copy("mini")
        let before = Fixtures.read(content + "/procedures/kyphoplasty.md")
        #expect {
            _ = try create("procedure", "kyphoplasty", in: content)
        } throws: { error in
            let e = error as! ScaffoldError
            return !e.isUsage && e.description.contains("procedures/kyphoplasty.md: error: already exists; `new` never overwrites a file")
        }
        #expect(Fixtures.read(content + "/procedures/kyphoplasty.md") == before)
        // Scaffolding the same file twice: the second time is refused.
        _ = try create("policy", "twice", in: content)
        #expect(throws: ScaffoldError.self) { _ = try create("policy", "twice", in: content) }
    }

    @Test func aSecondFragmentForTheSamePagesIsRefused() throws {
        let content = Fixtures.copy("mini")
        #expect {
            _ = try create("section", "another-lede", in: content, section: "lede")
        } throws: { error in
            "\(error)".contains("sections/lede.md already fills section `lede` for the same pages")
        }
        #expect(!FileManager.default.fileExists(atPath: content + "/sections/another-lede.md"))
    }

    @Test(arguments: [
        ("procedure", "Lumbar_Fusion", "`Lumbar_Fusion` is not a valid slug", "lumbar-fusion"),
        ("procedure", "-x", "not a valid slug", "for example `x`"),
        ("procedure", "a/b", "not a valid slug", "a-b"),
        ("section", "angles/../x", "not a valid slug", "for example"),
        ("widget", "x", "unknown kind `widget`", "procedure"),
        ("procedre", "x", "unknown kind `procedre`", "did you mean `procedure`?"),
    ])
    func badRequestsAreUsageErrors(kind: String, slug: String, message: String, hint: String) throws {
        let content = Fixtures.copy("mini")
        #expect {
            _ = try create(kind, slug, in: content)
        } throws: { error in
            let e = error as! ScaffoldError
            return e.isUsage && e.description.contains(message) && e.description.contains(hint)
        }
    }

    @Test func sectionOptionsAreChecked() throws {
        let content = Fixtures.copy("mini")
        let cases: [(section: String?, selectors: [String], message: String)] = [
            ("intro", [], "unknown section `intro`"),
            (nil, ["payer=aetan"], "unknown payer `aetan` in --for"),
            (nil, ["insurer=aetna"], "unknown dimension `insurer` in --for"),
            (nil, ["payer"], "--for `payer` must look like dimension=slug"),
            (nil, ["payer=aetna", "payer=medicare"], "--for names `payer` twice"),
        ]
        for c in cases {
            #expect(throws: ScaffoldError.self, "\(c)") { _ = try create("section", "x", in: content, section: c.section, for: c.selectors) }
            do { _ = try create("section", "x", in: content, section: c.section, for: c.selectors) } catch {
                #expect(error.description.contains(c.message), "\(error)")
                #expect(error.isUsage)
            }
        }
    }

    @Test func awkwardNamesStayStrings() throws {
        let content = Fixtures.copy("mini")
        let file = try create("payer", "no", in: content, name: "No: \"quoted\" # not a comment")
        #expect(Fixtures.read(file.path).contains(#"name: "No: \"quoted\" # not a comment""#))
        try Fixtures.read(file.path).replacingOccurrences(of: "# policies: [", with: "policies: [")
            .write(toFile: file.path, atomically: true, encoding: .utf8)
        let rendererSite = try SiteBuilder.prepare(BuildOptions(content: content, theme: Fixtures.defaultTheme, output: "", date: Self.today))
        let renderer = rendererSite.renderer
        #expect(renderer.plan.site.entities[1].contains { $0.slug == "no" && $0.name == "No: \"quoted\" # not a comment" })
        #expect(ScaffoldTemplates.scalar("no") == "\"no\"" && ScaffoldTemplates.scalar("aetna") == "aetna")
    }
}

/// `new` refuses a value whose English pages would land under another language's prefix.
@Suite struct ScaffoldLanguagePrefixTests {
    @Test func aSlugEqualToALanguagePrefixIsRefusedAndNothingIsWritten() throws {
        let content = Fixtures.scratch("new-prefix") + "/Content"
        try FileManager.default.copyItem(atPath: Fixtures.repository + "/Content", toPath: content)
        let request = ScaffoldRequest(kind: "procedure", slug: "es", name: "Es Proc", today: Day(iso: "2026-11-29")!)
        do {
            _ = try Scaffold.file(for: request, content: content)
            Issue.record("`new procedure es` was accepted")
        } catch {
            #expect(error.isUsage)
            #expect(error.diagnostics.contains { $0.message.contains("prefix /es/ of Español") })
        }
        #expect(!FileManager.default.fileExists(atPath: content + "/procedures/es.md"))
        // The same slug is fine for a dimension that does not start the URL.
        _ = try Scaffold.file(for: ScaffoldRequest(kind: "reason", slug: "es", name: "Es Reason", today: Day(iso: "2026-11-29")!), content: content)
    }
}
