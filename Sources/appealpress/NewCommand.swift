import AppealBuild
import AppealModel
import AppealScaffold
import ArgumentParser
import Foundation

extension AppealPress {
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a content file with the right front matter, every key explained.",
            discussion: """
            KIND is a dimension of matrix.yaml (procedure, payer, reason in the bundled site, or any \
            dimension a site adds), policy, or section. SLUG is the file name without extension: a-z, \
            0-9 and - only, because it becomes part of URLs. A section's SLUG may name sub-folders of \
            sections/ (angles/cgm--aetna). The new file loads as it is; replace what it marks TODO or \
            "check". An existing file is never overwritten. After writing, the site is loaded and \
            planned with the new file (as `build` does) and what still stops the build is printed, \
            each error at its line with the field to fill or the command to run.

            Files created:
              <dimension> SLUG  Content/<folder>/SLUG.md, e.g. Content/procedures/SLUG.md
              policy SLUG       Content/policies/SLUG.yaml
              section SLUG      Content/sections/SLUG.md

            Examples:
              appealpress new procedure spinal-fusion-revision --name "Spinal Fusion Revision"
              appealpress new payer oscar-health --name "Oscar Health"
              appealpress new reason step-therapy
              appealpress new policy state-external-review
              appealpress new section angles/cgm--aetna \\
                  --section angle --for procedure=cgm --for payer=aetna
              appealpress new section checklist/aetna-cigna \\
                  --section checklist --for payer=aetna,cigna

            Exit codes: 0 created; 1 refused (the file exists, a fragment already fills that section \
            for the same pages, or matrix.yaml cannot be read); 64 bad usage (unknown kind, invalid slug).
            """
        )

        @Argument(help: "What to create: a dimension key (procedure, payer, reason, …), policy, or section.")
        var kind: String

        @Argument(help: "The new file's slug, e.g. lumbar-fusion.")
        var slug: String

        @Option(help: "Folder holding site.yaml, matrix.yaml and the content files.")
        var content = "Content"

        @Option(help: "Theme folder, to check that the site still builds with the new file.")
        var theme = "Themes/default"

        @Option(help: "Display name of a new value or policy. Default: from the slug (lumbar-fusion → Lumbar fusion).")
        var name: String?

        @Option(help: "For a section: the section it fills. Default: thin_section from matrix.yaml.")
        var section: String?

        @Option(name: .customLong("for"), help: ArgumentHelp("For a section: the pages it fills, as dimension=slug[,slug]; repeat for more dimensions.",
                                                          valueName: "dimension=slugs"))
        var selectors: [String] = []

        func run() throws {
            let today = (try? SiteBuilder.buildDate(flag: nil)) ?? Day(unixSeconds: Int64(Date().timeIntervalSince1970))
            let request = ScaffoldRequest(kind: kind, slug: slug, name: name, section: section, selectors: selectors, today: today)
            do {
                let file = try Scaffold.file(for: request, content: content)
                try Scaffold.write(file)
                print("Created \(file.path): \(file.summary)")
                for step in file.nextSteps { print("Next: " + step) }
                validate(today: today, stepsShown: !file.nextSteps.isEmpty)
            } catch {
                report(error.diagnostics, nothingWritten: false)
                throw ExitCode(error.isUsage ? 64 : 1)
            }
        }

        /// Loads and plans the site with the new file, as `build` would, and says what still stops the
        /// build, each with the field to fill or the command to run (the errors' hints). The file is
        /// created either way: what is missing is the editor's next step, not a reason to refuse.
        func validate(today: Day, stepsShown: Bool) {
            let options = BuildOptions(content: content, theme: theme, output: "Public", date: today, check: false)
            do {
                let prepared = try SiteBuilder.prepare(options)
                print("Checked: the site builds with it (\(prepared.renderer.plan.cells.count) pages).")
            } catch {
                let errors = SiteBuilder.withExcerpts(error.diagnostics.filter { $0.severity == .error })
                print("Still missing: `appealpress build` stops on \(errors.count) error\(errors.count == 1 ? "" : "s") until \(errors.count == 1 ? "it is" : "they are") fixed"
                      + (stepsShown ? " (the steps above)" : "") + ":")
                for d in errors { print(d.description) }
            }
        }
    }
}
