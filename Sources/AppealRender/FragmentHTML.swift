import AppealModel
import AppealPlan

/// A fragment converted to HTML once, with holes where placeholder values go. Filling the holes per
/// page is string concatenation, so a fragment shared by 10,000 pages goes through cmark once.
///
/// Placeholders are swapped for private-use tokens before Markdown runs, so a value can never be read
/// as Markdown or HTML; after conversion each token is found again and marked with its context:
/// a token in text is filled HTML-escaped, one inside a link URL (which cmark percent-encoded) is
/// filled percent-encoded.
public struct FragmentHTML: Sendable {
    public enum Part: Sendable, Equatable {
        case html(String)
        case text(Binding)
        case url(Binding)
    }

    public let parts: [Part]

    static let open: Unicode.Scalar = "\u{E000}", close: Unicode.Scalar = "\u{E001}"
    static let encodedOpen = "%EE%80%80", encodedClose = "%EE%80%81"

    public init(parts: [Part]) { self.parts = parts }

    public init(_ template: BoundTemplate, allowRawHTML: Bool) {
        var markdown = ""
        var bindings: [Binding] = []
        for part in template.parts {
            switch part {
            case .text(let s):
                // An editor cannot type the token characters by accident, but strip them anyway.
                markdown += String(String.UnicodeScalarView(s.unicodeScalars.filter { $0 != Self.open && $0 != Self.close }))
            case .value(let b):
                markdown.unicodeScalars.append(Self.open)
                markdown += String(bindings.count)
                markdown.unicodeScalars.append(Self.close)
                bindings.append(b)
            }
        }
        parts = Self.split(Markdown.html(markdown, allowRawHTML: allowRawHTML), bindings: bindings)
    }

    static func split(_ html: String, bindings: [Binding]) -> [Part] {
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(html)
        while !rest.isEmpty {
            if rest.unicodeScalars.first == open, let end = rest.unicodeScalars.firstIndex(of: close),
               let n = Int(String(rest.unicodeScalars[rest.unicodeScalars.index(after: rest.unicodeScalars.startIndex)..<end])), n < bindings.count {
                if !literal.isEmpty { parts.append(.html(literal)); literal = "" }
                parts.append(.text(bindings[n]))
                rest = Substring(rest.unicodeScalars[rest.unicodeScalars.index(after: end)...])
            } else if rest.hasPrefix(encodedOpen), let end = rest.firstRange(of: encodedClose),
                      let n = Int(rest[rest.index(rest.startIndex, offsetBy: encodedOpen.count)..<end.lowerBound]), n < bindings.count {
                if !literal.isEmpty { parts.append(.html(literal)); literal = "" }
                parts.append(.url(bindings[n]))
                rest = rest[end.upperBound...]
            } else {
                literal.unicodeScalars.append(rest.unicodeScalars.first!)
                rest = Substring(rest.unicodeScalars.dropFirst())
            }
        }
        if !literal.isEmpty { parts.append(.html(literal)) }
        return parts
    }

    /// The fragment's HTML on one page.
    public func render(_ value: (Binding) -> String) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .html(let s): out += s
            case .text(let b): out += Escape.html(value(b))
            case .url(let b): out += Escape.html(Escape.urlComponent(value(b)))
            }
        }
        return out
    }
}
