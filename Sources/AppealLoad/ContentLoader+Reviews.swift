import AppealModel
import Foundation
import Yams

extension ContentLoader {
    static let reviewersFile = "reviewers.yaml"

    /// The SHA-256 of a content file's text as the loader reads it (a byte-order mark removed, CRLF
    /// line ends read as LF), so a review survives a checkout that changes line ends. Nil when the
    /// file cannot be read as UTF-8; `diagnostics` says why.
    public static func reviewDigest(ofFile path: String, diagnostics: inout Diagnostics) -> String? {
        SourceFile.read(path, diagnostics: &diagnostics).map { SHA256.hex($0.text) }
    }

    /// Reads `reviewers.yaml` (optional: a site without it has no reviewers yet).
    mutating func loadReviewers() -> [String: Reviewer] {
        guard exists(path(Self.reviewersFile)) else { return [:] }
        guard let (reader, node) = yamlRoot(Self.reviewersFile) else { return [:] }
        var r = reader
        defer { diagnostics.append(contentsOf: r.diagnostics) }
        guard let m = r.mapping(node, allowed: ["reviewers"], what: "reviewers.yaml") else { return [:] }
        var reviewers: [String: Reviewer] = [:]
        for item in r.sequence(m, "reviewers") ?? [] {
            guard let e = r.mapping(item, allowed: ["id", "kind", "name", "credentials", "role", "url"], what: "a reviewer"),
                  let id = r.string(e, "id") else { continue }
            if !Slug.isValid(id) {
                r.diagnostics.error("reviewer id `\(id)` must be a slug (a-z, 0-9 and -)", at: r.location(e["id"]),
                                    hint: "for example \(Slug.suggestion(for: id))")
                continue
            }
            if let first = reviewers[id] {
                r.diagnostics.error("reviewer id `\(id)` is used twice (first at \(first.location))", at: r.location(e["id"]))
                continue
            }
            var kind = Reviewer.Kind.person
            if let text = r.string(e, "kind", required: false) {
                guard let k = Reviewer.Kind(rawValue: text) else {
                    r.diagnostics.error("`kind` of reviewer `\(id)` must be `person` or `organization`, found `\(text)`", at: r.location(e["kind"]))
                    continue
                }
                kind = k
            }
            let name = r.string(e, "name"), role = r.string(e, "role")
            // A person's credentials are what a reader weighs; an organisation may have none to give.
            let credentials = r.string(e, "credentials", required: kind == .person)
            let url = r.url(e, "url", required: false)
            if let role, !Reviewer.roles.contains(role) {
                r.diagnostics.error("`role` of reviewer `\(id)` must be one of \(Reviewer.roles.joined(separator: ", ")); found `\(role)`",
                                    at: r.location(e["role"]), hint: Suggest.hint(for: role, in: Reviewer.roles))
                continue
            }
            guard let name, let role, kind == .organization || credentials != nil else { continue }
            reviewers[id] = Reviewer(id: id, kind: kind, name: name, credentials: credentials, role: role, url: url, location: r.location(item))
        }
        return reviewers
    }

    /// Reads `reviews.yaml` (optional: no file means nothing was reviewed yet).
    mutating func loadReviewRecords(reviewers: [String: Reviewer]) -> [ReviewRecord] {
        guard exists(path(ReviewLedger.fileName)) else { return [] }
        guard let (reader, node) = yamlRoot(ReviewLedger.fileName) else { return [] }
        var r = reader
        defer { diagnostics.append(contentsOf: r.diagnostics) }
        guard let m = r.mapping(node, allowed: ["version", "reviews"], what: "reviews.yaml") else { return [] }
        if let version = r.int(m, "version"), version != ReviewLedger.version {
            r.diagnostics.error("reviews.yaml has format version \(version); this AppealPress reads version \(ReviewLedger.version)",
                                at: r.location(m["version"]), hint: "use the AppealPress that wrote it, or record the reviews again")
            return []
        }
        var records: [ReviewRecord] = []
        var seen: [String: SourceLocation] = [:]
        let items: [Node]
        if let node = m["reviews"], case .sequence(let seq) = node, seq.isEmpty { items = [] } else { items = r.sequence(m, "reviews") ?? [] }
        for item in items {
            guard let e = r.mapping(item, allowed: ["file", "reviewer", "date", "sha256"], what: "a review"),
                  let file = r.string(e, "file"), let reviewer = r.string(e, "reviewer"), let date = r.day(e, "date"),
                  let sha = r.string(e, "sha256") else { continue }
            let at = r.location(item)
            if reviewers[reviewer] == nil {
                r.diagnostics.error("unknown reviewer `\(reviewer)`", at: r.location(e["reviewer"]),
                                    hint: reviewers.isEmpty ? "add reviewers to reviewers.yaml"
                                        : Suggest.hint(for: reviewer, in: reviewers.keys.sorted()) + " (reviewers.yaml)")
                continue
            }
            if sha.count != 64 || !sha.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) {
                r.diagnostics.error("`sha256` of the review of `\(file)` must be 64 lower-case hex digits", at: r.location(e["sha256"]),
                                    hint: "record reviews with `appealpress review approve`, not by hand")
                continue
            }
            let key = file + "\u{0}" + reviewer
            if let first = seen[key] {
                r.diagnostics.error("`\(reviewer)` has two reviews of `\(file)` (first at \(first))", at: at, hint: "keep the newer line")
                continue
            }
            seen[key] = at
            records.append(ReviewRecord(file: file, reviewer: reviewer, date: date, sha256: sha, location: at))
        }
        return records
    }

    /// Remembers that a file pages are built from was read, and hashes it when a review names it.
    mutating func noteInput(_ relative: String, text: String) {
        inputs.insert(relative)
        if recordedFiles.contains(relative) { digests[relative] = SHA256.hex(text) }
    }

    /// Matches each record with the file it approves: current, stale, or naming no content file.
    mutating func reviewBook(reviewers: [String: Reviewer], records: [ReviewRecord]) -> ReviewBook {
        var book = ReviewBook(reviewers: reviewers, records: records)
        for (i, record) in records.enumerated() {
            guard inputs.contains(record.file), let digest = digests[record.file] else {
                // A file that failed to load has its own errors; its review is not one more.
                if unreadable.values.contains(where: { $0.values.contains(record.file) }) { continue }
                let exists = FileManager.default.fileExists(atPath: path(record.file))
                diagnostics.error(exists ? "`\(record.file)` is not a file pages are built from, so it cannot be reviewed"
                                         : "reviews.yaml records a review of `\(record.file)`, which does not exist", at: record.location,
                                  hint: exists ? "reviews cover entity files, sections/, policies/ and offers.yaml; remove this line"
                                               : "remove this line (the file was renamed or deleted), and approve the file under its new name")
                continue
            }
            if record.sha256 == digest { book.current[path(record.file), default: []].append(i) }
            else { book.stale[path(record.file), default: []].append(i) }
        }
        return book
    }

    // MARK: Unfinished text

    /// Keys whose values never reach a page as text: selectors, slugs, dates and ids.
    static let unscannedKeys: Set<String> = ["for", "section", "updated", "reviewed", "policies", "fallback", "id", "valid_from",
                                             "valid_until", "currency", "coupon_parameter", "parameters"]

    /// Unfinished text and banned phrases in the values of a YAML document (comments and keys are not
    /// content), each located at the word itself. `text` is the YAML as parsed; it starts `lineOffset`
    /// lines into its file.
    mutating func scanValues(_ node: Node, text: String, file: String, lineOffset: Int) {
        guard let scanner else { return }
        // Line starts are worked out only for a file that has something to report.
        var located: LocatedText?
        func walk(_ node: Node) {
            switch node {
            case .scalar(let s):
                let value = Array(s.string.utf8)
                let found = scanner.matches(in: value)
                guard !found.isEmpty, let mark = s.mark else { return }
                let source = located ?? LocatedText(text)
                located = source
                let at = SourceLocation(file: file, line: mark.line + lineOffset, column: mark.column)
                // The value as written starts at its mark; find each match in the file text from there.
                let start = source.offset(line: mark.line, column: mark.column)
                let window = source.bytes[start..<min(source.bytes.count, start + max(4_096, value.count * 2))]
                let marks = scanner.marks(in: String(decoding: window, as: UTF8.self), from: at)
                if marks.count < found.count {
                    // Folded across lines in the file: the value's start is as close as it gets.
                    for f in found {
                        textMarks.append(TextMark(kind: f.kind, text: String(decoding: value[f.offset..<(f.offset + f.length)], as: UTF8.self), location: at))
                    }
                } else {
                    // The window may run past this value into the next ones; keep as many marks as the value has.
                    textMarks += marks.prefix(found.count)
                }
            case .mapping(let m):
                for (key, value) in m where !Self.unscannedKeys.contains(key.scalar?.string ?? "") { walk(value) }
            case .sequence(let seq):
                for item in seq { walk(item) }
            case .alias:
                return
            }
        }
        walk(node)
    }

    /// Unfinished text and banned phrases in Markdown that starts at `origin`.
    mutating func scanMarkdown(_ text: String, from origin: SourceLocation) {
        guard let scanner else { return }
        textMarks += scanner.marks(in: text, from: origin)
    }
}

/// A text with its line starts, to turn a line and column into a byte offset.
struct LocatedText {
    let bytes: [UInt8]
    let lineStarts: [Int]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A { starts.append(i + 1) }
        lineStarts = starts
    }

    /// The byte offset of 1-based `line` and `column` (in Unicode scalars).
    func offset(line: Int, column: Int) -> Int {
        guard line >= 1, line <= lineStarts.count else { return bytes.count }
        var i = lineStarts[line - 1], scalars = 1
        while i < bytes.count && scalars < column {
            i += 1
            while i < bytes.count && bytes[i] & 0xC0 == 0x80 { i += 1 }
            scalars += 1
        }
        return i
    }
}
