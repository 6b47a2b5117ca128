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
public struct Template: Hashable, Sendable {
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
    public static func parse(_ text: String, origin: SourceLocation, diagnostics: inout Diagnostics) -> Template {
        var parts: [Part] = []
        var literal = ""
        var line = max(origin.line, 1), column = max(origin.column, 1)
        var scalars = text.unicodeScalars[...]

        func advance(over consumed: Substring.UnicodeScalarView) {
            for s in consumed {
                if s == "\n" { line += 1; column = 1 } else { column += 1 }
            }
        }

        while let open = scalars.firstRange(of: "{{".unicodeScalars) {
            let before = scalars[scalars.startIndex..<open.lowerBound]
            literal.unicodeScalars.append(contentsOf: before)
            advance(over: before)
            let here = SourceLocation(file: origin.file, line: line, column: column)
            let afterOpen = scalars[open.upperBound...]
            guard let close = afterOpen.firstRange(of: "}}".unicodeScalars),
                  !afterOpen[afterOpen.startIndex..<close.lowerBound].contains("\n") else {
                diagnostics.error("`{{` is not closed on the same line", at: here,
                                  hint: "write a placeholder as {{ payer.name }}, or remove the stray braces")
                literal += "{{"
                advance(over: scalars[open])
                scalars = afterOpen
                continue
            }
            let inner = String(String.UnicodeScalarView(afterOpen[afterOpen.startIndex..<close.lowerBound]))
            let name = inner.trimmedSpaces
            let segments = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            if name.isEmpty || segments.contains(where: { $0.isEmpty || !$0.unicodeScalars.allSatisfy(Template.isNameScalar) }) {
                diagnostics.error("`{{\(inner)}}` is not a placeholder name", at: here,
                                  hint: "placeholders are dotted names of letters, digits, `_` and `-`, like {{ procedure.name }}")
            } else {
                if !literal.isEmpty { parts.append(.text(literal)); literal = "" }
                let width = scalars[open.lowerBound..<close.upperBound].count
                parts.append(.placeholder(Placeholder(path: segments, location: here, width: width)))
            }
            advance(over: scalars[open.lowerBound..<close.upperBound])
            scalars = afterOpen[close.upperBound...]
        }
        literal.unicodeScalars.append(contentsOf: scalars)
        if !literal.isEmpty { parts.append(.text(literal)) }
        return Template(parts: parts, origin: SourceLocation(file: origin.file, line: max(origin.line, 1), column: max(origin.column, 1)))
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
