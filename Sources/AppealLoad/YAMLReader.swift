import AppealModel
import Yams

/// Reads Yams nodes strictly: unknown keys, wrong types and missing keys become diagnostics with the
/// file, line and column of the offending node. Values are returned as optionals; a `nil` always comes
/// with a diagnostic (or means an optional key was absent).
struct YAMLReader {
    let file: String
    /// Lines before the YAML text in its file (front matter starts on line 2).
    let lineOffset: Int
    var diagnostics = Diagnostics()

    init(file: String, lineOffset: Int = 0) {
        self.file = file
        self.lineOffset = lineOffset
    }

    func location(_ node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file, line: lineOffset + 1, column: 1) }
        return SourceLocation(file: file, line: mark.line + lineOffset, column: mark.column)
    }

    /// Parses a YAML document; syntax errors are reported at their position.
    mutating func parse(_ text: String) -> Node? {
        // Aliases, tags and control characters are refused before any node is built (see YAMLPreflight).
        let problems = YAMLPreflight.problems(in: text)
        if !problems.isEmpty {
            for p in problems {
                diagnostics.error(p.message, at: SourceLocation(file: file, line: p.line + lineOffset, column: p.column), hint: p.hint)
            }
            return nil
        }
        do {
            // An explicit encoding: Yams otherwise reads the process environment on every call. The basic
            // resolver: every value is read as text here and typed by this reader, so Yams need not run
            // its regular expressions over every scalar.
            guard let node = try Yams.compose(yaml: text, .basic, .default, .utf8) else {
                // Nothing but blank lines and comments: never silently "no data".
                diagnostics.error(lineOffset > 0 ? "the front matter is empty: it holds no keys" : "the file is empty: it holds no YAML keys",
                                  at: SourceLocation(file: file, line: lineOffset + 1, column: 1),
                                  hint: "write the keys this file needs; docs/content-model.md lists them")
                return nil
            }
            return node
        } catch let error as YamlError {
            let (message, mark) = Self.describe(error)
            let at = mark.map { SourceLocation(file: file, line: $0.line + lineOffset, column: $0.column) }
                ?? SourceLocation(file: file, line: lineOffset + 1, column: 1)
            diagnostics.error("malformed YAML: \(message)", at: at,
                              hint: "check indentation and quoting; a value containing `: ` or starting with `{`, `[`, `*` or `&` needs quotes")
        } catch {
            diagnostics.error("malformed YAML: \(error)", at: SourceLocation(file: file, line: lineOffset + 1, column: 1))
        }
        return nil
    }

    static func describe(_ error: YamlError) -> (String, Mark?) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return (problem, mark)
        case .reader(let problem, _, _, _):
            return (problem, nil)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ("the key `\(duplicates.joined(separator: "`, `"))` appears twice in one mapping", context.mark)
        default:
            return ("\(error)", nil)
        }
    }

    // MARK: Mappings

    /// The node as a mapping whose keys are all in `allowed`; unknown keys are reported with a suggestion.
    mutating func mapping(_ node: Node?, allowed: [String], what: String) -> Mapping? {
        guard let node else { return nil }
        guard case .mapping(let m) = node else {
            diagnostics.error("\(what) must be a mapping of `key: value` lines, found \(Self.kind(node))", at: location(node))
            return nil
        }
        var values: [String: Node] = [:]
        var keyNodes: [String: Node] = [:]
        for (keyNode, value) in m {
            guard let key = keyNode.scalar?.string else {
                diagnostics.error("keys in \(what) must be plain words", at: location(keyNode))
                continue
            }
            if !allowed.isEmpty && !allowed.contains(key) {
                diagnostics.error("unknown key `\(key)` in \(what)", at: location(keyNode),
                                  hint: Suggest.hint(for: key, in: allowed, noun: "one of"))
                continue
            }
            values[key] = value
            keyNodes[key] = keyNode
        }
        return Mapping(node: node, values: values, keyNodes: keyNodes, what: what)
    }

    struct Mapping {
        let node: Node
        let values: [String: Node]
        let keyNodes: [String: Node]
        let what: String
        subscript(key: String) -> Node? { values[key] }
        /// Keys in file order.
        var orderedKeys: [String] {
            keyNodes.sorted { ($0.value.mark?.line ?? 0, $0.value.mark?.column ?? 0) < ($1.value.mark?.line ?? 0, $1.value.mark?.column ?? 0) }.map(\.key)
        }
    }

    mutating func requireKey(_ m: Mapping, _ key: String) -> Node? {
        if let node = m[key], !Self.isNull(node) { return node }
        diagnostics.error("\(m.what) is missing `\(key)`", at: location(m.keyNodes[key] ?? m.node),
                          hint: "add a line `\(key): …`")
        return nil
    }

    // MARK: Scalars

    /// Any scalar as text (YAML's `yes`, `12` and dates stay as written).
    mutating func string(_ m: Mapping, _ key: String, required: Bool = true) -> String? {
        guard let node = required ? requireKey(m, key) : m[key], !Self.isNull(node) else { return nil }
        guard case .scalar(let s) = node else {
            diagnostics.error("`\(key)` in \(m.what) must be text, found \(Self.kind(node))", at: location(node))
            return nil
        }
        if s.string.allSatisfy(\.isWhitespace) {
            // An optional key left empty means "not given"; a required one is an error.
            if required { diagnostics.error("`\(key)` in \(m.what) is empty", at: location(node)) }
            return nil
        }
        return s.string
    }

    mutating func int(_ m: Mapping, _ key: String, required: Bool = true, range: ClosedRange<Int>? = nil) -> Int? {
        guard let node = required ? requireKey(m, key) : m[key], !Self.isNull(node) else { return nil }
        guard let value = node.scalar.flatMap({ Int($0.string) }) else {
            diagnostics.error("`\(key)` in \(m.what) must be a whole number, found \(Self.describeValue(node))", at: location(node))
            return nil
        }
        if let range, !range.contains(value) {
            diagnostics.error("`\(key)` in \(m.what) must be between \(range.lowerBound) and \(range.upperBound), found \(value)", at: location(node))
            return nil
        }
        return value
    }

    mutating func bool(_ m: Mapping, _ key: String) -> Bool? {
        guard let node = m[key], !Self.isNull(node) else { return nil }
        switch node.scalar?.string {
        case "true": return true
        case "false": return false
        default:
            diagnostics.error("`\(key)` in \(m.what) must be `true` or `false`, found \(Self.describeValue(node))", at: location(node))
            return nil
        }
    }

    mutating func day(_ m: Mapping, _ key: String, required: Bool = true) -> Day? {
        guard let text = string(m, key, required: required) else { return nil }
        guard let day = Day(iso: text) else {
            diagnostics.error("`\(key)` in \(m.what) is not a date: `\(text)`", at: location(m[key]),
                              hint: "write dates as YYYY-MM-DD, e.g. 2026-11-20")
            return nil
        }
        return day
    }

    mutating func url(_ m: Mapping, _ key: String, required: Bool = true) -> String? {
        guard let text = string(m, key, required: required) else { return nil }
        guard Escape.isWebURL(text) else {
            diagnostics.error("`\(key)` in \(m.what) must be an absolute http(s) URL, found `\(text)`", at: location(m[key]),
                              hint: "for example https://www.cms.gov/...")
            return nil
        }
        return text
    }

    /// A list of text items; a single scalar is accepted as a one-item list.
    mutating func stringList(_ m: Mapping, _ key: String) -> [(String, SourceLocation)]? {
        guard let node = m[key], !Self.isNull(node) else { return nil }
        return stringList(node, what: "`\(key)` in \(m.what)")
    }

    mutating func stringList(_ node: Node, what: String) -> [(String, SourceLocation)]? {
        switch node {
        case .scalar(let s): return [(s.string, location(node))]
        case .sequence(let seq):
            var out: [(String, SourceLocation)] = []
            for item in seq {
                if case .scalar(let s) = item { out.append((s.string, location(item))) } else {
                    diagnostics.error("items of \(what) must be text, found \(Self.kind(item))", at: location(item))
                }
            }
            return out
        default:
            diagnostics.error("\(what) must be a list, found \(Self.kind(node))", at: location(node))
            return nil
        }
    }

    mutating func sequence(_ m: Mapping, _ key: String, required: Bool = true) -> [Node]? {
        guard let node = required ? requireKey(m, key) : m[key], !Self.isNull(node) else { return nil }
        guard case .sequence(let seq) = node else {
            diagnostics.error("`\(key)` in \(m.what) must be a list (lines starting with `- `), found \(Self.kind(node))", at: location(node))
            return nil
        }
        return Array(seq)
    }

    static func isNull(_ node: Node) -> Bool {
        if case .scalar(let s) = node, s.style == .plain, ["", "~", "null", "Null", "NULL"].contains(s.string) { return true }
        return false
    }

    static func kind(_ node: Node) -> String {
        switch node {
        case .scalar: return "text `\(node.scalar?.string ?? "")`"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    static func describeValue(_ node: Node) -> String {
        if case .scalar(let s) = node { return "`\(s.string)`" }
        return kind(node)
    }
}
