import AppealLoad
import AppealModel
import Foundation

/// `appealpress review approve`: records that a reviewer approved files as they are now.
public enum ReviewDesk {
    /// What an approval changed.
    public struct Approval: Sendable {
        /// Paths relative to the content folder, sorted.
        public var files: [String]
        /// Of those, the ones already approved by this reviewer as they are now (only the date may change).
        public var unchanged: [String]
        public var ledger: ReviewLedger
        /// Warnings worth printing: files approved with unfinished text in them.
        public var warnings: [Diagnostic]
    }

    /// Works out the approval of `paths` (files or folders, relative to the working folder or to
    /// `content`) by `reviewer` on `date`, without writing. Every problem is thrown together.
    public static func approve(_ paths: [String], by reviewer: String, on date: Day, content: String) throws(DiagnosticError) -> Approval {
        let (site, _) = try ContentLoader.load(from: content)
        var diagnostics = Diagnostics()
        if site.reviews.reviewers[reviewer] == nil {
            let known = site.reviews.reviewers.keys.sorted()
            diagnostics.error("unknown reviewer `\(reviewer)`", at: reviewersLocation(content),
                              hint: known.isEmpty ? "add reviewers to \(content)/reviewers.yaml first (see docs/content-model.md)"
                                                  : Suggest.hint(for: reviewer, in: known) + " (reviewers.yaml)")
        }
        let inputs = ContentFiles(site: site, content: content)
        var files: [String] = []
        for path in paths {
            switch inputs.resolve(path) {
            case .files(let found): files += found
            case .missing:
                diagnostics.error("`\(path)` does not exist", at: SourceLocation(file: path),
                                  hint: "give a content file or folder, e.g. \(content)/sections/lede.md or \(content)/sections")
            case .notAnInput:
                diagnostics.error("`\(path)` is not a file pages are built from, so it cannot be reviewed", at: SourceLocation(file: path),
                                  hint: "reviews cover entity files (procedures/, payers/, …), sections/, pages/, policies/ and offers.yaml")
            case .emptyFolder:
                diagnostics.error("`\(path)` holds no file pages are built from", at: SourceLocation(file: path))
            }
        }
        if date > today() {
            diagnostics.error("--date \(date) is in the future: a review is recorded on the day it was done", at: nil)
        }
        files = Array(Set(files)).sorted()
        var ledger = ReviewLedger(records: site.reviews.records)
        var unchanged: [String] = []
        var warnings: [Diagnostic] = []
        for file in files {
            var read = Diagnostics()
            guard let digest = ContentLoader.reviewDigest(ofFile: content + "/" + file, diagnostics: &read) else {
                diagnostics.append(contentsOf: read)
                continue
            }
            if ledger.records.contains(where: { $0.file == file && $0.reviewer == reviewer && $0.sha256 == digest }) { unchanged.append(file) }
            ledger.approve(ReviewRecord(file: file, reviewer: reviewer, date: date, sha256: digest))
            for mark in site.textMarks where mark.location.file == content + "/" + file {
                warnings.append(.warning("approved with `\(mark.text.isEmpty ? "no text" : mark.text)` still in it: its pages cannot be indexed until it is fixed",
                                         at: mark.location))
            }
        }
        if diagnostics.hasErrors { throw DiagnosticError(diagnostics.sorted) }
        return Approval(files: files, unchanged: unchanged, ledger: ledger, warnings: warnings)
    }

    /// Writes `ledger` as `content/reviews.yaml`, atomically (a reader never sees half a file).
    public static func write(_ ledger: ReviewLedger, content: String) throws(DiagnosticError) {
        let path = content + "/" + ReviewLedger.fileName
        do {
            try Data(ledger.yaml.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DiagnosticError([.error("cannot write reviews: \(error.localizedDescription)", at: SourceLocation(file: path))])
        }
    }

    static func reviewersLocation(_ content: String) -> SourceLocation {
        let file = content + "/reviewers.yaml"
        return FileManager.default.fileExists(atPath: file) ? SourceLocation(file: file, line: 1, column: 1) : SourceLocation(file: file)
    }

    static func today() -> Day { Day(unixSeconds: Int64(Date().timeIntervalSince1970)) }
}

/// The files a site's pages are built from, and how paths on the command line name them.
struct ContentFiles {
    /// Relative to the content folder: `sections/lede.md`, `offers.yaml`, …
    let inputs: Set<String>
    let content: String
    let contentURL: URL

    init(site: Site, content: String) {
        let root = content.hasSuffix("/") && content.count > 1 ? String(content.dropLast()) : content
        self.content = root
        contentURL = URL(fileURLWithPath: root).standardizedFileURL
        var files = [site.offers.location.file] + site.policies.values.map(\.location.file) + site.fragments.map(\.location.file)
            + site.pages.map(\.location.file)
        for list in site.entities { files += list.flatMap { [$0.location.file] + $0.localizedBodyFiles.values.sorted() } }
        let prefix = root + "/"
        inputs = Set(files.map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 })
    }

    enum Resolution { case files([String]), missing, notAnInput, emptyFolder }

    func resolve(_ path: String) -> Resolution {
        // As typed from the working folder (Content/sections/lede.md), else inside the content folder (sections/lede.md).
        var candidates = [URL(fileURLWithPath: path).standardizedFileURL]
        if !path.hasPrefix("/") { candidates.append(contentURL.appendingPathComponent(path).standardizedFileURL) }
        for url in candidates {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { continue }
            guard let relative = relative(url) else { return .notAnInput }
            if !isFolder.boolValue { return inputs.contains(relative) ? .files([relative]) : .notAnInput }
            let found = inputs.filter { relative.isEmpty || $0.hasPrefix(relative + "/") }.sorted()
            return found.isEmpty ? .emptyFolder : .files(found)
        }
        return .missing
    }

    /// `url` relative to the content folder ("" for the folder itself), or nil when outside it.
    func relative(_ url: URL) -> String? {
        let base = contentURL.path, full = url.path
        if full == base { return "" }
        return full.hasPrefix(base + "/") ? String(full.dropFirst(base.count + 1)) : nil
    }
}
