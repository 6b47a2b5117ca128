import AppealModel
import Yams

extension ContentLoader {
    mutating func loadPolicies(matrix: Matrix) -> [String: Policy] {
        var policies: [String: Policy] = [:]
        for relative in files(in: "policies", ext: "yaml") {
            let slug = String((relative.split(separator: "/").last ?? "").dropLast(5))
            if let policy = memoized("policy:" + relative, files: [relative], extra: matrix.dimensions.map(\.key), { $0.loadPolicy(relative, slug: slug, matrix: matrix) }) {
                policies[slug] = policy
            } else if Slug.isValid(slug) {
                unreadable["policies", default: [:]][slug] = relative
            }
        }
        return policies
    }

    /// One file of policies/.
    mutating func loadPolicy(_ relative: String, slug: String, matrix: Matrix) -> Policy? {
        guard let (reader, node, text) = yamlRootAndText(relative) else { return nil }
        noteInput(relative, text: text)
        scanValues(node, text: text, file: path(relative), lineOffset: 0)
        var r = reader
        defer { diagnostics.append(contentsOf: r.diagnostics) }
        if !Slug.isValid(slug) {
            r.diagnostics.error("`\(slug)` is not a valid slug: use a-z, 0-9 and -", at: SourceLocation(file: r.file),
                                hint: "rename the file to \(Slug.suggestion(for: slug)).yaml")
            return nil
        }
        let keys = ["name", "short_name", "summary", "regulation", "source", "reviewed", "note", "for", "except", "levels", "help"]
        guard let m = r.mapping(node, allowed: keys, what: "policy `\(slug)`") else { return nil }
        var words: Translations = [:]
        let codes = languageCodes
        let name = r.localized(m, "name", languages: codes, into: &words), source = r.url(m, "source"), reviewed = r.day(m, "reviewed")
        var levels: [AppealLevel] = []
        for (n, item) in (r.sequence(m, "levels") ?? []).enumerated() {
            if let level = readLevel(item, number: n + 1, words: &words, reader: &r) { levels.append(level) }
        }
        if levels.isEmpty { r.diagnostics.error("policy `\(slug)` has no levels", at: r.location(m["levels"] ?? node)) }
        var help: [FreeHelp] = []
        for item in r.sequence(m, "help", required: false) ?? [] {
            if let entry = readHelp(item, reader: &r) { help.append(entry) }
        }
        let includes = readRules(m, "for", policy: slug, matrix: matrix, reader: &r)
        let excludes = readRules(m, "except", policy: slug, matrix: matrix, reader: &r)
        guard let name, let source, let reviewed else { return nil }
        let shortName = r.localized(m, "short_name", required: false, languages: codes, into: &words) ?? name
        let summary = r.localized(m, "summary", required: false, languages: codes, into: &words)
        let regulation = r.localized(m, "regulation", required: false, languages: codes, into: &words)
        let note = r.localized(m, "note", required: false, languages: codes, into: &words)
        var policy = Policy(slug: slug, name: name, shortName: shortName, summary: summary, regulation: regulation,
                            source: source, reviewed: reviewed, note: note, levels: levels,
                            includes: includes, excludes: excludes,
                            location: SourceLocation(file: r.file, line: 1, column: 1), reviewedLocation: r.location(m["reviewed"]))
        policy.help = help
        policy.localized = words
        return policy
    }

    /// `for:` or `except:` of a policy: one selector (`{ payer: tricare }`) or a list of them, in the
    /// language of a fragment's `for:`. An empty `except` would remove the ladder from every page.
    mutating func readRules(_ m: YAMLReader.Mapping, _ key: String, policy: String, matrix: Matrix, reader r: inout YAMLReader) -> [Selector] {
        guard let node = m[key] else { return [] }
        let what = "`\(key)` of policy `\(policy)`"
        if YAMLReader.isNull(node) {
            r.diagnostics.error("\(what) is empty", at: r.location(node),
                                hint: key == "for" ? "name the cells, e.g. `for: { payer: tricare }`, or write `for: {}` for every page"
                                    : "name the cells it must not appear on, e.g. `except: { reason: not-covered }`, or remove the line")
            return []
        }
        let items: [Node]
        if case .sequence(let seq) = node { items = Array(seq) } else { items = [node] }
        var selectors: [Selector] = []
        for item in items {
            guard let selector = parseSelector(item, dimensions: matrix.dimensions, reader: &r, what: what) else { continue }
            if key == "except" && selector.specificity == 0 {
                r.diagnostics.error("an empty `except` rule would remove policy `\(policy)` from every page", at: selector.location,
                                    hint: "name the cells it must not appear on, e.g. `except: { reason: not-covered }`")
                continue
            }
            selectors.append(selector)
        }
        return selectors
    }

    /// One entry of `help:`: `name`, `what` and `url` required; `phone` and `source` optional.
    mutating func readHelp(_ node: Node, reader r: inout YAMLReader) -> FreeHelp? {
        guard let m = r.mapping(node, allowed: ["name", "what", "phone", "url", "source"], what: "a `help` entry") else { return nil }
        var words: Translations = [:]
        let name = r.localized(m, "name", languages: languageCodes, into: &words), what = r.localized(m, "what", languages: languageCodes, into: &words)
        let url = r.url(m, "url")
        let source = r.url(m, "source", required: false), phone = r.string(m, "phone", required: false)
        guard let name, let what, let url else { return nil }
        var help = FreeHelp(name: name, what: what, phone: phone, url: url, source: source, location: r.location(node))
        help.localized = words
        return help
    }

    /// Level `number` (from 1); its per-language words go to `words` as `levels.N.<field>`.
    mutating func readLevel(_ node: Node, number: Int = 1, words: inout Translations, reader r: inout YAMLReader) -> AppealLevel? {
        let keys = ["name", "decided_by", "deadline", "decision", "citation", "form", "note"]
        guard let m = r.mapping(node, allowed: keys, what: "an appeal level") else { return nil }
        let codes = languageCodes, k = "levels.\(number)."
        let name = r.localized(m, "name", languages: codes, into: &words, field: k + "name")
        let decidedBy = r.localized(m, "decided_by", languages: codes, into: &words, field: k + "decided_by")
        let citation = r.string(m, "citation")
        let deadline = r.requireKey(m, "deadline").flatMap { readTimeLimit($0, what: "`deadline`", field: k + "deadline", words: &words, reader: &r) }
        let decision = r.requireKey(m, "decision").flatMap { readTimeLimit($0, what: "`decision`", field: k + "decision", words: &words, reader: &r) }
        guard let name, let decidedBy, let citation, let deadline, let decision else { return nil }
        return AppealLevel(name: name, decidedBy: decidedBy, deadline: deadline, decision: decision, citation: citation,
                           form: r.string(m, "form", required: false),
                           note: r.localized(m, "note", required: false, languages: codes, into: &words, field: k + "note"), location: r.location(node))
    }

    mutating func readLevel(_ node: Node, reader r: inout YAMLReader) -> AppealLevel? {
        var words: Translations = [:]
        return readLevel(node, words: &words, reader: &r)
    }

    /// `{ days: 120, from: … }`, `{ hours: 72 }`, `{ months: 4 }` or `{ text: … }`.
    mutating func readTimeLimit(_ node: Node, what: String, reader r: inout YAMLReader) -> TimeLimit? {
        var words: Translations = [:]
        return readTimeLimit(node, what: what, field: "", words: &words, reader: &r)
    }

    /// A time limit whose `from` and `text` may be given per language (`words[code]["<field>.from"]`);
    /// the number never is: it is one fact, written once.
    mutating func readTimeLimit(_ node: Node, what: String, field: String, words: inout Translations, reader r: inout YAMLReader) -> TimeLimit? {
        let codes = languageCodes
        let units = TimeLimit.Unit.allCases.map(\.rawValue)
        guard let m = r.mapping(node, allowed: units + ["from", "calendar", "text"], what: what) else { return nil }
        let given = units.filter { m[$0] != nil }
        if let text = r.localized(m, "text", required: false, languages: codes, into: &words, field: field + ".text") {
            if !given.isEmpty || m["from"] != nil {
                r.diagnostics.error("\(what) has both `text` and a number; use one", at: r.location(node))
                return nil
            }
            return TimeLimit(text: text)
        }
        guard given.count == 1, let unit = TimeLimit.Unit(rawValue: given[0]) else {
            r.diagnostics.error("\(what) needs exactly one of `days`, `hours`, `months`, or `text`", at: r.location(node),
                                hint: "for example `{ days: 120, from: receipt of the initial determination }`")
            return nil
        }
        guard let amount = r.int(m, unit.rawValue, range: 1...10_000) else { return nil }
        return TimeLimit(amount: amount, unit: unit, from: r.localized(m, "from", required: false, languages: codes, into: &words, field: field + ".from"),
                         calendar: r.bool(m, "calendar") ?? false)
    }
}
