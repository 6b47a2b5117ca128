import AppealLoad
import AppealModel
import Foundation

/// `appealpress translate`: records which version of its source each translated fragment
/// translates, and lists the translations that are missing, stale or current.
public enum TranslationDesk {
    /// Works out the records that mark `paths` (translated fragments, or folders of them) as
    /// translations of their sources as the sources are now, without writing.
    public static func mark(_ paths: [String], on date: Day, content: String) throws(DiagnosticError) -> (records: [TranslationRecord], marked: [String]) {
        let (site, _) = try ContentLoader.load(from: content)
        let root = content.hasSuffix("/") && content.count > 1 ? String(content.dropLast()) : content
        var diagnostics = Diagnostics()
        let inputs = ContentFiles(site: site, content: root)
        var byFile: [String: Fragment] = [:]
        for f in site.fragments { byFile[relative(f.location.file, root)] = f }
        var files: [String] = []
        for path in paths {
            switch inputs.resolve(path) {
            case .files(let found):
                let translations = found.filter { byFile[$0]?.translates != nil }
                if translations.isEmpty {
                    diagnostics.error("`\(path)` is not a translated fragment", at: SourceLocation(file: path),
                                      hint: "a translation has `lang:` and `translates:`, or lives in a language folder such as sections/es/ mirroring its source")
                }
                files += translations
            case .missing:
                diagnostics.error("`\(path)` does not exist", at: SourceLocation(file: path))
            case .notAnInput, .emptyFolder:
                diagnostics.error("`\(path)` is not a translated fragment", at: SourceLocation(file: path))
            }
        }
        if date > ReviewDesk.today() { diagnostics.error("--date \(date) is in the future", at: nil) }
        files = Array(Set(files)).sorted()
        var records = Dictionary(site.translationRecords.map { ($0.file, $0) }, uniquingKeysWith: { a, _ in a })
        for file in files {
            guard let source = byFile[file]?.translates else { continue }
            var read = Diagnostics()
            guard let digest = ContentLoader.reviewDigest(ofFile: root + "/" + source, diagnostics: &read) else {
                diagnostics.append(contentsOf: read)
                continue
            }
            records[file] = TranslationRecord(file: file, source: source, sourceSHA256: digest, date: date, location: SourceLocation(file: file))
        }
        if diagnostics.hasErrors { throw DiagnosticError(diagnostics.sorted) }
        return (records.values.sorted { $0.file < $1.file }, files)
    }

    /// `translations.yaml` for `records`, sorted, one line each.
    public static func yaml(_ records: [TranslationRecord]) -> String {
        var out = """
        # Translations of fragments: which version of its source each one was made from. Written by
        # `appealpress translate mark PATH…`. When a source changes, its hash no longer matches
        # `source_sha256` and the translation is stale (a warning; with `review: required` its pages
        # are noindex) until it is updated and marked again. See docs/content-model.md.
        version: 1

        """
        if records.isEmpty { return out + "translations: []\n" }
        out += "translations:\n"
        for r in records.sorted(by: { $0.file < $1.file }) {
            out += "  - { file: \(ReviewLedger.scalar(r.file)), source: \(ReviewLedger.scalar(r.source)), source_sha256: \(r.sourceSHA256), date: \(r.date) }\n"
        }
        return out
    }

    public static func write(_ records: [TranslationRecord], content: String) throws(DiagnosticError) {
        let path = content + "/" + TranslationRecord.fileName
        do {
            try Data(yaml(records).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DiagnosticError([.error("cannot write translations: \(error.localizedDescription)", at: SourceLocation(file: path))])
        }
    }

    /// One line of `translate status`: a source in one language.
    public struct Entry: Sendable, Equatable {
        public enum State: String, Sendable { case missing, stale, current }
        public var source: String
        public var language: String
        public var state: State
        /// The translation's file ("" when missing).
        public var file: String
    }

    /// Every default-language fragment in every other language: missing, stale or current.
    public static func status(content: String) throws(DiagnosticError) -> [Entry] {
        let (site, _) = try ContentLoader.load(from: content)
        let root = content.hasSuffix("/") && content.count > 1 ? String(content.dropLast()) : content
        var out: [Entry] = []
        let languages = site.config.languages
        for source in site.fragments where source.language == 0 {
            let path = relative(source.location.file, root)
            for l in languages.indices.dropFirst() {
                let found = site.fragments.filter { $0.language == l && $0.translates == path }
                if found.isEmpty {
                    out.append(Entry(source: path, language: languages[l].code, state: .missing, file: ""))
                }
                for t in found {
                    out.append(Entry(source: path, language: languages[l].code, state: t.translation == .current ? .current : .stale,
                                     file: relative(t.location.file, root)))
                }
            }
        }
        return out.sorted { ($0.language, $0.state.rawValue, $0.source) < ($1.language, $1.state.rawValue, $1.source) }
    }

    static func relative(_ file: String, _ root: String) -> String {
        file.hasPrefix(root + "/") ? String(file.dropFirst(root.count + 1)) : file
    }
}
