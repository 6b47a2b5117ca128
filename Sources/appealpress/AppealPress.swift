import AppealBuild
import AppealModel
import ArgumentParser
import Foundation

@main
struct AppealPress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "appealpress",
        abstract: "Build static landing pages that help patients appeal health-insurance denials.",
        discussion: """
        Exit codes: 0 success, 1 the content or theme has errors (nothing was written), 64 bad command-line usage.
        """,
        subcommands: [Build.self, Check.self],
        defaultSubcommand: Build.self
    )
}

struct SiteOptions: ParsableArguments {
    @Option(help: "Folder holding site.yaml, matrix.yaml and the content files.")
    var content = "Content"

    @Option(help: "Theme folder with templates/ and assets/.")
    var theme = "Themes/default"

    @Option(help: "Build date (YYYY-MM-DD) used to pick valid offers. Default: SOURCE_DATE_EPOCH, else today (UTC).")
    var date: String?

    @Option(name: .customLong("base-url"), help: "Replace base_url from site.yaml, e.g. https://staging.example.org/guides/.")
    var baseURL: String?

    func options(output: String) throws -> BuildOptions {
        BuildOptions(content: content, theme: theme, output: output, date: try SiteBuilder.buildDate(flag: date), baseURL: baseURL)
    }
}

/// Prints diagnostics like a compiler, errors last so they stay on screen.
func report(_ diagnostics: [Diagnostic]) {
    let sorted = diagnostics.sorted { ($0.severity, $0.location?.file ?? "") < ($1.severity, $1.location?.file ?? "") }
    for d in sorted { FileHandle.standardError.write(Data((d.description + "\n").utf8)) }
    let errors = diagnostics.filter { $0.severity == .error }.count, warnings = diagnostics.count - errors
    if errors > 0 {
        FileHandle.standardError.write(Data("\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s"); nothing was written.\n".utf8))
    }
}

extension AppealPress {
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the site into the output folder.",
            discussion: """
            Validates everything first; if any error is found nothing is written. The output folder is \
            replaced whole and atomically; files whose bytes did not change keep their modification time.

            Example: appealpress build --content Content --output Public --date 2026-11-29
            """
        )

        @OptionGroup var site: SiteOptions

        @Option(help: "Output folder; replaced whole on success.")
        var output = "Public"

        func run() throws {
            do {
                let result = try SiteBuilder.build(try site.options(output: output))
                report(result.warnings)
                print("Built \(result.pages) pages (\(result.thinPages) thin) into \(output): \(result.written) files written, "
                      + "\(result.unchanged) unchanged, \(result.removed) removed, \(result.warnings.count) warnings, "
                      + String(format: "%.2f s", result.seconds))
            } catch let error as DiagnosticError {
                report(error.diagnostics)
                throw ExitCode(1)
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the content and theme without writing anything.",
            discussion: "Example: appealpress check --content Content"
        )

        @OptionGroup var site: SiteOptions

        func run() throws {
            do {
                let (renderer, warnings) = try SiteBuilder.prepare(try site.options(output: "Public"))
                report(warnings)
                print("OK: \(renderer.plan.cells.count) pages, \(warnings.count) warnings")
            } catch let error as DiagnosticError {
                report(error.diagnostics)
                throw ExitCode(1)
            }
        }
    }
}
