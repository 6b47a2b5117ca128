/// Turns Mustache source into `MustacheTemplate.Node`s, applying the standalone-line rule: a section,
/// inverted, closing, comment or partial tag alone on its line removes that whole line from the output.
struct Parser {
    let source: [UInt8]
    var partials: [String] = []

    enum Kind { case variable, raw, open, inverted, close, comment, partial }

    struct Tag {
        var kind: Kind
        var name: String
        var start: Int
        var end: Int
        var standalone = false
        var lineStart = 0
        var lineEnd = 0
        var indent = ""
    }

    init(source: [UInt8]) { self.source = source }

    func position(_ offset: Int) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for i in 0..<min(offset, source.count) {
            if source[i] == UInt8(ascii: "\n") { line += 1; column = 1 } else if source[i] & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }

    func error(_ message: String, at offset: Int) -> MustacheTemplate.ParseError {
        let p = position(offset)
        return MustacheTemplate.ParseError(message: message, line: p.line, column: p.column)
    }

    func find(_ needle: [UInt8], from: Int) -> Int? {
        guard needle.count <= source.count else { return nil }
        var i = from
        while i + needle.count <= source.count {
            if source[i] == needle[0] && Array(source[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }

    static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    func text(_ from: Int, _ to: Int) -> String { String(decoding: source[from..<to], as: UTF8.self) }

    func textNode(_ from: Int, _ to: Int) -> MustacheTemplate.Node { .text(text(from, to)) }

    mutating func scanTags() throws(MustacheTemplate.ParseError) -> [Tag] {
        var tags: [Tag] = []
        var i = 0
        let open: [UInt8] = Array("{{".utf8)
        while let start = find(open, from: i) {
            var cursor = start + 2
            var kind = Kind.variable
            var close: [UInt8] = Array("}}".utf8)
            if cursor < source.count {
                switch source[cursor] {
                case UInt8(ascii: "{"): kind = .raw; close = Array("}}}".utf8); cursor += 1
                case UInt8(ascii: "&"): kind = .raw; cursor += 1
                case UInt8(ascii: "#"): kind = .open; cursor += 1
                case UInt8(ascii: "^"): kind = .inverted; cursor += 1
                case UInt8(ascii: "/"): kind = .close; cursor += 1
                case UInt8(ascii: "!"): kind = .comment; cursor += 1
                case UInt8(ascii: ">"): kind = .partial; cursor += 1
                case UInt8(ascii: "="): throw error("changing delimiters is not supported; keep {{ }}", at: start)
                case UInt8(ascii: "%"): throw error("pragmas are not supported", at: start)
                case UInt8(ascii: "$"), UInt8(ascii: "<"): throw error("template inheritance is not supported; use partials", at: start)
                default: break
                }
            }
            guard let end = find(close, from: cursor) else { throw error("tag is not closed", at: start) }
            let name = text(cursor, end).trimmingBlanks
            if kind != .comment {
                if name.isEmpty { throw error("tag has no name", at: start) }
                if name.utf8.contains(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") }) {
                    throw error("`\(name)` is not a valid name", at: start)
                }
            }
            tags.append(Tag(kind: kind, name: name, start: start, end: end + close.count))
            i = end + close.count
        }
        return tags
    }

    mutating func markStandalone(_ tags: inout [Tag]) {
        for t in tags.indices where ![Kind.variable, .raw].contains(tags[t].kind) {
            var lineStart = tags[t].start
            while lineStart > 0 && source[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
            var lineEnd = tags[t].end
            while lineEnd < source.count && source[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let before = source[lineStart..<tags[t].start], after = source[tags[t].end..<lineEnd]
            guard before.allSatisfy(Self.isBlank), after.allSatisfy({ Self.isBlank($0) || $0 == 0x0D }) else { continue }
            tags[t].standalone = true
            tags[t].lineStart = lineStart
            tags[t].lineEnd = lineEnd < source.count ? lineEnd + 1 : lineEnd
            tags[t].indent = text(lineStart, tags[t].start)
        }
    }

    mutating func parse() throws(MustacheTemplate.ParseError) -> [MustacheTemplate.Node] {
        var tags = try scanTags()
        markStandalone(&tags)
        // Build the tree with a stack of open sections.
        var stack: [(tag: Tag, children: [MustacheTemplate.Node])] = [(Tag(kind: .open, name: "", start: 0, end: 0), [])]
        var cursor = 0
        for tag in tags {
            let textEnd = tag.standalone ? tag.lineStart : tag.start
            if textEnd > cursor { stack[stack.count - 1].children.append(textNode(cursor, textEnd)) }
            cursor = tag.standalone ? tag.lineEnd : tag.end
            let path = tag.name == "." ? [] : tag.name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            switch tag.kind {
            case .variable: stack[stack.count - 1].children.append(.variable(path: path, escaped: true))
            case .raw: stack[stack.count - 1].children.append(.variable(path: path, escaped: false))
            case .comment: break
            case .partial:
                partials.append(tag.name)
                stack[stack.count - 1].children.append(.partial(name: tag.name, indent: tag.standalone ? tag.indent : ""))
            case .open, .inverted: stack.append((tag, []))
            case .close:
                guard stack.count > 1 else { throw error("`{{/\(tag.name)}}` closes a section that was never opened", at: tag.start) }
                let (open, children) = stack.removeLast()
                guard open.name == tag.name else {
                    throw error("`{{/\(tag.name)}}` closes `\(open.name)`, opened at line \(position(open.start).line)", at: tag.start)
                }
                let openPath = open.name == "." ? [] : open.name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                stack[stack.count - 1].children.append(.section(path: openPath, inverted: open.kind == .inverted, children: children))
            }
        }
        if cursor < source.count { stack[stack.count - 1].children.append(textNode(cursor, source.count)) }
        if stack.count > 1 { throw error("section `\(stack.last!.tag.name)` is never closed", at: stack.last!.tag.start) }
        return stack[0].children
    }
}

extension String {
    var trimmingBlanks: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" { s.removeLast() }
        return String(s)
    }
}
