import AppealFiles
import AppealModel
import Foundation
import Yams

extension ContentLoader {
    /// Files with `ext` directly in `folder` (or below it when `recursive`), sorted, hidden files skipped.
    /// Other files are reported, so a `kyphoplasty.MD` or `notes.txt` is not silently ignored.
    mutating func files(in folder: String, ext: String, recursive: Bool = false, alsoAllowed: String? = nil) -> [String] {
        let base = path(folder)
        guard let entries = DirectoryWalk.entries(of: base, recursive: recursive) else {
            diagnostics.error("folder `\(folder)` not found", at: SourceLocation(file: base), hint: "create it and add one .\(ext) file per entry")
            return []
        }
        var out: [String] = []
        for entry in entries.sorted(by: { $0.path < $1.path }) where !entry.isDirectory {
            let name = entry.path
            if name.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            if name.hasSuffix("." + ext) { out.append(folder + "/" + name) } else if folder + "/" + name != alsoAllowed {
                diagnostics.warning("ignored: not a .\(ext) file", at: SourceLocation(file: base + "/" + name))
            }
        }
        return out
    }

    mutating func loadEntities(of dimension: Dimension) -> [Entity] {
        var entities: [Entity] = []
        let spreadsheet = Self.spreadsheet(of: dimension)
        for relative in files(in: dimension.folder, ext: "md", alsoAllowed: spreadsheet) {
            let slug = String((relative.split(separator: "/").last ?? "").dropLast(3))
            // The value's text in the other languages is part of its parse.
            let others = languageCodes.dropFirst().map { dimension.folder + "/" + $0 + "/" + slug + ".md" }
            if let entity = memoized("entity:" + relative, files: [relative] + others, extra: dimension, { $0.loadEntity(relative, slug: slug, of: dimension) }) {
                entities.append(entity)
            } else if Slug.isValid(slug) {
                unreadable[dimension.key, default: [:]][slug] = relative
            }
        }
        if FileManager.default.fileExists(atPath: path(spreadsheet)) {
            let files = Dictionary(entities.map { ($0.slug, $0.location.file) }, uniquingKeysWith: { a, _ in a })
            let rows = memoized("spreadsheet:" + spreadsheet, files: [spreadsheet], extra: dimension) { $0.loadSpreadsheet(of: dimension) }
            for entity in rows {
                if let other = files[entity.slug] {
                    diagnostics.error("\(dimension.key) `\(entity.slug)` is both a row of \(spreadsheet) and the file \(other)", at: entity.location,
                                      hint: "keep one of them")
                    continue
                }
                entities.append(entity)
            }
            // The order Markdown files alone would give, so a site reads the same whichever way it is written.
            entities.sort { $0.slug + ".md" < $1.slug + ".md" }
        }
        if entities.isEmpty {
            diagnostics.error("dimension `\(dimension.key)` has no entries", at: SourceLocation(file: path(dimension.folder)),
                              hint: "add at least one \(dimension.folder)/<slug>.md")
        }
        return entities
    }

    /// One Markdown file of a dimension's folder, with its text in the site's other languages.
    mutating func loadEntity(_ relative: String, slug: String, of dimension: Dimension) -> Entity? {
        let file = path(relative)
        guard let source = contentFile(file) else { return nil }
        if !Slug.isValid(slug) {
            diagnostics.error("`\(slug)` is not a valid slug: use a-z, 0-9 and -", at: SourceLocation(file: file),
                              hint: "rename the file to \(Slug.suggestion(for: slug)).md")
            return nil
        }
        let split = source.splitFrontMatter(diagnostics: &diagnostics)
        guard let yaml = split.frontMatter else {
            diagnostics.error("\(dimension.label.lowercased()) file has no front matter", at: SourceLocation(file: file, line: 1, column: 1),
                              hint: "start the file with `---`, a line `name: …`, and `---`")
            return nil
        }
        var r = YAMLReader(file: file, lineOffset: split.frontMatterLineOffset)
        defer { diagnostics.append(contentsOf: r.diagnostics) }
        guard let node = r.parse(yaml),
              let m = r.mapping(node, allowed: dimension.fields.keys.sorted() + Entity.reservedKeys, what: "the front matter of \(dimension.key) `\(slug)`")
        else { return nil }
        noteInput(relative, text: source.text)
        scanValues(node, text: yaml, file: file, lineOffset: split.frontMatterLineOffset)
        scanMarkdown(split.body, from: SourceLocation(file: file, line: split.bodyLine, column: 1))
        var fields: [String: String] = ["slug": slug]
        var localized: Translations = [:]
        for (field, required) in dimension.fields.sorted(by: { $0.key < $1.key }) {
            if let value = r.localized(m, field, required: required, languages: languageCodes, into: &localized) { fields[field] = value }
        }
        let policyList = r.stringList(m, "policies") ?? []
        let policies = policyList.map(\.0)
        for (policy, location) in policyList where !Slug.isValid(policy) {
            r.diagnostics.error("`\(policy)` is not a policy slug", at: location)
        }
        let criteria = m["criteria"].flatMap { readCriteria($0, reader: &r) }
        var sources: [SourceRef] = []
        for item in r.sequence(m, "sources", required: false) ?? [] {
            if let s = readSource(item, reader: &r) { sources.append(s) }
        }
        var entity = Entity(slug: slug, fields: fields, policies: policies, criteria: criteria, sources: sources, body: split.body,
                            bodyOrigin: SourceLocation(file: file, line: split.bodyLine, column: 1),
                            location: SourceLocation(file: file, line: 1, column: 1))
        entity.sourceHash = ContentHash(source.text.utf8)
        entity.localized = localized
        // The value's page text in another language: a Markdown file of the same name in that
        // language's folder (`procedures/es/kyphoplasty.md`), front matter optional.
        for code in languageCodes.dropFirst() {
            let other = dimension.folder + "/" + code + "/" + slug + ".md"
            guard exists(path(other)),
                  let text = contentFile(path(other)) else { continue }
            let split = text.splitFrontMatter(diagnostics: &diagnostics)
            noteInput(other, text: text.text)
            scanMarkdown(split.body, from: SourceLocation(file: path(other), line: split.bodyLine, column: 1))
            entity.localizedBody[code] = split.body
            entity.localizedBodyFiles[code] = path(other)
            // The value's fingerprint covers its text in every language: an edit here rewrites its hub.
            entity.sourceHash.add(code)
            entity.sourceHash.add(text.text)
        }
        return entity
    }

    mutating func readCriteria(_ node: Node, reader r: inout YAMLReader) -> Criteria? {
        guard let m = r.mapping(node, allowed: ["title", "source", "url", "codes", "reviewed", "items"], what: "`criteria`") else { return nil }
        let title = r.string(m, "title"), source = r.string(m, "source")
        let listed = r.stringList(m, "items") ?? []
        let items = listed.map(\.0)
        if items.isEmpty { r.diagnostics.error("`criteria` lists no `items`", at: r.location(m["items"] ?? node)) }
        for (item, location) in listed where item.allSatisfy(\.isWhitespace) {
            r.diagnostics.error("an item of `criteria` is empty", at: location, hint: "write the criterion, or remove the line")
        }
        guard let title, let source else { return nil }
        return Criteria(title: title, source: source, url: r.url(m, "url", required: false), codes: r.string(m, "codes", required: false),
                        reviewed: r.day(m, "reviewed", required: false), items: items)
    }

    mutating func readSource(_ node: Node, reader r: inout YAMLReader) -> SourceRef? {
        guard let m = r.mapping(node, allowed: ["title", "url", "reviewed"], what: "a source") else { return nil }
        guard let title = r.string(m, "title"), let url = r.url(m, "url") else { return nil }
        return SourceRef(title: title, url: url, reviewed: r.day(m, "reviewed", required: false))
    }
}
