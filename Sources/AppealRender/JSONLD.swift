import AppealModel

/// A JSON value written deterministically (keys in the order given), safe inside `<script>`.
public indirect enum JSON: Sendable {
    case string(String)
    case int(Int)
    case array([JSON])
    case object([(String, JSON)])

    public var text: String {
        switch self {
        case .string(let s): return Escape.jsonString(s)
        case .int(let n): return String(n)
        case .array(let items): return "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let pairs): return "{" + pairs.map { Escape.jsonString($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
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
