import AppealModel
import CSV

/// A CSV file read into cells that know where they are. CSV.swift reads the values (RFC 4180:
/// quoted cells, doubled quotes, line breaks inside quotes); it reports no positions and accepts a
/// stray quote silently, so a short scan of the same text finds where each cell starts (line and
/// column in characters, for diagnostics with excerpts) and reports malformed quoting at its place.
struct CSVTable {
    struct Cell {
        var text: String
        var location: SourceLocation
    }

    /// The first row: field names.
    var header: [Cell]
    /// The other rows, blank lines left out. `rowNumbers[i]` is row i's number as a spreadsheet
    /// counts rows (the header is row 1).
    var rows: [[Cell]]
    var rowNumbers: [Int]

    /// Reads `text` (the file's text, its byte-order mark and Windows line ends already removed).
    static func read(_ text: String, file: String, diagnostics: inout Diagnostics) -> CSVTable? {
        guard let starts = cellStarts(text, file: file, diagnostics: &diagnostics) else { return nil }
        var values: [[String]] = []
        do {
            let reader = try CSVReader(string: text, hasHeaderRow: false)
            while let row = reader.next() { values.append(row) }
        } catch {
            diagnostics.error("cannot read this CSV file: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
            return nil
        }
        // Both readers split the text the same way; a difference would be a bug here, not the editor's.
        guard values.count == starts.count, zip(values, starts).allSatisfy({ $0.count == $1.count }) else {
            diagnostics.error("cannot read this CSV file: its rows could not be located", at: SourceLocation(file: file, line: 1, column: 1),
                              hint: "save it again from the spreadsheet as CSV (UTF-8)")
            return nil
        }
        var rows: [[Cell]] = [], numbers: [Int] = []
        for (i, (row, places)) in zip(values, starts).enumerated() {
            // A blank line is one empty cell: not a row.
            if row == [""] { continue }
            rows.append(zip(row, places).map { Cell(text: $0, location: $1) })
            numbers.append(i + 1)
        }
        guard !rows.isEmpty else {
            diagnostics.error("CSV file is empty", at: SourceLocation(file: file), hint: "the first row names the fields: slug,name,…")
            return nil
        }
        return CSVTable(header: rows[0], rows: Array(rows.dropFirst()), rowNumbers: Array(numbers.dropFirst()))
    }

    /// Where each cell of each record starts, or nil after reporting malformed quoting: a quote
    /// inside an unquoted cell, text after a closing quote, or a quote never closed.
    static func cellStarts(_ text: String, file: String, diagnostics: inout Diagnostics) -> [[SourceLocation]]? {
        var records: [[SourceLocation]] = []
        var record: [SourceLocation] = []
        var line = 1, column = 1
        var scalars = text.unicodeScalars.makeIterator()
        var next = scalars.next()
        func advance() {
            if next == "\n" { line += 1; column = 1 } else { column += 1 }
            next = scalars.next()
        }
        func here() -> SourceLocation { SourceLocation(file: file, line: line, column: column) }
        while next != nil {
            if next == "\"" {
                // A quoted cell's text starts after its opening quote.
                let opening = here()
                advance()
                record.append(here())
                while true {
                    guard let c = next else {
                        diagnostics.error("this quote is never closed", at: opening,
                                          hint: "end the cell with a quote; a quote inside a quoted cell is written twice (\"\")")
                        return nil
                    }
                    if c == "\"" {
                        advance()
                        if next == "\"" { advance(); continue }
                        if next == nil || next == "," || next == "\n" { break }
                        diagnostics.error("text after the closing quote of a cell", at: here(),
                                          hint: "a quote inside a quoted cell is written twice (\"\"); or add the comma that ends the cell")
                        return nil
                    }
                    advance()
                }
            } else {
                record.append(here())
                while let c = next, c != ",", c != "\n" {
                    if c == "\"" {
                        diagnostics.error("a quote inside a cell that does not start with one", at: here(),
                                          hint: "put the whole cell in quotes and write this quote twice: \"like \"\"this\"\"\"")
                        return nil
                    }
                    advance()
                }
            }
            if next == "," {
                advance()
                // A comma at the very end of the text still opens one last, empty cell.
                if next == nil { record.append(here()) }
            } else {
                if next == "\n" { advance() }
                records.append(record)
                record = []
            }
        }
        if !record.isEmpty { records.append(record) }
        return records
    }
}
