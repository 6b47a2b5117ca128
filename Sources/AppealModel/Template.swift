/// A `{{ name.path }}` reference in editor-written text.
public struct Placeholder: Hashable, Sendable {
    public var path: [String]
    public var location: SourceLocation

    public init(path: [String], location: SourceLocation) {
        self.path = path
        self.location = location
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

    public init(parts: [Part]) { self.parts = parts }

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
                parts.append(.placeholder(Placeholder(path: segments, location: here)))
            }
            advance(over: scalars[open.lowerBound..<close.upperBound])
            scalars = afterOpen[close.upperBound...]
        }
        literal.unicodeScalars.append(contentsOf: scalars)
        if !literal.isEmpty { parts.append(.text(literal)) }
        return Template(parts: parts)
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
