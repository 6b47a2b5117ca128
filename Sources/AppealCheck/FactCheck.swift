import AppealModel
import AppealPlan

/// Finds numbers of days typed in fragment prose ("60 days", "a 60-day window", "sixty calendar days")
/// and compares each with the policy data of the pages the fragment lands on. A number that no
/// applicable ladder has is an error (the class of mistake that started this project: "60 days" on a
/// page whose Medicare ladder says 120); one that matches is a warning, because it will not follow a
/// change to the policy file. Either way the hint names the placeholder to write instead.
///
/// Which level a sentence talks about is read from the sentence: a level placeholder in it, a level's
/// name ("reconsideration"), a policy's name ("Medicare Advantage"); else the first level, the
/// deadline a reader faces first. Words such as "decide" or "respond" make it a decision time. A
/// sentence with no word about filing, asking or deadlines is not read as a deadline at all.
struct FactCheck {
    let plan: SitePlan
    /// Cells each fragment lands on.
    let landing: [[Int]]

    var site: Site { plan.site }

    struct Mention {
        var number: Int
        var text: String
        var location: SourceLocation
        /// The sentence around it, lower-cased, placeholders removed.
        var sentence: String
        var placeholders: [Placeholder]

        /// True when the sentence has one of the words, or one of the phrases (keys with a space).
        func says(_ keys: [String]) -> Bool {
            let words = Set(sentence.split { !$0.isLetter }.map(String.init))
            return keys.contains { $0.contains(" ") ? sentence.contains($0) : words.contains($0) }
        }
    }

    static let numberWords: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "sixty": 60,
        "sixty-five": 65, "ninety": 90,
    ]
    static let deadlineWords = ["within", "deadline", "deadlines", "appeal", "appeals", "file", "filing", "ask", "request", "submit",
                                "send", "until", "window", "days to", "days from", "you have", "time limit"]
    static let decisionWords = ["decide", "decides", "decided", "respond", "responds", "ruling", "answer within", "must answer",
                                "decision within", "decision in", "rule on", "hear back"]

    func run() -> [Finding] {
        var findings: [Finding] = []
        for (f, fragment) in site.fragments.enumerated() where !landing[f].isEmpty {
            for mention in Self.mentions(in: fragment.body) {
                if let finding = judge(mention, fragment: f) { findings.append(finding) }
            }
            findings += laddersNotShown(fragment: f)
        }
        return findings
    }

    /// A fragment that fills in a ladder's deadline (`{{ policies.tricare.levels.1.deadline }}`) on a
    /// page that does not show that ladder states another program's rule there: TRICARE's
    /// medical-necessity deadline on its billing-error pages, say. One warning per policy and fragment,
    /// at its first placeholder.
    func laddersNotShown(fragment f: Int) -> [Finding] {
        var first: [String: Placeholder] = [:]
        var order: [String] = []
        for case .placeholder(let p) in site.fragments[f].body.parts where p.path.count > 2 && p.path[0] == "policies" && p.path[2] == "levels" {
            if first[p.path[1]] == nil { first[p.path[1]] = p; order.append(p.path[1]) }
        }
        return order.compactMap { slug -> Finding? in
            let missing = landing[f].filter { !plan.policies(plan.cells[$0]).contains(slug) }
            guard !missing.isEmpty, let p = first[slug] else { return nil }
            let name = site.policies[slug]?.shortName ?? slug
            let message = "`{{ \(p.name) }}` fills in a rule of the \(name) ladder on \(missing.count) of the \(landing[f].count) pages "
                + "this fragment fills, and those pages do not show that ladder"
            let hint = "narrow the fragment's `for:` to the pages that show that ladder, or point to “the ladder on this page” instead of one program's number"
            return Finding(.facts, .warning(message, at: p.location, hint: hint), pages: missing,
                           examples: missing.prefix(3).map { plan.cells[$0].path })
        }
    }

    // MARK: Finding mentions

    /// Every "N days" in the template's text, with its sentence.
    static func mentions(in template: PlaceholderText) -> [Mention] {
        // The whole text with each placeholder as one private-use scalar, to read sentences across them.
        var flat: [Unicode.Scalar] = []
        var placeholderAt: [Int: Placeholder] = [:]
        var segments: [(start: Int, text: String, origin: SourceLocation?)] = []
        let located = template.locatedText
        var t = 0
        for part in template.parts {
            switch part {
            case .text(let s):
                segments.append((flat.count, s, located[t].start))
                t += 1
                flat += s.unicodeScalars
            case .placeholder(let p):
                placeholderAt[flat.count] = p
                flat.append("\u{E000}")
            }
        }
        var out: [Mention] = []
        // A mention ends in "day" or "days": text without those three letters has none to find.
        for segment in segments where mayMentionDays(segment.text) {
            let scalars = Array(segment.text.unicodeScalars)
            for (offset, length, number) in numberOfDays(in: scalars) {
                let at = segment.start + offset
                let (from, to) = sentence(around: at, in: flat)
                var words = ""
                var placeholders: [Placeholder] = []
                for k in from..<to {
                    if let p = placeholderAt[k] { placeholders.append(p); words += " " } else { words.unicodeScalars.append(flat[k]) }
                }
                let location = segment.origin.map { PlaceholderText.location(in: segment.text, scalarOffset: offset, from: $0) }
                    ?? template.origin ?? SourceLocation(file: "")
                out.append(Mention(number: number, text: String(String.UnicodeScalarView(scalars[offset..<(offset + length)])),
                                   location: location, sentence: words.lowercased(), placeholders: placeholders))
            }
        }
        return out
    }

    /// Whether `text` holds "day" in any letter case (ASCII): the cheap test before tokenizing it.
    static func mayMentionDays(_ text: String) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in text.utf8 {
            let lower = byte | 0x20
            if lower == UInt8(ascii: "y"), previous == (UInt8(ascii: "d"), UInt8(ascii: "a")) { return true }
            previous = (previous.1, lower)
        }
        return false
    }

    /// (offset, length, number) of each "N days", "N-day", "N calendar days" in the text.
    static func numberOfDays(in s: [Unicode.Scalar]) -> [(Int, Int, Int)] {
        func isWordScalar(_ c: Unicode.Scalar) -> Bool {
            // ASCII first: Unicode's property tables cost far more than a range check.
            if c.isASCII { return ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) }
            return c.properties.isAlphabetic
        }
        // Tokens: runs of letters and digits, with inner hyphens between letters ("sixty-five").
        var tokens: [(start: Int, end: Int, text: String)] = []
        var k = 0
        while k < s.count {
            guard isWordScalar(s[k]) else { k += 1; continue }
            let start = k
            while k < s.count, isWordScalar(s[k]) || (s[k] == "-" && k + 1 < s.count && isWordScalar(s[k + 1])
                                                       && s[start].properties.isAlphabetic && s[k + 1].properties.isAlphabetic) { k += 1 }
            tokens.append((start, k, String(String.UnicodeScalarView(s[start..<k])).lowercased()))
        }
        var found: [(Int, Int, Int)] = []
        for (i, token) in tokens.enumerated() {
            let number: Int?
            if token.text.allSatisfy(\.isNumber) && token.text.count <= 4 {
                // Not the end of "405.942" or "1,000".
                let before = token.start >= 2 ? (s[token.start - 1], s[token.start - 2]) : nil
                if let (p, q) = before, p == "." || p == ",", ("0"..."9").contains(q) { continue }
                number = Int(token.text)
            } else {
                number = numberWords[token.text]
            }
            guard let number else { continue }
            var j = i + 1
            func joined(_ a: Int, _ b: Int) -> Bool {
                s[tokens[a].end..<tokens[b].start].allSatisfy { $0 == " " || $0 == "\u{A0}" || $0 == "-" || $0 == "\n" }
            }
            guard j < tokens.count, joined(i, j) else { continue }
            if ["calendar", "business", "working"].contains(tokens[j].text) {
                j += 1
                guard j < tokens.count, joined(j - 1, j) else { continue }
            }
            guard tokens[j].text == "day" || tokens[j].text == "days" else { continue }
            found.append((token.start, tokens[j].end - token.start, number))
        }
        return found
    }

    /// The sentence around position `at`: up to `. `, `! `, `? `, a blank line or a list item or heading start.
    static func sentence(around at: Int, in s: [Unicode.Scalar]) -> (Int, Int) {
        func boundary(_ k: Int) -> Bool {
            // Is there a boundary between k-1 and k?
            guard k > 0, k < s.count else { return true }
            let p = s[k - 1], c = s[k]
            if (p == "." || p == "!" || p == "?") && (c == " " || c == "\n") { return true }
            if p == "\n" && (c == "\n" || c == "-" || c == "*" || c == "#" || c == "|") { return true }
            return false
        }
        var from = at
        while from > 0 && !boundary(from) { from -= 1 }
        var to = at + 1
        while to < s.count && !boundary(to) { to += 1 }
        return (from, to)
    }

    // MARK: Judging

    struct Expected: Hashable {
        var policy: String
        var level: Int
        var days: Int
    }

    func judge(_ m: Mention, fragment f: Int) -> Finding? {
        let decision = m.says(Self.decisionWords)
        guard decision || m.says(Self.deadlineWords) else { return nil }
        // Pages grouped by the policies they show: a fragment on 10,000 pages meets only a few ladders.
        // The planner's per-cell decision: the ladders each page really shows.
        var groups: [[String]: [Int]] = [:]
        for c in landing[f] { groups[plan.policies(plan.cells[c]), default: []].append(c) }
        var wrong: [Int] = [], right: [Int] = []
        var expectedWrong = Set<Expected>(), expectedAll = Set<Expected>()
        for (slugs, cells) in groups.sorted(by: { $0.value[0] < $1.value[0] }) {
            let candidates = levels(for: m, among: slugs, decision: decision)
            guard !candidates.isEmpty else { continue }
            expectedAll.formUnion(candidates)
            if candidates.contains(where: { $0.days == m.number }) {
                right += cells
            } else {
                wrong += cells
                expectedWrong.formUnion(candidates)
            }
        }
        let what = decision ? "decision time" : "deadline"
        if !wrong.isEmpty {
            let facts = expectedWrong.sorted { ($0.policy, $0.level) < ($1.policy, $1.level) }.prefix(4).map { e in
                "\(site.policies[e.policy]!.shortName) \(site.policies[e.policy]!.levels[e.level - 1].name.lowercased()): \(e.days) days"
            }
            let total = wrong.count + right.count
            let message = "“\(m.text)” contradicts the policy data on \(wrong.count) of the \(total) pages this fragment fills: "
                + "the \(what) there is " + facts.joined(separator: "; ")
            return Finding(.facts, .error(message, at: m.location, hint: hint(expectedWrong, decision: decision)), pages: wrong.sorted(),
                           examples: wrong.sorted().prefix(3).map { plan.cells[$0].path })
        }
        guard !right.isEmpty else { return nil }
        let message = "“\(m.text)” is typed in the prose: it matches the policy data today but will not follow a change to it"
        let matching = expectedAll.filter { $0.days == m.number }
        return Finding(.facts, .warning(message, at: m.location, hint: hint(matching, decision: decision)), pages: right.sorted(),
                       examples: right.sorted().prefix(3).map { plan.cells[$0].path })
    }

    func hint(_ expected: Set<Expected>, decision: Bool) -> String {
        let field = decision ? "decision" : "deadline_days"
        let sorted = expected.sorted { ($0.policy, $0.level) < ($1.policy, $1.level) }
        let tail = decision ? "" : " days"
        func placeholder(_ e: Expected) -> String { "`{{ policies.\(e.policy).levels.\(e.level).\(field) }}`\(tail)" }
        if sorted.count == 1 {
            return "write \(placeholder(sorted[0])) instead, so the number comes from policies/\(sorted[0].policy).yaml"
        }
        let options = sorted.prefix(4).map { "\(placeholder($0)) for \(site.policies[$0.policy]?.shortName ?? $0.policy)" }
        return "say which plan the sentence is about and write its placeholder instead: " + options.joined(separator: ", ")
    }

    /// The levels a sentence is about, among the policies a page shows, with their numbers of days.
    func levels(for m: Mention, among slugs: [String], decision: Bool) -> [Expected] {
        func days(_ slug: String, _ n: Int) -> Int? {
            guard let policy = site.policies[slug], n >= 1, n <= policy.levels.count else { return nil }
            let level = policy.levels[n - 1]
            return decision ? level.decision.days : level.deadline.days
        }
        // A level placeholder in the sentence names the level outright.
        var explicit: [(String, Int)] = []
        var named = Set<String>()
        for p in m.placeholders where p.path.first == "policies" && p.path.count >= 3 && slugs.contains(p.path[1]) {
            named.insert(p.path[1])
            if p.path.count == 5, p.path[2] == "levels", let n = Int(p.path[3]) { explicit.append((p.path[1], n)) }
        }
        if !explicit.isEmpty {
            return explicit.compactMap { slug, n in days(slug, n).map { Expected(policy: slug, level: n, days: $0) } }
        }
        for slug in slugs {
            guard let policy = site.policies[slug] else { continue }
            if [policy.shortName, policy.name].contains(where: { m.sentence.contains($0.lowercased()) }) { named.insert(slug) }
        }
        let policies = named.isEmpty ? slugs : slugs.filter { named.contains($0) }
        var byName: [Expected] = []
        for slug in policies {
            for (i, level) in (site.policies[slug]?.levels ?? []).enumerated() {
                let name = level.name.lowercased()
                let first = name.split(separator: " ").first.map(String.init) ?? name
                if m.sentence.contains(name) || (first.count >= 8 && m.sentence.contains(first)), let d = days(slug, i + 1) {
                    byName.append(Expected(policy: slug, level: i + 1, days: d))
                }
            }
        }
        if !byName.isEmpty { return byName }
        return policies.compactMap { slug in days(slug, 1).map { Expected(policy: slug, level: 1, days: $0) } }
    }
}
