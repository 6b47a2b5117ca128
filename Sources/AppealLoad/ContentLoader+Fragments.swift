import AppealModel
import Yams
import Foundation

extension ContentLoader {
    /// Loads every fragment, on all cores: a large site has one file per cell article. Results and
    /// diagnostics are merged in file order, so output and messages do not depend on timing.
    mutating func loadFragments(matrix: Matrix) -> [Fragment] {
        let files = files(in: "sections", ext: "md", recursive: true)
        let results = Locked<[(Fragment?, ContentLoader)?]>(Array(repeating: nil, count: files.count))
        let parent = self
        // What a fragment's parse depends on besides its own bytes: the dimensions its `for:` names, the sections.
        let shape = FragmentShape(dimensions: matrix.dimensions.map(\.key), sections: matrix.sections.map(\.name))
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            var local = parent.child()
            local.cache = parent.cache
            let relative = files[i]
            let parts = relative.split(separator: "/").map(String.init)
            // A fragment in a language folder translates the file of the same path outside it, when there is one.
            let probes = parts.count > 2 ? [(["sections"] + parts.dropFirst(2)).joined(separator: "/")] : []
            let fragment = local.memoized("fragment:" + relative, files: [relative], probes: probes, extra: shape) { $0.loadFragment(relative, matrix: matrix) }
            results.withValue { $0[i] = (fragment, local) }
        }
        var fragments: [Fragment] = []
        for case let (fragment, local)? in results.current {
            absorb(local)
            if let fragment { fragments.append(fragment) }
        }
        linkTranslations(&fragments)
        return fragments
    }

    struct FragmentShape: Hashable, Sendable {
        var dimensions: [String]
        var sections: [String]
    }

    /// Gives each translation its source's selector (when it names none) and its state against
    /// translations.yaml: current when its record matches its source's text now, stale otherwise.
    mutating func linkTranslations(_ fragments: inout [Fragment]) {
        let byFile = Dictionary(fragments.indices.map { (relativePath(fragments[$0].location.file), $0) }, uniquingKeysWith: { a, _ in a })
        let records = Dictionary(translationRecords.map { ($0.file, $0) }, uniquingKeysWith: { a, _ in a })
        for i in fragments.indices {
            guard let source = fragments[i].translates else { continue }
            let at = fragments[i].location
            guard let s = byFile[source], fragments[s].language == 0 else {
                diagnostics.error("this fragment translates `\(source)`, which is not a fragment in the default language (\(languageCodes[0]))", at: at,
                                  hint: "name the source with `translates: sections/…md`, or put the file in a language folder that mirrors its source's path")
                continue
            }
            if fragments[s].section != fragments[i].section {
                diagnostics.error("this fragment fills section `\(fragments[i].section)` but translates `\(source)`, which fills `\(fragments[s].section)`", at: at)
            }
            if fragments[i].selector.specificity == 0 && !fragmentsWithFor.contains(relativePath(at.file)) {
                fragments[i].selector = fragments[s].selector
            }
            let record = records[relativePath(at.file)]
            fragments[i].translation = record != nil && record!.source == source && record!.sourceSHA256 == fragmentDigests[source] ? .current : .stale
        }
    }

    /// `sections/es/lede.md` from `Content/sections/es/lede.md`.
    func relativePath(_ file: String) -> String {
        file.hasPrefix(root + "/") ? String(file.dropFirst(root.count + 1)) : file
    }

    /// `Content/translations.yaml`: the source version each translation was made from.
    mutating func loadTranslationRecords() -> [TranslationRecord] {
        guard exists(path(TranslationRecord.fileName)) else { return [] }
        guard let (reader, node) = yamlRoot(TranslationRecord.fileName) else { return [] }
        var r = reader
        defer { diagnostics.append(contentsOf: r.diagnostics) }
        guard let m = r.mapping(node, allowed: ["version", "translations"], what: "translations.yaml") else { return [] }
        if let version = r.int(m, "version"), version != 1 {
            r.diagnostics.error("translations.yaml has format version \(version); this AppealPress reads version 1", at: r.location(m["version"]))
            return []
        }
        var out: [TranslationRecord] = []
        var seen = Set<String>()
        let items: [Node]
        if let node = m["translations"], case .sequence(let seq) = node, seq.isEmpty { items = [] } else { items = r.sequence(m, "translations") ?? [] }
        for item in items {
            guard let e = r.mapping(item, allowed: ["file", "source", "source_sha256", "date"], what: "a translation record"),
                  let file = r.string(e, "file"), let source = r.string(e, "source"), let sha = r.string(e, "source_sha256"),
                  let date = r.day(e, "date") else { continue }
            if sha.count != 64 || !sha.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) {
                r.diagnostics.error("`source_sha256` of `\(file)` must be 64 lower-case hex digits", at: r.location(e["source_sha256"]),
                                    hint: "record translations with `appealpress translate mark`, not by hand")
                continue
            }
            if !seen.insert(file).inserted {
                r.diagnostics.error("translations.yaml records `\(file)` twice", at: r.location(item), hint: "keep the newer line")
                continue
            }
            out.append(TranslationRecord(file: file, source: source, sourceSHA256: sha, date: date, location: r.location(item)))
        }
        return out
    }

    mutating func loadFragment(_ relative: String, matrix: Matrix) -> Fragment? {
        let file = path(relative)
        guard let source = contentFile(file) else { return nil }
        let split = source.splitFrontMatter(diagnostics: &diagnostics)
        guard let yaml = split.frontMatter else {
            diagnostics.error("section fragment has no front matter", at: SourceLocation(file: file, line: 1, column: 1),
                              hint: "start the file with `---`, `section: <name>`, an optional `for: { … }`, and `---`")
            return nil
        }
        var r = YAMLReader(file: file, lineOffset: split.frontMatterLineOffset)
        defer { diagnostics.append(contentsOf: r.diagnostics) }
        guard let node = r.parse(yaml), let m = r.mapping(node, allowed: ["section", "for", "updated", "lang", "translates"], what: "the front matter of a fragment"),
              let section = r.string(m, "section") else { return nil }
        // The language: `lang:`, or a language folder right under sections/ (`sections/es/…`).
        let parts = relative.split(separator: "/").map(String.init)
        let folderLanguage = parts.count > 2 ? languageCodes.dropFirst().firstIndex(of: parts[1]) : nil
        var language = folderLanguage ?? 0
        if let code = r.string(m, "lang", required: false) {
            if let l = languageCodes.firstIndex(of: code) {
                if let folderLanguage, folderLanguage != l {
                    r.diagnostics.error("`lang: \(code)` but the file is in the `\(languageCodes[folderLanguage])` folder", at: r.location(m["lang"]))
                }
                language = l
            } else {
                r.diagnostics.error("`lang` names `\(code)`, which is not one of the site's languages", at: r.location(m["lang"]),
                                    hint: Suggest.hint(for: code, in: languageCodes) + " (languages: in site.yaml)")
            }
        }
        var translates = r.string(m, "translates", required: false)
        if translates != nil && language == 0 {
            r.diagnostics.error("a fragment in the default language translates nothing", at: r.location(m["translates"]),
                                hint: "add `lang: <code>` or move the file to a language folder such as sections/\(languageCodes.dropFirst().first ?? "es")/")
        }
        if translates == nil, folderLanguage != nil, exists(path((["sections"] + parts.dropFirst(2)).joined(separator: "/"))) {
            // sections/es/lede.md translates sections/lede.md when that file exists.
            translates = (["sections"] + parts.dropFirst(2)).joined(separator: "/")
        }
        if m["for"] != nil { fragmentsWithFor.insert(relative) }
        if !matrix.sections.contains(where: { $0.name == section }) {
            r.diagnostics.error("unknown section `\(section)`", at: r.location(m["section"]),
                                hint: Suggest.hint(for: section, in: matrix.sections.map(\.name)) + " (sections are declared in matrix.yaml)")
            return nil
        }
        guard let selector = parseSelector(m["for"], dimensions: matrix.dimensions, reader: &r, what: "`for`") else { return nil }
        let updated = r.day(m, "updated", required: false)
        noteInput(relative, text: source.text)
        let bodyStart = SourceLocation(file: file, line: split.bodyLine, column: 1)
        // "todo" is a word in Spanish and other languages: there only a capital TODO is unfinished text.
        if language != 0 && languageCodes[language] != "en" { scanner = scanner?.capitalTODOOnly() }
        scanMarkdown(split.body, from: bodyStart)
        if scanner != nil && split.body.allSatisfy(\.isWhitespace) {
            // An empty body fills its section with nothing: as unfinished as a TODO.
            textMarks.append(TextMark(kind: .unfinished, text: "", location: SourceLocation(file: file, line: max(1, split.bodyLine - 1), column: 1)))
        }
        let body = PlaceholderText.parse(split.body, origin: SourceLocation(file: file, line: split.bodyLine, column: 1), diagnostics: &r.diagnostics)
        var fragment = Fragment(section: section, selector: selector, body: body, updated: updated,
                                location: SourceLocation(file: file, line: 1, column: 1))
        fragment.sourceHash = ContentHash(source.text.utf8)
        fragment.language = language
        fragment.translates = translates
        if language == 0 { fragmentDigests[relative] = SHA256.hex(source.text) }
        return fragment
    }

    /// Cross-file references: slugs in selectors, policies named by entities.
    mutating func checkReferences(_ site: Site) {
        let slugs = site.entities.map { Set($0.map(\.slug)) }
        var told: Set<String> = []
        for ref in selectorReferences where !slugs[ref.dimension].contains(ref.slug) {
            let d = site.matrix.dimensions[ref.dimension]
            if let file = unreadable[d.key]?[ref.slug] {
                tellUnreadable(d.key, ref.slug, file: file, at: ref.location, told: &told, count: selectorReferences.count { $0.dimension == ref.dimension && $0.slug == ref.slug })
                continue
            }
            diagnostics.error("unknown \(d.key) `\(ref.slug)`", at: ref.location,
                              hint: Suggest.hint(for: ref.slug, in: slugs[ref.dimension].sorted()) + " (files in \(d.folder)/)")
        }
        for (i, dimension) in site.matrix.dimensions.enumerated() {
            for entity in site.entities[i] {
                for policy in entity.policies where site.policies[policy] == nil {
                    if let file = unreadable["policies"]?[policy] {
                        tellUnreadable("policy", policy, file: file, at: entity.location, told: &told, count: 1)
                        continue
                    }
                    diagnostics.error("\(dimension.key) `\(entity.slug)` lists policy `\(policy)`, which does not exist", at: entity.location,
                                      hint: Suggest.hint(for: policy, in: site.policies.keys.sorted()) + " (files in policies/)")
                }
            }
        }
    }

    /// One error per file that failed to load, at the first place that names it: the file's own
    /// errors are the cause, and every reference to it would repeat them as "unknown".
    mutating func tellUnreadable(_ kind: String, _ slug: String, file: String, at location: SourceLocation, told: inout Set<String>, count: Int) {
        guard told.insert(file).inserted else { return }
        diagnostics.error("\(kind) `\(slug)` could not be read, see above (\(path(file)))", at: location,
                          hint: "fix the error in \(path(file)) first" + (count > 1 ? "; the other \(count - 1) references to it are not checked until then" : ""))
    }
}
