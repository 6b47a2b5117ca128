import AppealModel
import Foundation

/// A value a theme template can show: built in Swift by the renderer, read by Mustache tags.
public enum TemplateValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case list([TemplateValue])
    case object(TemplateFields)
    /// An object shared by many pages (a policy's ladder, say). Partials rendered with it on top of
    /// the context remember their output, when it depended on nothing else.
    case shared(TemplateObject)
    /// Bytes `start..<end` of the side buffer given to `render`: HTML a page assembled beforehand
    /// (its sections, its JSON-LD) goes into the page without a string of its own.
    case side(start: Int, end: Int)

    /// False, an empty list and empty text hide a `{{#section}}` and show a `{{^section}}`.
    var isFalsy: Bool {
        switch self {
        case .bool(let b): return !b
        case .list(let items): return items.isEmpty
        case .string(let s): return s.isEmpty
        case .side(let start, let end): return start >= end
        case .int, .object, .shared: return false
        }
    }

    /// The text of a scalar; lists and objects have none.
    var text: String {
        switch self {
        case .string(let s): return s
        case .int(let n): return String(n)
        case .bool(let b): return b ? "true" : "false"
        case .list, .object, .shared, .side: return ""
        }
    }

    /// The field `name` of an object value, shared or not.
    func field(_ name: String) -> TemplateValue? {
        switch self {
        case .object(let f): return f[name]
        case .shared(let o): return o.fields[name]
        default: return nil
        }
    }

    /// `value` when present and not empty, else `false`: a missing key would otherwise be looked up in
    /// the enclosing context, so a level without a note would show its ladder's note.
    public static func optional(_ value: String?) -> TemplateValue {
        guard let value else { return .bool(false) }
        // Plain ASCII non-space seen first: no need to walk the whole value as Characters.
        if let byte = value.utf8.first, byte > 0x20 && byte < 0x80 { return .string(value) }
        return value.allSatisfy { $0.isWhitespace } ? .bool(false) : .string(value)
    }
}

/// The named fields of an object, in the order given. Objects here have a few dozen fields at most,
/// so a scan of short keys beats hashing them, and building one costs a single array.
public struct TemplateFields: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    public private(set) var pairs: [(String, TemplateValue)]

    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        pairs = elements
    }

    /// The fields of a dictionary, sorted by name so the order does not depend on hashing.
    public init(_ dictionary: [String: TemplateValue]) {
        pairs = dictionary.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    public init(capacity: Int) {
        pairs = []
        pairs.reserveCapacity(capacity)
    }

    /// Reading finds the first field of that name; writing replaces it, or adds one at the end.
    public subscript(name: String) -> TemplateValue? {
        get {
            // By index, not `for pair in pairs`: that would copy (and retain) every pair it passes.
            // Lengths first: most keys differ in length, and comparing those is free.
            let length = name.utf8.count
            var i = 0
            let count = pairs.count
            while i < count {
                if pairs[i].0.utf8.count == length && pairs[i].0 == name { return pairs[i].1 }
                i += 1
            }
            return nil
        }
        set {
            if let i = pairs.firstIndex(where: { $0.0 == name }) {
                if let newValue { pairs[i].1 = newValue } else { pairs.remove(at: i) }
            } else if let newValue {
                pairs.append((name, newValue))
            }
        }
    }

    /// Adds a field without looking for an earlier one of that name: for building fresh objects.
    public mutating func append(_ name: String, _ value: TemplateValue) { pairs.append((name, value)) }

    public var dictionary: [String: TemplateValue] { Dictionary(pairs, uniquingKeysWith: { first, _ in first }) }

    public static func == (a: TemplateFields, b: TemplateFields) -> Bool { a.dictionary == b.dictionary }
}

/// The fields of a `.shared` value, with the partial outputs remembered for it.
public final class TemplateObject: Sendable, Equatable {
    public let fields: TemplateFields
    private let memo = Locked<[MemoKey: (bytes: [UInt8], needsIndent: Bool)]>([:])

    struct MemoKey: Hashable, Sendable {
        var partial: String
        var indent: [UInt8]
        var needsIndent: Bool
    }

    public init(_ fields: TemplateFields) { self.fields = fields }

    func remembered(_ key: MemoKey) -> (bytes: [UInt8], needsIndent: Bool)? { memo.withValue { $0[key] } }
    func remember(_ key: MemoKey, _ value: (bytes: [UInt8], needsIndent: Bool)) { memo.withValue { $0[key] = value } }

    public static func == (a: TemplateObject, b: TemplateObject) -> Bool { a === b || a.fields == b.fields }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(TemplateFields(pairs: elements))
    }
}

extension TemplateFields {
    init(pairs: [(String, TemplateValue)]) { self.pairs = pairs }
}
