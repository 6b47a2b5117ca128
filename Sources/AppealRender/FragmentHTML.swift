import AppealModel
import AppealPlan

/// A fragment converted to HTML once, with holes where placeholder values go. Filling the holes per
/// page is string concatenation, so a fragment shared by 10,000 pages goes through cmark once.
///
/// Placeholders are swapped for private-use tokens before Markdown runs, so a value can never be read
/// as Markdown or HTML; after conversion each token is found again and marked with its context:
/// a token in text is filled HTML-escaped, one inside a link URL (which cmark percent-encoded) is
/// filled percent-encoded.
///
/// A token is `U+E000`, a nonce, the binding's number and `U+E001`. Content can hold neither token
/// character (they are stripped), but it can spell their percent-encoded form, `%EE%80%80`, in a
/// link or in text. The nonce is 16 hex digits of the SHA-256 of the fragment's own text, so text
/// that spells a token would have to contain a digest of itself: no content can forge one.
public struct FragmentHTML: Sendable {
    public enum Part: Sendable, Equatable {
        case html(String)
        case text(Binding)
        case url(Binding)
        /// A value at the very start of a link URL, where it could spell a scheme (`javascript`):
        /// filled in as a relative path (`./value`), so it never can.
        case urlStart(Binding)
    }

    public let parts: [Part]

    static let open: Unicode.Scalar = "\u{E000}", close: Unicode.Scalar = "\u{E001}"
    static let encodedOpen = "%EE%80%80", encodedClose = "%EE%80%81"

    public init(parts: [Part]) { self.parts = parts }

    public init(_ template: BoundTemplate, allowRawHTML: Bool) {
        var markdown = ""
        var bindings: [Binding] = []
        let nonce = Self.nonce(template)
        for part in template.parts {
            switch part {
            case .text(let s):
                // An editor cannot type the token characters by accident, but strip them anyway.
                // Both token characters start with byte 0xEE in UTF-8: a cheap test before the real one.
                if s.utf8.contains(0xEE), s.unicodeScalars.contains(where: { $0 == Self.open || $0 == Self.close }) {
                    markdown += String(String.UnicodeScalarView(s.unicodeScalars.filter { $0 != Self.open && $0 != Self.close }))
                } else {
                    markdown += s
                }
            case .value(let b):
                markdown.unicodeScalars.append(Self.open)
                markdown += nonce
                markdown += String(bindings.count)
                markdown.unicodeScalars.append(Self.close)
                bindings.append(b)
            }
        }
        parts = Self.split(Markdown.html(markdown, allowRawHTML: allowRawHTML), bindings: bindings, nonce: nonce)
    }

    /// 16 lowercase hex digits from the SHA-256 of the template's text (placeholders left out).
    static func nonce(_ template: BoundTemplate) -> String {
        var text = ""
        for case .text(let s) in template.parts { text += s; text += "\u{E001}" }
        return String(SHA256.hex(text).prefix(16))
    }

    static func split(_ html: String, bindings: [Binding], nonce: String) -> [Part] {
        let bytes = Array(html.utf8)
        let raw: [UInt8] = [0xEE, 0x80, 0x80], rawClose: [UInt8] = [0xEE, 0x80, 0x81]
        let encoded = Array(encodedOpen.utf8), encodedEnd = Array(encodedClose.utf8)
        var parts: [Part] = []
        var literalStart = 0, i = 0

        func matches(_ token: [UInt8], at index: Int) -> Bool {
            index + token.count <= bytes.count && bytes[index..<(index + token.count)].elementsEqual(token)
        }
        let nonceBytes = Array(nonce.utf8)
        /// The nonce and digits at `start` followed by `end`: the binding number and the index after the token.
        func token(at start: Int, end: [UInt8]) -> (Int, Int)? {
            guard matches(nonceBytes, at: start) else { return nil }
            let start = start + nonceBytes.count
            var j = start, n = 0
            // At most 6 digits: an editor's stray `%EE%80%80` followed by a long number is just text.
            while j < bytes.count, j - start < 6, (0x30...0x39).contains(bytes[j]) { n = n * 10 + Int(bytes[j] - 0x30); j += 1 }
            guard j > start, n < bindings.count, matches(end, at: j) else { return nil }
            return (n, j + end.count)
        }
        /// True when nothing between the attribute's opening quote and `index` ends a URL scheme.
        func atSchemePosition(_ index: Int) -> Bool {
            var k = index - 1
            while k >= 0, bytes[k] != UInt8(ascii: "\"") {
                if [UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#")].contains(bytes[k]) { return false }
                k -= 1
            }
            return true
        }

        /// How a raw token at `index` must be filled: as text, unless it stands inside a tag (raw
        /// HTML an editor wrote, with `raw_html: true`). There, an unquoted attribute value is
        /// percent-encoded (no space, `=`, quote or `>` can end it), and a URL, script or style
        /// attribute gets the `./` start too, so a value can never spell `javascript:` or a handler.
        func rawPart(at index: Int, _ binding: Binding) -> Part {
            var k = index - 1
            while k >= 0, bytes[k] != UInt8(ascii: "<"), bytes[k] != UInt8(ascii: ">") { k -= 1 }
            guard k >= 0, bytes[k] == UInt8(ascii: "<") else { return .text(binding) }
            // Inside a tag: find the attribute this value belongs to.
            var q = index - 1, quote: UInt8?
            while q > k {
                let c = bytes[q]
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                    // A quote right after `=` opens this value; any other closes an earlier one.
                    if q > k + 1, bytes[q - 1] == UInt8(ascii: "=") { quote = c }
                    break
                }
                if c == UInt8(ascii: "=") || c == UInt8(ascii: " ") { break }
                q -= 1
            }
            var e = q
            while e > k, bytes[e] != UInt8(ascii: "=") { e -= 1 }
            var nameEnd = e, nameStart = e
            while nameStart > k + 1, bytes[nameStart - 1] != UInt8(ascii: " "), bytes[nameStart - 1] != UInt8(ascii: "\t"), bytes[nameStart - 1] != UInt8(ascii: "\n") { nameStart -= 1 }
            if nameEnd < nameStart { nameEnd = nameStart }
            let name = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self).lowercased()
            let risky = name.hasPrefix("on") || ["href", "src", "srcset", "action", "formaction", "style", "poster", "data", "xlink:href", "background"].contains(name)
            if quote == nil { return risky ? .urlStart(binding) : .url(binding) }
            return risky ? .urlStart(binding) : .text(binding)
        }

        while i < bytes.count {
            let found: (Part, Int)?
            if bytes[i] == 0xEE, matches(raw, at: i), let (n, next) = token(at: i + 3, end: rawClose) {
                found = (rawPart(at: i, bindings[n]), next)
            } else if bytes[i] == UInt8(ascii: "%"), matches(encoded, at: i), let (n, next) = token(at: i + encoded.count, end: encodedEnd) {
                found = (atSchemePosition(i) ? .urlStart(bindings[n]) : .url(bindings[n]), next)
            } else {
                found = nil
            }
            guard let (part, next) = found else { i += 1; continue }
            if i > literalStart { parts.append(.html(String(decoding: bytes[literalStart..<i], as: UTF8.self))) }
            parts.append(part)
            i = next
            literalStart = next
        }
        if bytes.count > literalStart { parts.append(.html(String(decoding: bytes[literalStart...], as: UTF8.self))) }
        return parts
    }

    /// The fragment's HTML on one page.
    public func render(_ value: (Binding) -> String) -> String {
        var out: [UInt8] = []
        render(into: &out, value)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the fragment's HTML on one page to `out`.
    public func render(into out: inout [UInt8], _ value: (Binding) -> String) {
        for part in parts {
            switch part {
            case .html(let s): out += s.utf8
            case .text(let b): Escape.html(value(b), into: &out)
            case .url(let b): Escape.html(Escape.urlComponent(value(b)), into: &out)
            case .urlStart(let b):
                out += "./".utf8
                Escape.html(Escape.urlComponent(value(b)), into: &out)
            }
        }
    }
}
