import AppealModel

/// A JSON value written deterministically (keys in the order given), safe inside `<script>`.
public indirect enum JSON: Sendable {
    case string(String)
    case int(Int)
    case array([JSON])
    case object([(String, JSON)])

    public var text: String {
        var out = ""
        out.reserveCapacity(1_024)
        write(into: &out)
        return out
    }

    /// Appends the JSON text to `out` (one buffer for the whole document, not one string per value).
    func write(into out: inout String) {
        switch self {
        case .string(let s): out += Escape.jsonString(s)
        case .int(let n): out += String(n)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (i, pair) in pairs.enumerated() {
                if i > 0 { out += "," }
                out += Escape.jsonString(pair.0)
                out += ":"
                pair.1.write(into: &out)
            }
            out += "}"
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
