import AppealBuild
import AppealModel
import AppealReview
import ArgumentParser
import Foundation

extension AppealPress {
    struct Translate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record which version of its source a translation translates, and list missing, stale and current translations.",
            discussion: """
            A translated fragment is a fragment in another language of site.yaml's `languages` that \
            names its source: it lives in a language folder that mirrors the source's path \
            (sections/es/lede.md translates sections/lede.md), or says `lang: es` and \
            `translates: sections/lede.md`. `translate mark` records in Content/translations.yaml the \
            SHA-256 of the source's text now. When the source changes, the translation is stale: a \
            warning, and with `review: required` its pages are noindex until it is updated, marked and \
            reviewed again.

            Examples:
              appealpress translate status
              appealpress translate mark Content/sections/es/lede.md
              appealpress translate mark Content/sections/es

            See docs/content-model.md (Languages).
            """,
            subcommands: [Mark.self, Status.self]
        )
    }
}

extension AppealPress.Translate {
    struct Mark: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark translations as made from their sources as they are now.",
            discussion: """
            Each PATH is a translated fragment or a folder of them, from the working folder or the \
            content folder. Nothing is written when anything is wrong.

            Exit codes: 0 recorded; 1 the content has errors or a path is not a translation; 64 bad usage.
            """
        )

        @Argument(help: ArgumentHelp("Translated fragments, or folders of them.", valueName: "path"))
        var paths: [String]

        @Option(help: "The day of the translation (YYYY-MM-DD). Default: today (UTC).")
        var date: String?

        @Option(help: "Folder holding site.yaml and the content files.")
        var content = "Content"

        func validate() throws {
            if let date, Day(iso: date) == nil { throw ValidationError("--date `\(date)` is not a date; write it as YYYY-MM-DD") }
            if paths.isEmpty { throw ValidationError("give at least one translated fragment or folder") }
        }

        func run() throws {
            let day = date.flatMap { Day(iso: $0) } ?? Day(unixSeconds: Int64(Date().timeIntervalSince1970))
            do {
                let (records, marked) = try TranslationDesk.mark(paths, on: day, content: content)
                try TranslationDesk.write(records, content: content)
                print("Marked \(marked.count) translation\(marked.count == 1 ? "" : "s") as current in \(content)/\(TranslationRecord.fileName)")
                for file in marked where marked.count <= 20 { print("  \(content)/\(file)") }
            } catch {
                report(error.diagnostics)
                throw ExitCode(1)
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every fragment's translations: missing, stale (the source changed) or current.",
            discussion: """
            --json prints a list of { "source", "language", "state", "file" }.

            Exit codes: 0 listed; 1 the content has errors; 64 bad usage.
            """
        )

        @Option(help: "Folder holding site.yaml and the content files.")
        var content = "Content"

        @Flag(help: "Print the status as JSON on standard output.")
        var json = false

        func run() throws {
            do {
                let entries = try TranslationDesk.status(content: content)
                if json {
                    let items = entries.map { "{\"source\":\(quote($0.source)),\"language\":\(quote($0.language)),\"state\":\"\($0.state.rawValue)\",\"file\":\(quote($0.file))}" }
                    print("[" + items.joined(separator: ",") + "]")
                    return
                }
                for state in [TranslationDesk.Entry.State.stale, .missing, .current] {
                    let group = entries.filter { $0.state == state }
                    print("\(state.rawValue): \(group.count)")
                    for e in group.prefix(state == .missing ? 30 : 1000) {
                        print("  [\(e.language)] \(content)/\(e.source)" + (e.file.isEmpty ? "" : " → \(content)/\(e.file)"))
                    }
                    if state == .missing && group.count > 30 { print("  … and \(group.count - 30) more") }
                }
            } catch {
                report(error.diagnostics, nothingWritten: false)
                throw ExitCode(1)
            }
        }

        func quote(_ s: String) -> String {
            var out = "\""
            for c in s.unicodeScalars {
                switch c {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case _ where c.value < 0x20: out += String(format: "\\u%04x", c.value)
                default: out.unicodeScalars.append(c)
                }
            }
            return out + "\""
        }
    }
}
