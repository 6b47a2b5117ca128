import AppealBuild
import AppealModel
import AppealServe
import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AppealPress {
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Preview the site in a browser; edits reload open tabs by themselves.",
            discussion: """
            Validates and plans the site in memory, serves it over HTTP and watches the content and \
            theme folders. After each save the site is planned again (about 0.2 s for the bundled \
            1,068-page site in a release build) and every open tab reloads. Pages are rendered when the \
            browser asks for them, with the same code as `build`, and links point at the preview \
            (http://HOST:PORT/ replaces base_url). Nothing is written to disk.

            An edit that breaks the site prints the errors here and shows them over the page in the \
            browser, while the last good site keeps being served; fixing the error clears them.

            Only this command adds the live-reload script to pages; `build` output never has it.

            Examples:
              appealpress serve                            # http://127.0.0.1:1313/
              appealpress serve --port 8080
              appealpress serve --content Content --theme Themes/default --date 2026-11-29

            Exit codes: 0 stopped with Ctrl-C; 1 the server could not start (port in use, unknown \
            host); 64 bad usage. Errors in the content do not stop the preview.
            """
        )

        @OptionGroup var source: SourceOptions

        @Option(help: "Port to listen on; 0 picks a free one. Default: 1313, or the next free port up to 1322.")
        var port: UInt16?

        @Option(help: "Address to listen on. Anything but a loopback address shows drafts to your network.")
        var host = "127.0.0.1"

        @Option(help: ArgumentHelp("How often to look for changed files, in seconds.", visibility: .hidden))
        var poll = 0.1

        func validate() throws {
            guard poll >= 0.01 && poll <= 10 else { throw ValidationError("--poll must be between 0.01 and 10 seconds") }
        }

        func run() throws {
            let day: Day
            do { day = try SiteBuilder.buildDate(flag: source.date) } catch {
                report(error.diagnostics, nothingWritten: false)
                throw ExitCode(1)
            }
            let server: PreviewServer
            do {
                server = try PreviewServer(options: ServeOptions(content: source.content, theme: source.theme, date: day, host: host, port: port, pollInterval: poll))
            } catch {
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                throw ExitCode(1)
            }
            let first = server.start(onRebuild: { Self.announce($0) }, onChecked: { Self.announce($0) })
            Self.announce(first)
            if !PreviewServer.isLoopback(host) {
                FileHandle.standardError.write(Data("warning: listening on \(host): anyone who can reach this machine can see the preview\n".utf8))
            }
            say("Serving \(server.url) · watching \(source.content) and \(source.theme) · Ctrl-C to stop")

            // Stop cleanly on Ctrl-C or SIGTERM: tabs keep their page and reconnect to the next `serve`.
            signal(SIGINT, SIG_IGN)
            signal(SIGTERM, SIG_IGN)
            let done = DispatchSemaphore(value: 0)
            let sources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { done.signal() }
                source.resume()
                return source
            }
            done.wait()
            sources.forEach { $0.cancel() }
            server.stop()
            say("\nStopped.")
        }

        /// One line per rebuild, with the diagnostics below it.
        static func announce(_ rebuild: RebuildReport) {
            let time = Self.clock()
            let what: String
            if rebuild.changed.isEmpty {
                what = "Built"
            } else {
                let names = rebuild.changed.prefix(2).joined(separator: ", ")
                what = "\(time) \(names)\(rebuild.changed.count > 2 ? " and \(rebuild.changed.count - 2) more" : "") changed:"
            }
            let errors = rebuild.diagnostics.filter { $0.severity == .error }.count
            let warnings = rebuild.diagnostics.count - errors
            let tabs = rebuild.tabs == 0 ? "" : ", reloaded \(rebuild.tabs) tab\(rebuild.tabs == 1 ? "" : "s")"
            if rebuild.ok {
                let fixed = rebuild.recovered ? " fixed;" : ""
                say("\(what)\(fixed) \(rebuild.pages) pages (\(rebuild.thinPages) thin) in \(String(format: "%.2f s", rebuild.seconds)), "
                            + "\(warnings) warning\(warnings == 1 ? "" : "s")\(tabs)")
                report(rebuild.diagnostics, nothingWritten: false)
            } else {
                let keeping = rebuild.pages > 0 ? "still serving the last good site" : "showing the errors until they are fixed"
                say("\(what) \(errors) error\(errors == 1 ? "" : "s"); \(keeping)\(tabs)")
                report(rebuild.diagnostics, nothingWritten: false)
            }
        }

        /// One line when a rebuild's page checks finish: the same count `build` prints for this
        /// content, with the content and page checks' findings below it (the rebuild printed the others).
        static func announce(_ checks: ChecksReport) {
            let count = checks.findings.count
            let tabs = checks.tabs == 0 ? "" : ", updated \(checks.tabs) tab\(checks.tabs == 1 ? "" : "s")"
            say("\(Self.clock()) checked \(checks.pages) pages in \(String(format: "%.2f s", checks.seconds)): "
                + "\(count) warning\(count == 1 ? "" : "s") in all, as `build` reports them\(tabs)")
            report(checks.pageFindings.map(\.diagnostic), nothingWritten: false)
        }

        static func clock() -> String {
            var now = time(nil)
            var parts = tm()
            localtime_r(&now, &parts)
            return String(format: "%02d:%02d:%02d", parts.tm_hour, parts.tm_min, parts.tm_sec)
        }
    }
}

/// Writes a line to stdout at once, unbuffered even into a pipe, so scripts read "Serving …" as soon as it is said.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
