/// Slugs become URL segments and file names, so only `a-z`, `0-9` and inner `-` are allowed.
public enum Slug {
    public static func isValid(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last, first != UInt8(ascii: "-"),
              last != UInt8(ascii: "-"), text.utf8.count <= 100 else { return false }
        return text.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }
    }

    /// A valid slug close to `text`, for hints ("Lumbar_Fusion" → "lumbar-fusion").
    public static func suggestion(for text: String) -> String {
        var out = ""
        for ch in text.lowercased() {
            if ch.isASCII && (ch.isLetter || ch.isNumber) { out.append(ch) } else if out.last != "-" { out.append("-") }
        }
        return String(out.drop { $0 == "-" }.reversed().drop { $0 == "-" }.reversed())
    }
}
