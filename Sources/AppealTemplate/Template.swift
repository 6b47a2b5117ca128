/// A Mustache template compiled once into a tree, rendered many times against `TemplateValue`s.
///
/// Supports the Mustache spec's core: variables (`{{x}}` escaped, `{{{x}}}` and `{{& x}}` raw), dotted
/// names and `{{.}}`, sections and inverted sections, comments, partials with standalone indentation,
/// and the standalone-line rule. Lambdas and delimiter changes are rejected at parse time with a clear
/// error, since themes here are logic-less and data comes from Swift.
public struct MustacheTemplate: Sendable {
    indirect enum Node: Sendable {
        /// Text, and the same text split at newlines (for indented partials).
        case text(String, lines: [String])
        case variable(path: [String], escaped: Bool)
        case section(path: [String], inverted: Bool, children: [Node])
        case partial(name: String, indent: String)
    }

    let nodes: [Node]
    /// Names of the partials this template uses, for checking a theme.
    public let partials: [String]

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public let line: Int
        public let column: Int
        public var description: String { "\(line):\(column): \(message)" }
    }

    public init(_ source: String) throws(ParseError) {
        var parser = Parser(source: Array(source.utf8))
        nodes = try parser.parse()
        partials = parser.partials
    }

    /// Renders with `value` as the root context; `escape` is applied to `{{ }}` output.
    public func render(_ value: TemplateValue, partials library: [String: MustacheTemplate], escape: (String) -> String) -> String {
        var state = Output()
        state.text.reserveCapacity(32_768)
        var stack: [TemplateValue] = [value]
        Self.render(nodes, stack: &stack, library: library, escape: escape, into: &state, depth: 0)
        return state.text
    }

    /// Output plus the standalone-partial indentation in force. Following the spec, every line of a
    /// partial's own text is indented, while newlines inside interpolated values are left alone.
    struct Output {
        var text = ""
        var indent = ""
        var needsIndent = false
        /// The lowest context frame any lookup resolved in (-1 after a miss): a partial's output can be
        /// remembered only if every name it used resolved at or above the frame it was called with.
        var lowestFrame = Int.max

        mutating func appendTemplateText(_ s: String, lines: [String]) {
            if indent.isEmpty { text += s; return }
            var first = true
            for line in lines {
                if !first { text += "\n"; needsIndent = true }
                first = false
                if !line.isEmpty {
                    if needsIndent { text += indent; needsIndent = false }
                    text += line
                }
            }
        }

        mutating func appendValue(_ s: String) {
            guard !s.isEmpty else { return }
            if needsIndent && !indent.isEmpty { text += indent }
            needsIndent = false
            text += s
        }
    }

    static func render(_ nodes: [Node], stack: inout [TemplateValue], library: [String: MustacheTemplate],
                       escape: (String) -> String, into out: inout Output, depth: Int) {
        for node in nodes {
            switch node {
            case .text(let s, let lines):
                out.appendTemplateText(s, lines: lines)
            case .variable(let path, let escaped):
                guard let value = lookup(path, in: stack, noting: &out.lowestFrame) else { continue }
                let text = value.text
                out.appendValue(escaped ? escape(text) : text)
            case .section(let path, let inverted, let children):
                let value = lookup(path, in: stack, noting: &out.lowestFrame)
                let falsy = value?.isFalsy ?? true
                if inverted {
                    if falsy { render(children, stack: &stack, library: library, escape: escape, into: &out, depth: depth) }
                    continue
                }
                guard let value, !falsy else { continue }
                if case .list(let items) = value {
                    for item in items {
                        stack.append(item)
                        render(children, stack: &stack, library: library, escape: escape, into: &out, depth: depth)
                        stack.removeLast()
                    }
                } else {
                    stack.append(value)
                    render(children, stack: &stack, library: library, escape: escape, into: &out, depth: depth)
                    stack.removeLast()
                }
            case .partial(let name, let indent):
                // A missing partial renders nothing, as the spec asks; Theme checks names at load time.
                // The depth limit stops a partial that includes itself.
                guard let partial = library[name], depth < 32 else { continue }
                let outer = out.indent
                if !indent.isEmpty {
                    out.indent += indent
                    out.needsIndent = true
                }
                if case .shared(let object)? = stack.last {
                    // Same partial, same object, same indentation: same output, if it used only the object.
                    let key = name + "\u{0}" + out.indent + (out.needsIndent ? "\u{1}" : "\u{2}")
                    if let hit = object.remembered(key) {
                        out.text += hit.text
                        out.needsIndent = hit.needsIndent
                    } else {
                        var inner = Output(text: "", indent: out.indent, needsIndent: out.needsIndent)
                        render(partial.nodes, stack: &stack, library: library, escape: escape, into: &inner, depth: depth + 1)
                        if inner.lowestFrame >= stack.count - 1 { object.remember(key, (inner.text, inner.needsIndent)) }
                        out.text += inner.text
                        out.needsIndent = inner.needsIndent
                        out.lowestFrame = min(out.lowestFrame, inner.lowestFrame)
                    }
                } else {
                    render(partial.nodes, stack: &stack, library: library, escape: escape, into: &out, depth: depth + 1)
                }
                out.indent = outer
            }
        }
    }

    /// The first name is looked for from the innermost context outwards; the rest descend from it.
    static func lookup(_ path: [String], in stack: [TemplateValue], noting lowest: inout Int) -> TemplateValue? {
        if path.isEmpty {
            lowest = min(lowest, stack.count - 1)
            return stack.last
        }
        var found: TemplateValue?
        var i = stack.count - 1
        while i >= 0 {
            if let value = stack[i].fields?[path[0]] {
                found = value
                break
            }
            i -= 1
        }
        lowest = min(lowest, i)  // -1 when the name was not found at all
        guard var value = found else { return nil }
        for name in path.dropFirst() {
            guard let child = value.fields?[name] else { return nil }
            value = child
        }
        return value
    }
}
