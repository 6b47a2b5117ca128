import AppealModel
import AppealTemplate
import Foundation
import Yams

/// One language's words in a theme: `strings/<code>.yaml`, a mapping of groups of keys. Templates
/// read them as `{{t.page.sources}}`; the engine looks them up by their dotted key (`nav.home`).
public struct ThemeStrings: Sendable {
    /// `strings/es.yaml`, relative to the theme.
    public let file: String
    /// Dotted key → text.
    public let table: [String: String]
    /// The same words as a nested template object, for `{{t.…}}`.
    public let value: TemplateValue
    /// Line of each key in its file, for findings.
    let lines: [String: Int]

    public subscript(_ key: String) -> String { table[key] ?? key }

    /// `text` with each `{name}` replaced.
    public func format(_ key: String, _ values: [String: String]) -> String {
        var out = self[key]
        for (name, value) in values { out = out.replacingOccurrences(of: "{\(name)}", with: value) }
        return out
    }

    /// "1 guide", "12 guides" (`count.<noun>.one` / `.other`).
    public func count(_ n: Int, _ noun: String) -> String {
        self["count.\(noun).\(n == 1 ? "one" : "other")"].replacingOccurrences(of: "{n}", with: String(n))
    }

    /// "November 20, 2026", "20 de noviembre de 2026".
    public func date(_ day: Day) -> String {
        format("date.long", ["month": self["date.month.\(day.month)"], "day": String(day.day), "year": String(day.year)])
    }

    public var timeWords: TimeWords { TimeWords(strings: table) }

    /// Every key the engine itself looks up (templates' keys are found in the templates).
    public static let engineKeys: [String] = {
        var keys = ["nav.home", "nav.dimension_guides", "count.guide.one", "count.guide.other", "count.appeal_guide.one", "count.appeal_guide.other",
                    "date.long", "time.from_only", "list.and", "hub.description", "hub.title", "related.other", "related.same_other",
                    "not_found.title", "not_found.description", "not_found.home_link"]
        keys += (1...12).map { "date.month.\($0)" }
        keys += TimeWords.keys
        return keys
    }()

    /// Reads one strings file; problems go to `diagnostics`.
    static func load(path: String, file: String, diagnostics: inout Diagnostics) -> ThemeStrings? {
        guard let data = FileManager.default.contents(atPath: path), let text = String(validating: data, as: UTF8.self) else {
            diagnostics.error("cannot read strings file as UTF-8", at: SourceLocation(file: path))
            return nil
        }
        let node: Node
        do {
            guard let parsed = try Yams.compose(yaml: text, .basic, .default, .utf8) else {
                diagnostics.error("the strings file is empty", at: SourceLocation(file: path, line: 1, column: 1))
                return nil
            }
            node = parsed
        } catch {
            diagnostics.error("malformed YAML in strings file: \(error)", at: SourceLocation(file: path, line: 1, column: 1))
            return nil
        }
        var table: [String: String] = [:], lines: [String: Int] = [:]
        func walk(_ node: Node, _ prefix: String) -> TemplateValue? {
            switch node {
            case .scalar(let s):
                guard !prefix.isEmpty else {
                    diagnostics.error("a strings file must be a mapping of keys", at: SourceLocation(file: path, line: 1, column: 1))
                    return nil
                }
                table[prefix] = s.string
                lines[prefix] = node.mark?.line ?? 1
                return .string(s.string)
            case .mapping(let m):
                var fields = TemplateFields(capacity: m.count)
                for (k, v) in m {
                    guard let key = k.scalar?.string, !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
                        diagnostics.error("string keys use a-z, 0-9 and _, found `\(k.scalar?.string ?? "?")`",
                                          at: SourceLocation(file: path, line: k.mark?.line ?? 1, column: k.mark?.column ?? 1))
                        continue
                    }
                    if let child = walk(v, prefix.isEmpty ? key : prefix + "." + key) { fields.append(key, child) }
                }
                return .object(fields)
            default:
                diagnostics.error("strings are text or groups of keys; `\(prefix)` is neither", at: SourceLocation(file: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1))
                return nil
            }
        }
        guard let value = walk(node, "") else { return nil }
        return ThemeStrings(file: file, table: table, value: value, lines: lines)
    }

    /// Every language's file has the same keys, and every key the engine and the templates use:
    /// a missing one is an error naming the key and the file.
    static func check(_ all: [String: ThemeStrings], root: String, templates: [(file: String, text: String)], diagnostics: inout Diagnostics) {
        guard !all.isEmpty else { return }
        let union = Set(all.values.flatMap(\.table.keys))
        for (_, strings) in all.sorted(by: { $0.key < $1.key }) {
            let at = SourceLocation(file: root + "/" + strings.file, line: 1, column: 1)
            for key in union.subtracting(strings.table.keys).sorted() {
                let other = all.values.filter { $0.table[key] != nil }.map(\.file).sorted().first ?? ""
                diagnostics.error("string `\(key)` is missing in \(strings.file)", at: at, hint: "add it (\(other) has it at line \(all.values.first { $0.file == other }?.lines[key] ?? 1))")
            }
            for key in engineKeys where strings.table[key] == nil && !union.contains(key) {
                diagnostics.error("string `\(key)` is missing in \(strings.file): the engine prints it", at: at, hint: "see Themes/default/strings/en.yaml")
            }
        }
        // Keys the templates name: `{{t.page.sources}}`, `{{#t.x}}`.
        for (file, text) in templates {
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                var rest = Substring(line)
                while let open = rest.range(of: "{{") {
                    rest = rest[open.upperBound...]
                    let tag = rest.drop { "#^/{&! ".contains($0) }
                    guard tag.hasPrefix("t.") else { continue }
                    let key = String(tag.dropFirst(2).prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." })
                    for (_, strings) in all.sorted(by: { $0.key < $1.key }) where strings.table[key] == nil {
                        let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
                        diagnostics.error("template uses string `\(key)`, which \(strings.file) does not have", at: SourceLocation(file: root + "/" + file, line: n + 1, column: column),
                                          hint: Suggest.hint(for: key, in: strings.table.keys.sorted()))
                    }
                }
            }
        }
    }
}

extension Theme {
    /// Every language of the site has its strings file in the theme.
    public func checkStrings(for languages: [Language]) -> [Diagnostic] {
        var diagnostics = Diagnostics()
        for language in languages where strings[language.code] == nil {
            diagnostics.error("the theme has no strings for language `\(language.code)`", at: SourceLocation(file: root + "/strings/\(language.code).yaml"),
                              hint: strings.isEmpty ? "add strings/\(language.code).yaml (see Themes/default/strings/en.yaml)"
                                  : "copy strings/\(strings.keys.sorted()[0]).yaml to strings/\(language.code).yaml and translate every line")
        }
        return diagnostics.sorted
    }
}
