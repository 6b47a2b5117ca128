/// The source line a diagnostic points at, shown under it with a caret under the column, as swiftc
/// and rustc do. A long line (one-line Markdown paragraphs run to hundreds of characters) is cut to
/// a window around the column, marked with `…` at the cut ends. Columns count Unicode scalars, as
/// the loader's locations do, never bytes.
public struct SourceExcerpt: Hashable, Sendable, Codable {
    /// The line number in the file.
    public var line: Int
    /// The line, or the window of it, as printed: control characters are `\u{1B}`-style escapes and
    /// a tab is one space, so the caret stays under the character it means.
    public var text: String
    /// The caret's place in `text`, counting characters from 1.
    public var caret: Int

    /// How many characters a window shows around the column, at most.
    public static let width = 100

    /// The excerpt of `lineText` (the line's text, without its line break) at `column`. Only the
    /// scalars up to the window's end are read, so a megabyte-long line costs no more than its window.
    public init(line: Int, lineText: String, column: Int, width: Int = SourceExcerpt.width) {
        let wanted = max(column, 1)
        var scalars: [Unicode.Scalar] = []
        var iterator = lineText.unicodeScalars.makeIterator()
        // Enough to place the window (a third before the column, the rest after) and to know if more follows.
        let needed = wanted + width + 1
        while scalars.count < needed, let s = iterator.next() { scalars.append(s) }
        let more = iterator.next() != nil
        let column = min(wanted, scalars.count + 1)
        // The window: `width` scalars, the column about a third in so the text after it shows.
        var start = 0, end = scalars.count
        if scalars.count > width {
            start = max(0, min(column - 1 - width / 3, scalars.count - width))
            end = start + width
        }
        var text = start > 0 ? "…" : ""
        var caret = text.count + 1
        for (i, scalar) in scalars[start..<end].enumerated() {
            if start + i == column - 1 { caret = text.count + 1 }
            text += Self.shown(scalar)
        }
        if column - 1 >= end { caret = text.count + 1 }
        if end < scalars.count || more { text += "…" }
        self.init(line: line, text: text, caret: caret)
    }

    public init(line: Int, text: String, caret: Int) {
        self.line = line
        self.text = text
        self.caret = caret
    }

    static func shown(_ scalar: Unicode.Scalar) -> String {
        if scalar == "\t" { return " " }
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
            return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
        return String(scalar)
    }

    /// Two lines, indented under the message: the numbered source line and the caret.
    ///
    ///         5 | Ask {{ payer.nmae }} for the form.
    ///           |     ^
    public var rendered: String {
        let number = String(line)
        let gutter = String(repeating: " ", count: number.count)
        return "    \(number) | \(text)\n    \(gutter) | " + String(repeating: " ", count: caret - 1) + "^"
    }

    /// The excerpt of one line of a file (a BOM or `\r` at its ends left out).
    public static func at(_ location: SourceLocation, in lineText: String, lineNumber: Int) -> SourceExcerpt {
        var plain = Substring(lineText)
        if plain.unicodeScalars.last == "\r" { plain.unicodeScalars.removeLast() }
        if lineNumber == 1 && plain.hasPrefix("\u{FEFF}") { plain.removeFirst() }
        return SourceExcerpt(line: lineNumber, lineText: String(plain), column: location.column)
    }

    /// The excerpt for `location` in a file whose text is `fileText`; nil without a line, or past the end.
    public static func at(_ location: SourceLocation, in fileText: String) -> SourceExcerpt? {
        guard location.line > 0 else { return nil }
        // By bytes: a Windows line end is one Character, `\r\n`, that a split on "\n" would not see.
        var n = 1
        for bytes in fileText.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if n == location.line {
                var plain = String(decoding: bytes.last == 0x0D ? bytes.dropLast() : bytes[...], as: UTF8.self)
                if n == 1 && plain.hasPrefix("\u{FEFF}") { plain.removeFirst() }
                return SourceExcerpt(line: n, lineText: plain, column: location.column)
            }
            n += 1
        }
        return nil
    }
}
