/// A request target checked before it is used as a site path. The preview serves from memory and
/// never builds a file path from a request, so this is a second wall, not the only one: anything
/// that tries to climb out of the site is refused outright instead of quietly normalised.
public enum RequestPath: Equatable, Sendable {
    /// The decoded path (always starting with `/`) and the raw query, if any.
    case path(String, query: String?)
    /// 400: not an origin-form target, a broken percent-escape, invalid UTF-8 or a control character.
    case badRequest(String)
    /// 403: a `.` or `..` segment or a backslash, as sent or once percent-decoded (`/%2e%2e/`, `..%2f`).
    case forbidden(String)

    public init(target: String) {
        // Control bytes anywhere in the target (the query too) could split a response header.
        guard !target.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            self = .badRequest("control character in the request target")
            return
        }
        guard target.hasPrefix("/") else {
            self = .badRequest("the request target must start with /")
            return
        }
        var raw = Substring(target)
        if let hash = raw.firstIndex(of: "#") { raw = raw[..<hash] }
        var query: String?
        if let mark = raw.firstIndex(of: "?") {
            query = String(raw[raw.index(after: mark)...])
            raw = raw[..<mark]
        }
        guard let decoded = Self.percentDecoded(raw) else {
            self = .badRequest("the path has a broken percent-escape or is not UTF-8")
            return
        }
        if decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            self = .badRequest("the path contains a control character")
            return
        }
        for candidate in [String(raw), decoded] {
            if candidate.contains("\\") || candidate.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) {
                self = .forbidden("the path leaves the site or names `.` or `..`")
                return
            }
        }
        self = .path(decoded, query: query)
    }

    /// `%XX` escapes decoded once; nil when an escape is broken or the bytes are not UTF-8.
    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
