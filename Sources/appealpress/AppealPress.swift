import AppealBuild
import AppealBuildInfo
import AppealCheck
import AppealModel
import AppealReport
import ArgumentParser
import Foundation

@main
struct AppealPress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "appealpress",
        abstract: "Build static landing pages that help patients appeal health-insurance denials.",
        discussion: """
        Content editors work in Content/ (see docs/content-model.md); theme authors in Themes/ \
        (docs/theme.md). Run a command with --help for its options and examples.

        Examples:
          appealpress serve                        # preview at http://127.0.0.1:1313/
          appealpress new procedure spinal-fusion-revision  # a new content file
          appealpress check                        # validate and lint, write nothing
          appealpress report                       # coverage and quality report (report.html)
          appealpress review status                # which files are reviewed
          appealpress build --date 2026-11-29      # write the site into Public/

        Exit codes:
          0   success
          1   the content or theme has errors, check found errors, or
              build --strict found anything (build and check write nothing);
              serve could not start; new refused to write (the file exists, or
              matrix.yaml cannot be read); review approve refused (unknown
              reviewer or file; nothing was written)
          64  bad command-line usage: an unknown option or kind, a bad value,
              an invalid slug
        """,
        version: AppealPress.version,
        subcommands: [Build.self, Check.self, Report.self, Serve.self, New.self, Review.self, Translate.self, Notify.self],
        defaultSubcommand: Build.self
    )

    /// `appealpress --version`: the release and the commit it was built from.
    static let version = "appealpress \(BuildInfo.release) (commit \(BuildInfo.commit))"
}

/// Where the site comes from and its date: shared by every command that reads the site.
struct SourceOptions: ParsableArguments {
    @Option(help: "Folder holding site.yaml, matrix.yaml and the content files.")
    var content = "Content"

    @Option(help: "Theme folder with templates/ and assets/.")
    var theme = "Themes/default"

    @Option(help: "Build date (YYYY-MM-DD) used to pick valid offers. Default: SOURCE_DATE_EPOCH, else today (UTC).")
    var date: String?

    /// A date that is not one is bad usage (exit 64), like any bad option value.
    func validate() throws {
        if let date, Day(iso: date) == nil { throw ValidationError("--date `\(date)` is not a date; write it as YYYY-MM-DD, e.g. 2026-11-29") }
    }
}

struct SiteOptions: ParsableArguments {
    @OptionGroup var source: SourceOptions

    @Option(name: .customLong("base-url"), help: "Replace base_url from site.yaml, e.g. https://staging.example.org/guides/.")
    var baseURL: String?

    /// A base URL that is not one is bad usage (exit 64), like a bad date.
    func validate() throws {
        if let baseURL, BaseURL(baseURL) == nil {
            throw ValidationError("--base-url `\(baseURL)` must be an absolute http(s) URL (no credentials, no `..` segment), e.g. https://staging.example.org/guides/")
        }
    }

    /// What `check` and `report` read: the site as `build` would make it into `Public/`, compared
    /// with the ledger there only when it is this site's.
    func readOnlyOptions() throws -> BuildOptions {
        var options = try options(output: "Public")
        options.ownLedgerOnly = true
        return options
    }

    func options(output: String, check: Bool = true, strict: Bool = false) throws -> BuildOptions {
        BuildOptions(content: source.content, theme: source.theme, output: output, date: try SiteBuilder.buildDate(flag: source.date),
                     baseURL: baseURL, check: check, strict: strict)
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}

/// Prints diagnostics like a compiler, errors last so they stay on screen.
func report(_ diagnostics: [Diagnostic], nothingWritten: Bool = true) {
    let sorted = SiteBuilder.withExcerpts(diagnostics).sorted { ($0.severity, $0.location?.file ?? "") < ($1.severity, $1.location?.file ?? "") }
    for d in sorted { FileHandle.standardError.write(Data((d.description + "\n").utf8)) }
    let errors = diagnostics.filter { $0.severity == .error }.count, warnings = diagnostics.count - errors
    if errors > 0 && nothingWritten {
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

            On a terminal, a progress line on stderr shows the stage, pages done and pages per second. \
            At the end one line on stdout sums up: pages, files written, unchanged, removed, warnings, time.

            --json prints one object on stdout instead, and nothing else: { "ok", "output", "pages", \
            "thin", "files", "written", "unchanged", "removed", "warnings", "errors", "seconds", \
            "changes" }, where "warnings" and "errors" are lists of { "severity", "file", "line", \
            "column", "message", "hint" } (null where unknown) and "changes" lists the site paths \
            { "added", "changed", "removed" } since the last ledger.

            Every build writes appealpress-ledger.json (each URL, its content hash, the day it last \
            changed) and compares itself with the last one: an indexable URL that is no longer written \
            needs a rule in Content/redirects.yaml (the error gives the lines to paste).

            Examples:
              appealpress build
              appealpress build --content Content --output Public --date 2026-11-29
              appealpress build --base-url https://staging.example.org/guides/ \\
                  --output /tmp/staging
              appealpress build --quiet                  # in CI: only errors are printed
              appealpress build --json > build.json      # for scripts
              appealpress build --since https://appeals.example.org/appealpress-ledger.json  # in CI

            Exit codes: 0 built; 1 the content or theme has errors (nothing was written); 64 bad usage.
            """
        )

        @OptionGroup var site: SiteOptions

        @Option(help: "Output folder; replaced whole on success.")
        var output = "Public"

        @Flag(help: "Print only errors: no progress, warnings or summary.")
        var quiet = false

        @Flag(help: "Print one JSON summary object on stdout and nothing else.")
        var json = false

        @Flag(help: "Fail the build, writing nothing, when `check` finds anything (errors or warnings).")
        var strict = false

        @Option(help: ArgumentHelp("The ledger of the last published build to compare with: a path, or the URL of the deployed appealpress-ledger.json. Default: the output folder's own.", valueName: "ledger"))
        var since: String?

        @Flag(name: .customLong("since-optional"), help: "A --since ledger that cannot be read or fetched is a warning, and the build goes on without comparing.")
        var sinceOptional = false

        @Flag(name: .customLong("no-check"), help: "Skip the checks that read the written pages (links, SEO, HTML, sitemaps, duplicates); the content checks (facts, dates, offers, unused content) still run.")
        var noCheck = false

        func run() throws {
            let start = Date()
            let progress = quiet || json ? nil : ProgressLine.forTerminal()
            do {
                var options = try site.options(output: output, check: !noCheck, strict: strict)
                options.since = since
                options.sinceOptional = sinceOptional
                var callback: (@Sendable (BuildProgress) -> Void)?
                let timer = StageTimer.fromEnvironment()
                if progress != nil || timer != nil {
                    callback = { progress?.update($0); timer?.update($0) }
                }
                // The process exits once the summary is printed: the build's memory is left to the exit.
                ExitKeeper.keepUntilExit()
                let result = try SiteBuilder.build(options, progress: callback)
                progress?.finish()
                timer?.finish()
                defer { ExitKeeper.keep(result) }
                // The source excerpts are for what is printed: `--quiet` prints nothing of a committed build.
                let printed = json || !quiet || !result.committed
                let check = printed ? SiteBuilder.withExcerpts(result.check) : result.check
                if json {
                    var excerpted = result
                    excerpted.check = check
                    print(BuildSummaryJSON(output: output, report: excerpted).text)
                } else if !quiet || !result.committed {
                    printError(check.text(strict: strict))
                }
                guard result.committed else {
                    if !json {
                        printError("\n--strict: " + CheckResult.counts(errors: check.findings.count, warnings: 0) + "; nothing was written.\n")
                    }
                    throw ExitCode(1)
                }
                if !json && !quiet {
                    let warnings = check.findings.count
                    print("Built \(result.pages) pages (\(result.thinPages) thin) into \(output): \(result.written) files written, "
                          + "\(result.unchanged) unchanged, \(result.removed) removed, \(warnings) warnings, "
                          + String(format: "%.2f s", result.seconds))
                }
            } catch let error as DiagnosticError {
                progress?.finish()
                if json {
                    print(BuildSummaryJSON(output: output, failure: SiteBuilder.withExcerpts(error.diagnostics), seconds: Date().timeIntervalSince(start)).text)
                } else {
                    report(quiet ? error.diagnostics.filter { $0.severity == .error } : error.diagnostics)
                }
                throw ExitCode(1)
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the site without writing anything: validation, links, SEO, duplicates, facts, dates.",
            discussion: """
            Renders every page in memory and reports, grouped and counted, each problem with the source \
            file to change.

            Examples:
              appealpress check
              appealpress check --content Content --date 2026-11-29 --strict
              appealpress check --json > findings.json

            Exit codes: 0 no errors (warnings may be printed); 1 errors were found (with --strict: \
            anything was found); 64 bad usage.
            """
        )

        @OptionGroup var site: SiteOptions

        @Flag(help: "Treat warnings as errors: exit 1 when anything is found.")
        var strict = false

        @Flag(help: "Print the findings as JSON on standard output.")
        var json = false

        func run() throws {
            do {
                let result = SiteBuilder.withExcerpts(try SiteBuilder.check(try site.readOnlyOptions()))
                if json {
                    print(result.json(), terminator: "")
                } else {
                    print(result.text(strict: strict), terminator: "")
                    print(result.summary(strict: strict))
                }
                if result.fails(strict: strict) { throw ExitCode(1) }
            } catch let error as DiagnosticError {
                // With --json, the errors as JSON too: a script reads one format whatever happened.
                if json { print(CheckResult(findings: CheckResult.findings(validation: SiteBuilder.withExcerpts(error.diagnostics)), pages: []).json(), terminator: "") } else {
                    report(error.diagnostics)
                }
                throw ExitCode(1)
            }
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a coverage and quality report: a self-contained HTML page, or JSON.",
            discussion: """
            Runs the same checks as `check`, then shows the matrix as a heat map (full, thin, excluded \
            cells and cells with warnings), pages per dimension, near-duplicate clusters, offers and \
            their windows, policies by review age, and every finding. Nothing is written to the site.

            Example: appealpress report --date 2026-11-29 --output report.html
            """
        )

        @OptionGroup var site: SiteOptions

        @Option(help: "File to write. Default: report.html (with --json: standard output).")
        var output: String?

        @Flag(help: "Write JSON for scripts instead of HTML.")
        var json = false

        func run() throws {
            do {
                let options = try site.readOnlyOptions()
                let prepared = try SiteBuilder.prepare(options)
                let check = SiteBuilder.checkPages(prepared, summaries: SiteBuilder.storedSummaries(options),
                                                   manifest: SiteBuilder.lastManifest(options, prepared))
                let report = SiteReport(plan: prepared.renderer.plan, check: check)
                let text = json ? report.json() : report.html()
                guard json == false || output != nil else {
                    print(text, terminator: "")
                    return
                }
                let path = output ?? "report.html"
                do {
                    try text.write(toFile: path, atomically: true, encoding: .utf8)
                } catch {
                    printError("error: cannot write \(path): \(error.localizedDescription)\n")
                    throw ExitCode(1)
                }
                print("Wrote \(path): \(report.summary.pages) pages (\(report.summary.fullPages) full, \(report.summary.thinPages) thin), "
                      + CheckResult.counts(errors: check.errorCount, warnings: check.warningCount))
            } catch let error as DiagnosticError {
                report(error.diagnostics)
                throw ExitCode(1)
            }
        }
    }
}
