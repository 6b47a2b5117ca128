import AppealModel
internal import CYaml

/// One pass over a YAML text's parser events, before any node is built, refusing what the content
/// model never needs and what would make loading cost more than the text's size:
///
/// - an alias used as a mapping key (composing hashes every key, so a key that aliases a nested
///   anchor chain costs time exponential in the chain's length);
/// - aliases that expand the document past `maxExpandedNodes` nodes (a "billion laughs" bomb);
/// - explicit tags (`!!binary`, `!custom`): every value is text typed by `YAMLReader`, so a tag would
///   be silently ignored;
/// - control characters in a value (a `"\0"` or `"\x07"` escape): a page could not show them, and
///   they must not reach HTML or a terminal.
///
/// The pass is linear in the text: each event is seen once and an alias costs one table lookup.
/// Syntax errors are left to the composer, which reports them with their position.
struct YAMLPreflight {
    /// Nodes a document may hold once its aliases are expanded. Content files hold hundreds.
    static let maxExpandedNodes = 100_000

    struct Problem: Equatable {
        var message: String
        var hint: String
        /// One-based line and column in the YAML text.
        var line: Int
        var column: Int
    }

    /// The problems in `text`, at most one per kind, in the order found.
    static func problems(in text: String) -> [Problem] {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return [] }
        defer { yaml_parser_delete(&parser) }
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { buffer -> [Problem] in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var walk = Walk()
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                let done = event.type == YAML_STREAM_END_EVENT
                walk.take(&event)
                yaml_event_delete(&event)
                if done || walk.stopped { break }
            }
            return walk.problems
        }
    }

    /// The state of the pass: open collections and the expanded size of each anchor.
    private struct Walk {
        struct Frame {
            var isMapping: Bool
            var children = 0
            /// `expanded` when the collection opened.
            var start: Int
            var anchor: String?
        }
        var stack: [Frame] = []
        var anchorSizes: [String: Int] = [:]
        /// Nodes so far with every alias expanded.
        var expanded = 0
        var problems: [Problem] = []
        var reported: Set<String> = []
        var stopped = false

        mutating func report(_ kind: String, _ message: String, hint: String, at mark: yaml_mark_t) {
            guard reported.insert(kind).inserted else { return }
            problems.append(Problem(message: message, hint: hint, line: Int(mark.line) + 1, column: Int(mark.column) + 1))
        }

        /// True when the next node in the innermost mapping is a key.
        var atKey: Bool {
            guard let top = stack.last, top.isMapping else { return false }
            return top.children % 2 == 0
        }

        /// Counts `size` expanded nodes; stops the pass past the bound.
        mutating func grow(by size: Int, at mark: yaml_mark_t) {
            let (sum, overflow) = expanded.addingReportingOverflow(size)
            expanded = overflow ? Int.max : sum
            if expanded > YAMLPreflight.maxExpandedNodes {
                report("expansion", "its aliases expand to more than \(YAMLPreflight.maxExpandedNodes) values",
                       hint: "write the values out, or use fewer aliases; anchors that alias other anchors multiply", at: mark)
                stopped = true
            }
        }

        /// A node finished in its parent; its anchor remembers how many nodes it expands to.
        mutating func finish(anchor: String?, size: Int) {
            if let anchor { anchorSizes[anchor] = size }
            if !stack.isEmpty { stack[stack.count - 1].children += 1 }
        }

        mutating func checkTag(_ tag: UnsafeMutablePointer<yaml_char_t>?, at mark: yaml_mark_t) {
            guard let tag else { return }
            var name = String(cString: tag)
            if name.hasPrefix("tag:yaml.org,2002:") { name = "!!" + name.dropFirst("tag:yaml.org,2002:".count) }
            report("tag", "YAML tags are not supported, found `\(name)`",
                   hint: "remove the tag: every value is read as text and typed by its key", at: mark)
        }

        mutating func take(_ event: inout yaml_event_t) {
            let mark = event.start_mark
            switch event.type {
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                checkTag(scalar.tag, at: mark)
                if let value = scalar.value, let control = Self.firstControl(value, count: Int(scalar.length)) {
                    report("control", "a value holds the control character \(control), which a page cannot show",
                           hint: "remove the escape (`\\0`, `\\x…`, `\\u…`) that writes it", at: mark)
                }
                grow(by: 1, at: mark)
                finish(anchor: scalar.anchor.map { String(cString: $0) }, size: 1)
            case YAML_ALIAS_EVENT:
                let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
                if atKey {
                    report("alias-key", "an alias (`*\(name)`) cannot be a key",
                           hint: "write the key as a plain word", at: mark)
                    stopped = true
                    return
                }
                // An undefined alias is the composer's error, reported at its position.
                let size = anchorSizes[name] ?? 1
                grow(by: size, at: mark)
                finish(anchor: nil, size: size)
            case YAML_SEQUENCE_START_EVENT:
                checkTag(event.data.sequence_start.tag, at: mark)
                grow(by: 1, at: mark)
                stack.append(Frame(isMapping: false, start: expanded - 1, anchor: event.data.sequence_start.anchor.map { String(cString: $0) }))
            case YAML_MAPPING_START_EVENT:
                checkTag(event.data.mapping_start.tag, at: mark)
                grow(by: 1, at: mark)
                stack.append(Frame(isMapping: true, start: expanded - 1, anchor: event.data.mapping_start.anchor.map { String(cString: $0) }))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast() else { return }
                finish(anchor: frame.anchor, size: expanded - frame.start)
            default:
                break
            }
        }

        /// The first character in a value that is a C0 or C1 control other than tab, line feed and
        /// carriage return, or DEL, written as `U+0007`.
        static func firstControl(_ bytes: UnsafePointer<yaml_char_t>, count: Int) -> String? {
            var i = 0
            while i < count {
                let b = bytes[i]
                if (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D) || b == 0x7F {
                    return "U+" + Self.hex(UInt32(b))
                }
                // U+0080…U+009F are C2 80…C2 9F in UTF-8.
                if b == 0xC2, i + 1 < count, (0x80...0x9F).contains(bytes[i + 1]) {
                    return "U+" + Self.hex(UInt32(bytes[i + 1]))
                }
                i += 1
            }
            return nil
        }

        static func hex(_ v: UInt32) -> String {
            let digits = String(v, radix: 16, uppercase: true)
            return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }
    }
}
