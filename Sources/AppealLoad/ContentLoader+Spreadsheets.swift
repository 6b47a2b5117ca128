import AppealModel
import Foundation

/// A dimension's values from a spreadsheet: `<folder>/<folder>.csv` (`procedures/procedures.csv`),
/// beside Markdown files in the same folder or instead of them. The first row names the fields as
/// front matter does; one row per value:
///
/// - `slug` (required): the value's slug, as a Markdown file's name would be.
/// - the dimension's fields from matrix.yaml (`name`, `short_name`, …).
/// - `policies`, `criteria.items`: lists, one item per line inside the cell (Alt+Enter in a spreadsheet).
/// - `criteria.title`, `criteria.source`, `criteria.url`, `criteria.codes`, `criteria.reviewed`.
/// - `sources.1.title`, `sources.1.url`, `sources.1.reviewed`, `sources.2.title`, …: numbered columns.
/// - `body`: Markdown for the hub page.
///
/// An empty cell is a key left out. Errors point at the cell (line and column in the file) and name
/// its row and column header.
extension ContentLoader {
    /// The spreadsheet's path for a dimension, relative to the content folder.
    static func spreadsheet(of dimension: Dimension) -> String { dimension.folder + "/" + dimension.folder + ".csv" }

    mutating func loadSpreadsheet(of dimension: Dimension) -> [Entity] {
        let relative = Self.spreadsheet(of: dimension)
        let file = path(relative)
        guard let source = contentFile(file),
              let table = CSVTable.read(source.text, file: file, diagnostics: &diagnostics) else { return [] }
        noteInput(relative, text: source.text)
        hashGlobal(relative)

        // The header: known names only, each once, and a slug column.
        let fields = Set(dimension.fields.keys)
        var columns: [String: Int] = [:]
        var sourceNumbers: Set<Int> = []
        var headerOK = true
        for (c, cell) in table.header.enumerated() {
            let name = cell.text.trimmingCharacters(in: .whitespaces)
            if columns[name] != nil {
                diagnostics.error("column `\(name)` appears twice in the header", at: cell.location, hint: "keep one of them")
                headerOK = false
                continue
            }
            columns[name] = c
            if name == "slug" || name == "body" || name == "policies" || fields.contains(name) { continue }
            if name.hasPrefix("criteria."), ["title", "source", "url", "codes", "reviewed", "items"].contains(name.dropFirst(9)) { continue }
            if let m = name.wholeMatch(of: /sources\.([1-9][0-9]*)\.(title|url|reviewed)/), let n = Int(m.1) {
                sourceNumbers.insert(n)
                continue
            }
            let known = ["slug", "body", "policies"] + fields.sorted() + ["criteria.title", "criteria.source", "criteria.url", "criteria.codes",
                                                                          "criteria.reviewed", "criteria.items", "sources.1.title", "sources.1.url", "sources.1.reviewed"]
            diagnostics.error("unknown column `\(name)` in the header of \(relative)", at: cell.location,
                              hint: Suggest.hint(for: name, in: known) + " (the fields of \(dimension.plural.lowercased()) in matrix.yaml, and see docs/content-model.md)")
            headerOK = false
        }
        if columns["slug"] == nil {
            diagnostics.error("the header has no `slug` column", at: table.header.first?.location ?? SourceLocation(file: file, line: 1, column: 1),
                              hint: "the first row names the fields; add a column `slug` with each value's slug (it becomes part of URLs)")
            headerOK = false
        }
        guard headerOK else { return [] }

        var entities: [Entity] = []
        var seen: [String: SourceLocation] = [:]
        for (r, row) in table.rows.enumerated() {
            let number = table.rowNumbers[r]
            guard row.count == table.header.count else {
                let at = row.count > table.header.count ? row[table.header.count].location : row.last!.location
                diagnostics.error("row \(number) has \(row.count) cell\(row.count == 1 ? "" : "s") but the header has \(table.header.count)", at: at,
                                  hint: row.count > table.header.count ? "remove the extra cells, or put a cell that holds a comma in quotes"
                                      : "add the missing cells (empty ones are fine: `,,`)")
                continue
            }
            func cell(_ name: String) -> CSVTable.Cell? {
                guard let c = columns[name], !row[c].text.allSatisfy(\.isWhitespace) else { return nil }
                return row[c]
            }
            func value(_ name: String) -> String? { cell(name)?.text.trimmingCharacters(in: .whitespacesAndNewlines) }
            func locate(_ name: String) -> SourceLocation { columns[name].map { row[$0].location } ?? row[0].location }
            func what(_ name: String) -> String { "row \(number), column `\(name)`" }
            let errorsBefore = diagnostics.errors.count

            guard let slug = value("slug") else {
                diagnostics.error("\(what("slug")) is empty", at: locate("slug"), hint: "every row needs the value's slug, e.g. lumbar-fusion")
                continue
            }
            guard Slug.isValid(slug) else {
                diagnostics.error("`\(slug)` in \(what("slug")) is not a valid slug: use a-z, 0-9 and -", at: locate("slug"),
                                  hint: "for example `\(Slug.suggestion(for: slug))`")
                continue
            }
            if let first = seen.updateValue(locate("slug"), forKey: slug) {
                diagnostics.error("\(dimension.key) `\(slug)` appears twice in \(relative) (first at line \(first.line))", at: locate("slug"),
                                  hint: "keep one row per value")
                continue
            }
            let rowLocation = locate("slug")
            var values: [String: String] = ["slug": slug]
            for (field, required) in dimension.fields.sorted(by: { $0.key < $1.key }) {
                if let text = value(field) { values[field] = text } else if required {
                    diagnostics.error("\(what(field)) is empty: \(dimension.key) `\(slug)` needs a `\(field)`", at: locate(field),
                                      hint: columns[field] == nil ? "add a column `\(field)` to the header" : "fill in the cell")
                }
            }
            let policies = list(cell("policies"))
            for (policy, location) in policies where !Slug.isValid(policy) {
                diagnostics.error("`\(policy)` in \(what("policies")) is not a policy slug", at: location, hint: "one policy file name per line")
            }
            var criteria: Criteria?
            let criteriaColumns = ["title", "source", "url", "codes", "reviewed", "items"].filter { cell("criteria." + $0) != nil }
            if !criteriaColumns.isEmpty {
                for part in ["title", "source", "items"] where value("criteria." + part) == nil {
                    diagnostics.error("\(what("criteria." + part)) is empty, but other `criteria.` cells of this row are filled", at: locate("criteria." + part),
                                      hint: "criteria need a title, a source and their items (one per line), or no criteria cell at all")
                }
                let url = value("criteria.url")
                if let url, !Escape.isWebURL(url) {
                    diagnostics.error("\(what("criteria.url")) must be an absolute http(s) URL, found `\(url)`", at: locate("criteria.url"),
                                      hint: "for example https://www.cms.gov/...")
                }
                let reviewed = day(value("criteria.reviewed"), what: what("criteria.reviewed"), at: locate("criteria.reviewed"))
                if let title = value("criteria.title"), let source = value("criteria.source"), !list(cell("criteria.items")).isEmpty {
                    criteria = Criteria(title: title, source: source, url: url, codes: value("criteria.codes"), reviewed: reviewed,
                                        items: list(cell("criteria.items")).map(\.0))
                }
            }
            var sources: [SourceRef] = []
            for n in sourceNumbers.sorted() {
                let key = "sources.\(n)."
                guard ["title", "url", "reviewed"].contains(where: { cell(key + $0) != nil }) else { continue }
                guard let title = value(key + "title"), let url = value(key + "url") else {
                    let missing = value(key + "title") == nil ? "title" : "url"
                    diagnostics.error("\(what(key + missing)) is empty, but other `\(key)` cells of this row are filled", at: locate(key + missing),
                                      hint: "a source needs a title and a url")
                    continue
                }
                guard Escape.isWebURL(url) else {
                    diagnostics.error("\(what(key + "url")) must be an absolute http(s) URL, found `\(url)`", at: locate(key + "url"))
                    continue
                }
                sources.append(SourceRef(title: title, url: url, reviewed: day(value(key + "reviewed"), what: what(key + "reviewed"), at: locate(key + "reviewed"))))
            }
            let bodyCell = cell("body")
            var body = bodyCell?.text ?? ""
            if !body.isEmpty && !body.hasSuffix("\n") { body += "\n" }
            let bodyOrigin = bodyCell?.location ?? rowLocation
            for c in row { scanCell(c) }
            guard diagnostics.errors.count == errorsBefore else { continue }
            var entity = Entity(slug: slug, fields: values, policies: policies.map(\.0), criteria: criteria, sources: sources, body: body,
                                bodyOrigin: bodyOrigin, location: rowLocation)
            var hash = ContentHash()
            for c in row { hash.add(c.text) }
            entity.sourceHash = hash
            entities.append(entity)
        }
        return entities
    }

    /// One item per line of the cell, blank lines skipped, each at its own line.
    func list(_ cell: CSVTable.Cell?) -> [(String, SourceLocation)] {
        guard let cell else { return [] }
        var out: [(String, SourceLocation)] = []
        for (i, line) in cell.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let item = line.trimmingCharacters(in: .whitespaces)
            guard !item.isEmpty else { continue }
            out.append((item, SourceLocation(file: cell.location.file, line: cell.location.line + i, column: i == 0 ? cell.location.column : 1)))
        }
        return out
    }

    mutating func day(_ text: String?, what: String, at location: SourceLocation) -> Day? {
        guard let text else { return nil }
        guard let day = Day(iso: text) else {
            diagnostics.error("\(what) is not a date: `\(text)`", at: location, hint: "write dates as YYYY-MM-DD, e.g. 2026-11-20")
            return nil
        }
        return day
    }

    /// Unfinished text and banned phrases in a cell, at their place in the file.
    mutating func scanCell(_ cell: CSVTable.Cell) {
        guard let scanner, !cell.text.isEmpty else { return }
        textMarks += scanner.marks(in: cell.text, from: cell.location)
    }
}
