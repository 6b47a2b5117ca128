import AppealBuild
import AppealModel
import AppealReview
import ArgumentParser
import Foundation

extension AppealPress {
    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record reviews of content files, and see what is reviewed, stale or never reviewed.",
            discussion: """
            A review is a record in Content/reviews.yaml: who (an id from Content/reviewers.yaml) \
            approved which file, on which day, and the SHA-256 of the file's text at that moment. When \
            the file changes, the hash no longer matches and the file is unreviewed again. With \
            `review: required` in site.yaml, a page any of whose inputs is unreviewed is built noindex \
            and left out of the sitemap. Pages say "Reviewed by …" from these records only.

            Examples:
              appealpress review status
              appealpress review approve Content/sections/angles/cgm--aetna.md --by jane-doe-md
              appealpress review approve Content/policies --by legal-team --date 2026-11-28

            See docs/content-model.md (Reviews).
            """,
            subcommands: [Approve.self, Status.self]
        )
    }
}

extension AppealPress.Review {
    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that a reviewer approved files as they are now.",
            discussion: """
            Each PATH is a content file pages are built from (a value's file such as \
            Content/payers/aetna.md, a fragment under sections/, a policy, or offers.yaml), or a folder \
            holding some. Paths may be given from the working folder (Content/sections/lede.md) or \
            from the content folder (sections/lede.md). Approving a file again replaces that reviewer's \
            earlier record of it; other reviewers' records stay. reviews.yaml is rewritten sorted, one \
            line per record, so the change is a small diff to commit.

            Nothing is written when anything is wrong: an unknown reviewer, a path that does not \
            exist or is not a content input, a date that is not YYYY-MM-DD or is in the future, or \
            content that does not load (including a malformed reviews.yaml or reviewers.yaml).

            Examples:
              appealpress review approve Content/sections/angles/cgm--aetna.md --by jane-doe-md
              appealpress review approve Content/policies/tricare.yaml Content/payers/tricare.md --by legal-team
              appealpress review approve Content --by sample-editorial     # every input file

            Exit codes: 0 recorded; 1 the content has errors or a path or reviewer is unknown (nothing \
            was written); 64 bad usage (no PATH, no --by, a malformed --date).
            """
        )

        @Argument(help: ArgumentHelp("Files or folders to approve.", valueName: "path"))
        var paths: [String]

        @Option(help: "Id of the reviewer, from reviewers.yaml.")
        var by: String

        @Option(help: "The day of the review (YYYY-MM-DD). Default: today (UTC).")
        var date: String?

        @Option(help: "Folder holding site.yaml, reviewers.yaml, reviews.yaml and the content files.")
        var content = "Content"

        func validate() throws {
            if let date, Day(iso: date) == nil { throw ValidationError("--date `\(date)` is not a date; write it as YYYY-MM-DD") }
            if paths.isEmpty { throw ValidationError("give at least one file or folder to approve") }
        }

        func run() throws {
            let day = date.flatMap { Day(iso: $0) } ?? Day(unixSeconds: Int64(Date().timeIntervalSince1970))
            do {
                let approval = try ReviewDesk.approve(paths, by: by, on: day, content: content)
                try ReviewDesk.write(approval.ledger, content: content)
                report(approval.warnings, nothingWritten: false)
                let changed = approval.files.count - approval.unchanged.count
                print("Recorded \(approval.files.count) review\(approval.files.count == 1 ? "" : "s") by \(by) on \(day) in \(content)/reviews.yaml"
                      + (approval.unchanged.isEmpty ? "" : " (\(approval.unchanged.count) already approved as they are, date updated; \(changed) new)"))
                for file in approval.files where approval.files.count <= 20 { print("  \(content)/\(file)") }
            } catch {
                report(error.diagnostics)
                throw ExitCode(1)
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the files pages are built from: reviewed, stale (changed since reviewed) or never reviewed.",
            discussion: """
            Files are grouped (never reviewed, stale, reviewed), each with the number of pages it \
            reaches and a few of their paths. The first line says whether site.yaml requires reviews \
            and how many pages are built noindex for want of one.

            --json prints { "review", "pages", "heldBack", "never", "stale", "reviewed" }, each group a \
            list of { "file", "state", "reviews": [{ "reviewer", "date", "current" }], "pages", "examples" }.

            Examples:
              appealpress review status
              appealpress review status --json | jq '.stale[].file'

            Exit codes: 0 listed (whatever the status); 1 the content has errors; 64 bad usage.
            """
        )

        @Option(help: "Folder holding site.yaml, reviewers.yaml, reviews.yaml and the content files.")
        var content = "Content"

        @Option(help: "Build date (YYYY-MM-DD) used to pick offers when planning pages. Default: SOURCE_DATE_EPOCH, else today (UTC).")
        var date: String?

        @Flag(help: "Print the status as JSON on standard output.")
        var json = false

        func validate() throws {
            if let date, Day(iso: date) == nil { throw ValidationError("--date `\(date)` is not a date; write it as YYYY-MM-DD") }
        }

        func run() throws {
            do {
                let (status, warnings) = try ReviewStatus.of(content: content, date: try SiteBuilder.buildDate(flag: date))
                if json { print(status.json(), terminator: "") } else {
                    report(warnings, nothingWritten: false)
                    print(status.text, terminator: "")
                }
            } catch {
                report(error.diagnostics, nothingWritten: false)
                throw ExitCode(1)
            }
        }
    }
}
