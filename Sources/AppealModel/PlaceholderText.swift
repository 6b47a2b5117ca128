/// A `{{ name.path }}` reference in editor-written text.
public struct Placeholder: Hashable, Sendable {
    public var path: [String]
    public var location: SourceLocation
    /// Columns the `{{ … }}` token takes in its file, so text after it can be located.
    public var width: Int

    public init(path: [String], location: SourceLocation, width: Int = 0) {
        self.path = path
        self.location = location
        self.width = width
    }

    public var name: String { path.joined(separator: ".") }
}

/// Editor-written text with placeholders: a title pattern, a URL pattern or a Markdown fragment.
public struct PlaceholderText: Hashable, Sendable {
    public enum Part: Hashable, Sendable {
        case text(String)
        case placeholder(Placeholder)
    }

    public var parts: [Part]
    /// Where the text starts in its file, when it was parsed from one.
    public var origin: SourceLocation?

    public init(parts: [Part], origin: SourceLocation? = nil) {
        self.parts = parts
        self.origin = origin
    }

    public var placeholders: [Placeholder] {
        parts.compactMap { if case .placeholder(let p) = $0 { p } else { nil } }
    }

    /// Parses `text` that starts at `origin` in its file. Problems (an unclosed `{{`, a malformed name)
    /// are reported with their own line and column.
    public static func parse(_ text: String, origin: SourceLocation, diagnostics: inout Diagnostics) -> PlaceholderText {
        let bytes = Array(text.utf8)
        let brace = UInt8(ascii: "{"), close = UInt8(ascii: "}"), newline = UInt8(ascii: "\n")
        var parts: [Part] = []
        var line = max(origin.line, 1), column = max(origin.column, 1)
        var literalStart = 0, scanned = 0, i = 0

        // Line and column advance over bytes already passed; continuation bytes do not start a column.
        func advance(to end: Int) {
            while scanned < end {
                let b = bytes[scanned]
                if b == newline { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
                scanned += 1
            }
        }
        func flushLiteral(upTo end: Int) {
            if end > literalStart { parts.append(.text(String(decoding: bytes[literalStart..<end], as: UTF8.self))) }
        }

        while i + 1 < bytes.count {
            guard bytes[i] == brace && bytes[i + 1] == brace else { i += 1; continue }
            advance(to: i)
            let here = SourceLocation(file: origin.file, line: line, column: column)
            var j = i + 2
            while j + 1 < bytes.count && !(bytes[j] == close && bytes[j + 1] == close) && bytes[j] != newline { j += 1 }
            guard j + 1 < bytes.count, bytes[j] == close, bytes[j + 1] == close else {
                diagnostics.error("`{{` is not closed on the same line", at: here,
                                  hint: "write a placeholder as {{ payer.name }}, or remove the stray braces")
                i += 2
                continue
            }
            let inner = String(decoding: bytes[(i + 2)..<j], as: UTF8.self)
            let name = inner.trimmedSpaces
            let segments = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            if name.isEmpty || segments.contains(where: { $0.isEmpty || !$0.unicodeScalars.allSatisfy(PlaceholderText.isNameScalar) }) {
                diagnostics.error("`{{\(inner)}}` is not a placeholder name", at: here,
                                  hint: "placeholders are dotted names of letters, digits, `_` and `-`, like {{ procedure.name }}")
            } else {
                flushLiteral(upTo: i)
                let width = String(decoding: bytes[i..<(j + 2)], as: UTF8.self).unicodeScalars.count
                parts.append(.placeholder(Placeholder(path: segments, location: here, width: width)))
                literalStart = j + 2
            }
            i = j + 2
        }
        flushLiteral(upTo: bytes.count)
        return PlaceholderText(parts: parts, origin: SourceLocation(file: origin.file, line: max(origin.line, 1), column: max(origin.column, 1)))
    }

    /// Each text part with the place in the file where it starts (a text part after a placeholder
    /// starts where the placeholder's token ends). Nil locations when the template has no origin.
    public var locatedText: [(text: String, start: SourceLocation?)] {
        var out: [(String, SourceLocation?)] = []
        var next = origin
        for part in parts {
            switch part {
            case .text(let s): out.append((s, next)); next = nil
            case .placeholder(let p):
                next = p.width > 0 ? SourceLocation(file: p.location.file, line: p.location.line, column: p.location.column + p.width) : nil
            }
        }
        return out
    }

    /// The location of `offset` (in Unicode scalars) into text that starts at `start`.
    public static func location(in text: String, scalarOffset offset: Int, from start: SourceLocation) -> SourceLocation {
        var line = start.line, column = start.column
        for (i, s) in text.unicodeScalars.enumerated() {
            if i == offset { break }
            if s == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return SourceLocation(file: start.file, line: line, column: column)
    }

    static func isNameScalar(_ s: Unicode.Scalar) -> Bool {
        s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_" || s == "-")
    }

    /// Fills the placeholders with `value(placeholder)`; text parts are kept as they are.
    public func render(_ value: (Placeholder) -> String) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let s): out += s
            case .placeholder(let p): out += value(p)
            }
        }
        return out
    }
}

extension String {
    var trimmedSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
