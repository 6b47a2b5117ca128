/// Escaping for each place a data value can land. Every value that reaches a page passes one of these.
public enum Escape {
    /// HTML text and double- or single-quoted attribute values.
    public static func html(_ text: String) -> String {
        // Most values have nothing to escape: hand back the same string, without a copy.
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 32)
        html(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters: safe as a query name or value,
    /// or a path segment. A value can never add a parameter, a fragment or a scheme.
    public static func urlComponent(_ text: String) -> String {
        if text.utf8.allSatisfy(isUnreserved) { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        urlComponent(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// RFC 3986 unreserved: letters, digits, `-`, `.`, `_`, `~`.
    static func isUnreserved(_ b: UInt8) -> Bool {
        (0x61...0x7A).contains(b) || (0x41...0x5A).contains(b) || (0x30...0x39).contains(b) || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x7E
    }

    /// A JSON string literal (with quotes) that is also safe inside `<script>`: `<`, `>`, `&` and the
    /// JavaScript line separators are written as `\u` escapes, so `</script>` cannot close the element.
    public static func jsonString(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        jsonString(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// XML text and attribute values (sitemaps).
    public static func xml(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// True for an absolute `http`/`https` URL with a host and no whitespace or control characters:
    /// the only kind of URL that data files may hand to a page as a link.
    public static func isWebURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") { rest = text.dropFirst(8) } else if lower.hasPrefix("http://") { rest = text.dropFirst(7) } else { return false }
        guard let host = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first, !host.isEmpty else { return false }
        return !text.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\"" || $0 == "<" || $0 == ">" || $0 == "\\" }
    }
}
