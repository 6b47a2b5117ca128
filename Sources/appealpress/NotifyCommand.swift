import AppealBuild
import AppealModel
import ArgumentParser
import Foundation

extension AppealPress {
    struct Notify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tell search engines and CDNs which URLs changed.",
            subcommands: [IndexNowCommand.self]
        )
    }

    struct IndexNowCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "indexnow",
            abstract: "Submit the URLs a build added, changed or removed to IndexNow.",
            discussion: """
            Reads the output's ledger and change list (or compares the ledger with --since) and POSTs \
            exactly those URLs, 10,000 a request, as the IndexNow protocol asks. 429 and 5xx answers are \
            retried with backoff; each answer is printed. Set `indexnow_key` in site.yaml to the same \
            key so the build publishes /<key>.txt, which proves the site is yours.

            Examples:
              appealpress notify indexnow --key 3f1c0a9e2b7d4e61a5c9 --dry-run
              appealpress notify indexnow --key 3f1c0a9e2b7d4e61a5c9 \\
                  --since https://appeals.example.org/appealpress-ledger.json

            Exit codes: 0 every request accepted (or nothing to send); 1 a request failed, or no \
            ledger; 64 bad usage.
            """
        )

        @Option(help: "The site's IndexNow key (as `indexnow_key` in site.yaml).")
        var key: String

        @Option(help: "The IndexNow endpoint.")
        var endpoint = IndexNow.defaultEndpoint

        @Option(help: "The built output folder.")
        var output = "Public"

        @Option(help: ArgumentHelp("Submit what changed since this ledger (a path or URL) instead of the output's change list.", valueName: "ledger"))
        var since: String?

        @Flag(name: .customLong("dry-run"), help: "Print the requests instead of sending them.")
        var dryRun = false

        @Option(help: ArgumentHelp("Seconds before the first retry.", visibility: .hidden))
        var backoff = 1.0

        func validate() throws {
            guard (8...128).contains(key.count), key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                throw ValidationError("--key must be 8 to 128 letters, digits or dashes")
            }
            guard endpoint.lowercased().hasPrefix("https://") || endpoint.lowercased().hasPrefix("http://") else {
                throw ValidationError("--endpoint must be an http(s) URL")
            }
        }

        func run() throws {
            let changed: (site: String, urls: [String])
            do { changed = try SiteBuilder.changedURLs(output: output, since: since) } catch {
                report(error.diagnostics, nothingWritten: false)
                throw ExitCode(1)
            }
            guard !changed.urls.isEmpty else {
                say("Nothing changed: no URL to submit.")
                return
            }
            var notifier = IndexNow(endpoint: endpoint, key: key, site: changed.site)
            notifier.backoff = backoff
            if dryRun {
                for (i, body) in notifier.bodies(changed.urls).enumerated() {
                    say("POST \(endpoint) (request \(i + 1)):")
                    say(String(decoding: body, as: UTF8.self))
                }
                return
            }
            let (_, ok) = notifier.submit(changed.urls) { a in
                say("request \(a.batch) (\(a.urls) URL\(a.urls == 1 ? "" : "s")): \(a.status == 0 ? "no answer" : String(a.status)) \(a.message)")
            }
            say(ok ? "Submitted \(changed.urls.count) URLs to \(endpoint)." : "Some URLs were not accepted; see above.")
            if !ok { throw ExitCode(1) }
        }
    }
}
