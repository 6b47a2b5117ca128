import Foundation

/// A value a theme template can show: built in Swift by the renderer, read by Mustache tags.
public indirect enum TemplateValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case list([TemplateValue])
    case object([String: TemplateValue])
    /// An object shared by many pages (a policy's ladder, say). Partials rendered with it on top of
    /// the context remember their output, when it depended on nothing else.
    case shared(TemplateObject)

    /// False, an empty list and empty text hide a `{{#section}}` and show a `{{^section}}`.
    var isFalsy: Bool {
        switch self {
        case .bool(let b): return !b
        case .list(let items): return items.isEmpty
        case .string(let s): return s.isEmpty
        case .int, .object, .shared: return false
        }
    }

    /// The text of a scalar; lists and objects have none.
    var text: String {
        switch self {
        case .string(let s): return s
        case .int(let n): return String(n)
        case .bool(let b): return b ? "true" : "false"
        case .list, .object, .shared: return ""
        }
    }

    /// `value` when present and not empty, else `false`: a missing key would otherwise be looked up in
    /// the enclosing context, so a level without a note would show its ladder's note.
    public static func optional(_ value: String?) -> TemplateValue {
        if let value, !value.allSatisfy(\.isWhitespace) { return .string(value) }
        return .bool(false)
    }
}

/// The fields of a `.shared` value, with the partial outputs remembered for it.
public final class TemplateObject: @unchecked Sendable, Equatable {
    public let fields: [String: TemplateValue]
    private let lock = NSLock()
    private var memo: [String: (text: String, needsIndent: Bool)] = [:]

    public init(_ fields: [String: TemplateValue]) { self.fields = fields }

    func remembered(_ key: String) -> (text: String, needsIndent: Bool)? { lock.withLock { memo[key] } }
    func remember(_ key: String, _ value: (text: String, needsIndent: Bool)) { lock.withLock { memo[key] = value } }

    public static func == (a: TemplateObject, b: TemplateObject) -> Bool { a === b || a.fields == b.fields }
}

extension TemplateValue {
    /// Fields of an object value, shared or not.
    var fields: [String: TemplateValue]? {
        switch self {
        case .object(let f): return f
        case .shared(let o): return o.fields
        default: return nil
        }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
