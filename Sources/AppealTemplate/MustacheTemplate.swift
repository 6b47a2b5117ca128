import AppealModel

/// A Mustache template compiled once into a flat program, rendered many times against `TemplateValue`s.
///
/// Supports the Mustache spec's core: variables (`{{x}}` escaped, `{{{x}}}` and `{{& x}}` raw), dotted
/// names and `{{.}}`, sections and inverted sections, comments, partials with standalone indentation,
/// and the standalone-line rule. Lambdas and delimiter changes are rejected at parse time with a clear
/// error, since themes here are logic-less and data comes from Swift.
///
/// The program is an array of plain instructions that index into one buffer of template text and one
/// list of names, so walking it touches no reference counts; output goes into a byte buffer.
public struct MustacheTemplate: Sendable {
    /// The parse tree, flattened into `Op`s once parsed.
    indirect enum Node: Sendable {
        case text(String)
        case variable(path: [String], escaped: Bool)
        case section(path: [String], inverted: Bool, children: [Node])
        case partial(name: String, indent: String)
    }

    struct Op: Sendable {
        enum Kind: UInt8, Sendable { case text, escaped, raw, section, inverted, partial }
        var kind: Kind
        /// text and partial: start of the text (or indentation) in `arena`; variable and section: first name in `names`.
        var a: Int32
        /// text and partial: end in `arena`; variable and section: how many names (0 for `{{.}}`).
        var b: Int32
        /// section: index of the first op after it; partial: index in `partialNames`.
        var c: Int32
    }

    let ops: [Op]
    let arena: [UInt8]
    let names: [String]
    let partialNames: [String]
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
        let nodes = try parser.parse()
        partials = parser.partials
        var program = Program()
        program.emit(nodes)
        ops = program.ops
        arena = program.arena
        names = program.names
        partialNames = program.partialNames
    }

    struct Program {
        var ops: [Op] = []
        var arena: [UInt8] = []
        var names: [String] = []
        var partialNames: [String] = []

        mutating func emit(_ nodes: [Node]) {
            for node in nodes {
                switch node {
                case .text(let s):
                    let start = arena.count
                    arena += s.utf8
                    ops.append(Op(kind: .text, a: Int32(start), b: Int32(arena.count), c: 0))
                case .variable(let path, let escaped):
                    ops.append(Op(kind: escaped ? .escaped : .raw, a: Int32(names.count), b: Int32(path.count), c: 0))
                    names += path
                case .section(let path, let inverted, let children):
                    let at = ops.count
                    ops.append(Op(kind: inverted ? .inverted : .section, a: Int32(names.count), b: Int32(path.count), c: 0))
                    names += path
                    emit(children)
                    ops[at].c = Int32(ops.count)
                case .partial(let name, let indent):
                    let start = arena.count
                    arena += indent.utf8
                    let index = partialNames.firstIndex(of: name) ?? partialNames.count
                    if index == partialNames.count { partialNames.append(name) }
                    ops.append(Op(kind: .partial, a: Int32(start), b: Int32(arena.count), c: Int32(index)))
                }
            }
        }
    }

    /// Renders with `value` as the root context; `escape` is applied to `{{ }}` output.
    public func render(_ value: TemplateValue, partials library: [String: MustacheTemplate], escape: @escaping @Sendable (String) -> String) -> String {
        var bytes: [UInt8] = []
        render(value, partials: library, escaping: .function(escape), into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Renders with `value` as the root context, appending to `bytes`. `.side` values are ranges of `side`.
    public func render(_ value: TemplateValue, partials library: [String: MustacheTemplate], escaping escaper: TemplateEscaping,
                       side: [UInt8] = [], into bytes: inout [UInt8]) {
        var out = Output(bytes: bytes, side: side)
        bytes = []
        var stack: [TemplateValue] = [value]
        stack.reserveCapacity(16)
        run(0, ops.count, stack: &stack, library: library, escaper: escaper, into: &out, depth: 0)
        bytes = out.bytes
    }

    /// Output plus the standalone-partial indentation in force. Following the spec, every line of a
    /// partial's own text is indented, while newlines inside interpolated values are left alone.
    struct Output {
        var bytes: [UInt8]
        let side: [UInt8]
        var indent: [UInt8] = []
        var needsIndent = false
        /// The lowest context frame any lookup resolved in (-1 after a miss): a partial's output can be
        /// remembered only if every name it used resolved at or above the frame it was called with.
        var lowestFrame = Int.max

        mutating func appendTemplateText(_ text: UnsafeBufferPointer<UInt8>) {
            if indent.isEmpty { bytes += text; return }
            var lineStart = text.startIndex
            while lineStart <= text.endIndex {
                let lineEnd = text[lineStart...].firstIndex(of: 0x0A) ?? text.endIndex
                if lineEnd > lineStart {
                    if needsIndent { bytes += indent; needsIndent = false }
                    bytes += UnsafeBufferPointer(rebasing: text[lineStart..<lineEnd])
                }
                if lineEnd == text.endIndex { break }
                bytes.append(0x0A)
                needsIndent = true
                lineStart = lineEnd + 1
            }
        }

        /// Bytes of the side buffer, placed like any other value.
        mutating func appendSide(_ start: Int, _ end: Int, escaper: TemplateEscaping?) {
            // A range past the buffer (a caller's mistake) is cut to it rather than trapping.
            let end = min(max(end, 0), side.count), start = min(max(start, 0), end)
            guard start < end else { return }
            if escaper != nil { return appendValue(String(decoding: side[start..<end], as: UTF8.self), escaper: escaper) }
            if needsIndent && !indent.isEmpty { bytes += indent }
            needsIndent = false
            bytes += side[start..<end]
        }

        mutating func appendValue(_ s: String, escaper: TemplateEscaping?) {
            guard !s.isEmpty else { return }
            if needsIndent && !indent.isEmpty { bytes += indent }
            needsIndent = false
            switch escaper {
            case nil: bytes += s.utf8
            case .html?: Escape.html(s, into: &bytes)
            case .function(let f)?: bytes += f(s).utf8
            }
        }
    }

    func run(_ from: Int, _ to: Int, stack: inout [TemplateValue], library: [String: MustacheTemplate],
             escaper: TemplateEscaping, into out: inout Output, depth: Int) {
        // The template's text is read through a pointer: a slice per text node would retain the buffer.
        arena.withUnsafeBufferPointer { text in
            run(from, to, text: text, stack: &stack, library: library, escaper: escaper, into: &out, depth: depth)
        }
    }

    func run(_ from: Int, _ to: Int, text arena: UnsafeBufferPointer<UInt8>, stack: inout [TemplateValue], library: [String: MustacheTemplate],
             escaper: TemplateEscaping, into out: inout Output, depth: Int) {
        var pc = from
        while pc < to {
            let op = ops[pc]
            switch op.kind {
            case .text:
                out.appendTemplateText(UnsafeBufferPointer(rebasing: arena[Int(op.a)..<Int(op.b)]))
            case .escaped, .raw:
                guard let value = lookup(op, in: stack, noting: &out.lowestFrame) else { break }
                switch value {
                case .string(let s): out.appendValue(s, escaper: op.kind == .escaped ? escaper : nil)
                case .int(let n): out.appendValue(String(n), escaper: nil)
                case .bool(let b): out.appendValue(b ? "true" : "false", escaper: nil)
                case .side(let start, let end): out.appendSide(start, end, escaper: op.kind == .escaped ? escaper : nil)
                case .list, .object, .shared: break
                }
            case .inverted:
                let value = lookup(op, in: stack, noting: &out.lowestFrame)
                if value?.isFalsy ?? true { run(pc + 1, Int(op.c), text: arena, stack: &stack, library: library, escaper: escaper, into: &out, depth: depth) }
                pc = Int(op.c)
                continue
            case .section:
                let end = Int(op.c)
                guard let value = lookup(op, in: stack, noting: &out.lowestFrame), !value.isFalsy else { pc = end; continue }
                if case .list(let items) = value {
                    for item in items {
                        stack.append(item)
                        run(pc + 1, end, text: arena, stack: &stack, library: library, escaper: escaper, into: &out, depth: depth)
                        stack.removeLast()
                    }
                } else {
                    stack.append(value)
                    run(pc + 1, end, text: arena, stack: &stack, library: library, escaper: escaper, into: &out, depth: depth)
                    stack.removeLast()
                }
                pc = end
                continue
            case .partial:
                // A missing partial renders nothing, as the spec asks; Theme checks names at load time.
                // The depth limit stops a partial that includes itself.
                guard let partial = library[partialNames[Int(op.c)]], depth < 32 else { break }
                // Indentation grows for the partial and shrinks back after it, in place.
                let outer = out.indent.count
                if op.b > op.a {
                    out.indent += arena[Int(op.a)..<Int(op.b)]
                    out.needsIndent = true
                }
                if case .shared(let object)? = stack.last {
                    // Same partial, same object, same indentation: same output, if it used only the object.
                    let key = TemplateObject.MemoKey(partial: partialNames[Int(op.c)], indent: out.indent, needsIndent: out.needsIndent)
                    if let hit = object.remembered(key) {
                        out.bytes += hit.bytes
                        out.needsIndent = hit.needsIndent
                    } else {
                        var inner = Output(bytes: [], side: out.side, indent: out.indent, needsIndent: out.needsIndent)
                        partial.run(0, partial.ops.count, stack: &stack, library: library, escaper: escaper, into: &inner, depth: depth + 1)
                        if inner.lowestFrame >= stack.count - 1 { object.remember(key, (inner.bytes, inner.needsIndent)) }
                        out.bytes += inner.bytes
                        out.needsIndent = inner.needsIndent
                        out.lowestFrame = min(out.lowestFrame, inner.lowestFrame)
                    }
                } else {
                    partial.run(0, partial.ops.count, stack: &stack, library: library, escaper: escaper, into: &out, depth: depth + 1)
                }
                out.indent.removeLast(out.indent.count - outer)
            }
            pc += 1
        }
    }

    /// The first name is looked for from the innermost context outwards; the rest descend from it.
    func lookup(_ op: Op, in stack: [TemplateValue], noting lowest: inout Int) -> TemplateValue? {
        let count = Int(op.b)
        if count == 0 {
            lowest = min(lowest, stack.count - 1)
            return stack.last
        }
        let first = Int(op.a)
        let name = names[first]
        var found: TemplateValue?
        var i = stack.count - 1
        while i >= 0 {
            if let value = stack[i].field(name) {
                found = value
                break
            }
            i -= 1
        }
        lowest = min(lowest, i)  // -1 when the name was not found at all
        guard var value = found else { return nil }
        for n in (first + 1)..<(first + count) {
            guard let child = value.field(names[n]) else { return nil }
            value = child
        }
        return value
    }
}

/// How `{{ }}` output is escaped: for HTML (the byte-level escaper every theme uses), or by a function.
public enum TemplateEscaping: Sendable {
    case html
    case function(@Sendable (String) -> String)
}
