import AppealModel

/// A JSON value written deterministically (keys in the order given), safe inside `<script>`.
public indirect enum JSON: Sendable {
    case string(String)
    case int(Int)
    case array([JSON])
    case object([(String, JSON)])

    public var text: String {
        var out: [UInt8] = []
        out.reserveCapacity(1_024)
        write(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the JSON text to `out` (one buffer for the whole document, not one string per value).
    func write(into out: inout [UInt8]) {
        switch self {
        case .string(let s): Escape.jsonString(s, into: &out)
        case .int(let n): out += String(n).utf8
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            for (i, pair) in pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Escape.jsonString(pair.0, into: &out)
                out.append(UInt8(ascii: ":"))
                pair.1.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}

extension JSON {
    /// schema.org BreadcrumbList for absolute URLs.
    static func breadcrumbs(_ items: [(name: String, url: String)]) -> JSON {
        .object([
            ("@type", .string("BreadcrumbList")),
            ("itemListElement", .array(items.enumerated().map { i, item in
                .object([("@type", .string("ListItem")), ("position", .int(i + 1)), ("name", .string(item.name)), ("item", .string(item.url))])
            })),
        ])
    }

    static func graph(_ nodes: [JSON]) -> JSON {
        .object([("@context", .string("https://schema.org")), ("@graph", .array(nodes))])
    }
}
