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
/// deadline a reader faces first. Whether a number is a deadline, a decision time or neither is read
/// from the few words right around it, with the phrases of `DayPhrases` for the site's language
/// ("within 60 days", "you have 60 days to appeal", "must decide within 60 days"); other counts of
/// days ("send them in about thirty days") are not checked.
///
/// Linear in the text: O(text + mentions × policy levels) for reading, plus the size of the findings.
struct FactCheck {
    let plan: SitePlan
    /// Cells each fragment lands on.
    let landing: [[Int]]

    var site: Site { plan.site }

    /// One sentence that mentions a number of days, shared by every mention in it: its text is made,
    /// split into words and searched once, however many numbers it holds.
    final class Sentence {
        /// Position in the fragment's sentences, to memoise what is read from it.
        let id: Int
        /// Lower-cased, placeholders removed.
        let text: String
        let placeholders: [Placeholder]

        init(id: Int, text: String, placeholders: [Placeholder]) {
            self.id = id
            self.text = text
            self.placeholders = placeholders
        }
    }

    struct Mention {
        var number: Int
        var text: String
        var location: SourceLocation
        var about: Sentence
        /// A deadline, a decision time, or (nil) another count of days, read from the words around it.
        var kind: DayPhrases.Kind?

        /// The sentence around it, lower-cased, placeholders removed.
        var sentence: String { about.text }
        var placeholders: [Placeholder] { about.placeholders }
    }

    /// How many words of context either side of a number are read to tell what it is.
    static let contextWords = 8

    var phrases: DayPhrases { DayPhrases.of(language: site.config.language) }

    func run() -> [Finding] {
        // Each fragment is read in its own language, with that language's level and policy names.
        let languages = site.config.languages
        let phrasesBy = languages.indices.map { $0 == 0 ? self.phrases : DayPhrases.of(language: languages[$0].code) }
        let policiesBy = languages.indices.map { $0 == 0 ? site.policies : site.localized(to: $0).policies }
        var findings: [Finding] = []
        for (f, fragment) in site.fragments.enumerated() where !landing[f].isEmpty {
            let phrases = phrasesBy[fragment.language], policies = policiesBy[fragment.language]
            // Pages grouped by the policies they show, once per fragment: a fragment on 10,000 pages
            // meets only a few ladders. The planner's per-cell decision: the ladders each page really shows.
            var byPolicies: [[String]: [Int]] = [:]
            for c in landing[f] { byPolicies[plan.policies(plan.cells[c]), default: []].append(c) }
            let groups = byPolicies.sorted(by: { $0.value[0] < $1.value[0] })
            var memo: [LevelsKey: [Expected]] = [:]
            for mention in Self.mentions(in: fragment.body, phrases: phrases) {
                if let finding = judge(mention, groups: groups, memo: &memo, policies: policies) { findings.append(finding) }
            }
            findings += laddersNotShown(fragment: f)
        }
        return findings
    }

    /// What `levels(for:among:decision:)` depends on: the sentence and the policies of a group of pages.
    struct LevelsKey: Hashable {
        var sentence: Int
        var slugs: [String]
        var decision: Bool
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

    /// Every "N days" in the template's text, with its sentence. Linear in the text: sentence ends are
    /// found in one pass, each sentence's text is made once and shared by the mentions in it, and
    /// locations come from one forward walk per text part. `work` counts the scalars visited.
    static func mentions(in template: PlaceholderText, phrases: DayPhrases = .english) -> [Mention] {
        var work = 0
        return mentions(in: template, phrases: phrases, work: &work)
    }

    static func mentions(in template: PlaceholderText, phrases: DayPhrases = .english, work: inout Int) -> [Mention] {
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
        work += flat.count
        var out: [Mention] = []
        var boundaries: [Int]?
        var sentences: [Int: Sentence] = [:]
        // A mention ends in "day" or "days": text without those three letters has none to find.
        for segment in segments where mayMentionDays(segment.text, stems: phrases.stems) {
            let scalars = Array(segment.text.unicodeScalars)
            work += scalars.count
            let found = numberOfDays(in: scalars, phrases: phrases)
            guard !found.isEmpty else { continue }
            if boundaries == nil {
                boundaries = sentenceBoundaries(in: flat)
                work += flat.count
            }
            var cursor = segment.origin.map { Cursor(at: $0) }
            for (offset, length, number) in found {
                let at = segment.start + offset
                let (from, to) = sentence(around: at, boundaries: boundaries!, count: flat.count)
                let about: Sentence
                if let known = sentences[from] {
                    about = known
                } else {
                    var words = ""
                    var placeholders: [Placeholder] = []
                    for k in from..<to {
                        if let p = placeholderAt[k] { placeholders.append(p); words += " " } else { words.unicodeScalars.append(flat[k]) }
                    }
                    work += to - from
                    about = Sentence(id: sentences.count, text: words.lowercased(), placeholders: placeholders)
                    sentences[from] = about
                }
                let location: SourceLocation
                if cursor != nil {
                    work += cursor!.advance(to: offset, in: scalars)
                    location = cursor!.location
                } else {
                    location = template.origin ?? SourceLocation(file: "")
                }
                // The words either side, within the sentence: a bounded look, so reading stays linear.
                let reach = contextWords * 16
                let before = DayPhrases.words(flat[max(from, at - reach)..<at].map { $0 == "\u{E000}" ? " " : $0 }).suffix(contextWords)
                let after = DayPhrases.words(flat[min(to, at + length)..<min(to, at + length + reach)].map { $0 == "\u{E000}" ? " " : $0 }).prefix(contextWords)
                work += min(reach, at - from) + max(0, min(reach, to - at - length))
                out.append(Mention(number: number, text: String(String.UnicodeScalarView(scalars[offset..<(offset + length)])),
                                   location: location, about: about, kind: phrases.kind(before: Array(before), after: Array(after))))
            }
        }
        return out
    }

    /// Line and column of a scalar offset into a text part, walked forward only (offsets ascend), so
    /// locating every mention of a part costs one pass over it. The same rule as `PlaceholderText.location`.
    struct Cursor {
        var file: String
        var line: Int
        var column: Int
        var offset = 0

        init(at start: SourceLocation) {
            file = start.file
            line = start.line
            column = start.column
        }

        var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

        /// Moves to `target` and returns how many scalars it stepped over.
        mutating func advance(to target: Int, in scalars: [Unicode.Scalar]) -> Int {
            let from = offset
            while offset < target && offset < scalars.count {
                if scalars[offset] == "\n" { line += 1; column = 1 } else { column += 1 }
                offset += 1
            }
            return offset - from
        }
    }

    /// Whether `text` holds one of the stems ("day") in any letter case (ASCII): the cheap test before tokenizing it.
    static func mayMentionDays(_ text: String, stems: [String] = DayPhrases.english.stems) -> Bool {
        let bytes = Array(text.utf8)
        return stems.contains { stem in
            let s = Array(stem.utf8)
            guard let first = s.first, bytes.count >= s.count else { return false }
            var k = 0
            while k + s.count <= bytes.count {
                if bytes[k] | 0x20 == first, (1..<s.count).allSatisfy({ bytes[k + $0] | 0x20 == s[$0] }) { return true }
                k += 1
            }
            return false
        }
    }

    /// (offset, length, number) of each "N days", "N-day", "N calendar days" in the text.
    static func numberOfDays(in s: [Unicode.Scalar], phrases: DayPhrases = .english) -> [(Int, Int, Int)] {
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
                number = phrases.numberWords[token.text]
            }
            guard let number else { continue }
            var j = i + 1
            func joined(_ a: Int, _ b: Int) -> Bool {
                s[tokens[a].end..<tokens[b].start].allSatisfy { $0 == " " || $0 == "\u{A0}" || $0 == "-" || $0 == "\n" }
            }
            guard j < tokens.count, joined(i, j) else { continue }
            if phrases.qualifiers.contains(tokens[j].text) {
                j += 1
                guard j < tokens.count, joined(j - 1, j) else { continue }
            }
            guard phrases.dayWords.contains(tokens[j].text) else { continue }
            found.append((token.start, tokens[j].end - token.start, number))
        }
        return found
    }

    /// Positions k (0 < k < count) with a sentence boundary between k-1 and k: after `. `, `! `, `? `,
    /// at a blank line, or before a list item, heading or table row. One pass.
    static func sentenceBoundaries(in s: [Unicode.Scalar]) -> [Int] {
        var out: [Int] = []
        guard s.count > 1 else { return out }
        for k in 1..<s.count {
            let p = s[k - 1], c = s[k]
            if (p == "." || p == "!" || p == "?") && (c == " " || c == "\n") { out.append(k); continue }
            if p == "\n" && (c == "\n" || c == "-" || c == "*" || c == "#" || c == "|") { out.append(k) }
        }
        return out
    }

    /// The sentence around position `at`: from the last boundary at or before it (or the start) to
    /// the first boundary after it (or the end). A binary search in the boundaries.
    static func sentence(around at: Int, boundaries: [Int], count: Int) -> (Int, Int) {
        // First boundary greater than `at`.
        var low = 0, high = boundaries.count
        while low < high {
            let mid = (low + high) / 2
            if boundaries[mid] <= at { low = mid + 1 } else { high = mid }
        }
        let from = low > 0 ? boundaries[low - 1] : 0
        let to = low < boundaries.count ? boundaries[low] : count
        return (from, max(to, min(at + 1, count)))
    }

    // MARK: Judging

    struct Expected: Hashable {
        var policy: String
        var level: Int
        var days: Int
    }

    func judge(_ m: Mention, groups: [(key: [String], value: [Int])], memo: inout [LevelsKey: [Expected]],
               policies: [String: Policy]? = nil) -> Finding? {
        let policies = policies ?? site.policies
        guard let kind = m.kind else { return nil }
        let decision = kind == .decision
        var wrong: [Int] = [], right: [Int] = []
        var expectedWrong = Set<Expected>(), expectedAll = Set<Expected>()
        for (slugs, cells) in groups {
            // Everything `levels` reads is the sentence's: worked out once per sentence and group.
            let key = LevelsKey(sentence: m.about.id, slugs: slugs, decision: decision)
            let candidates = memo[key] ?? levels(for: m, among: slugs, decision: decision, policies: policies)
            memo[key] = candidates
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
    func levels(for m: Mention, among slugs: [String], decision: Bool, policies all: [String: Policy]? = nil) -> [Expected] {
        let site = self.site, all = all ?? site.policies
        func days(_ slug: String, _ n: Int) -> Int? {
            guard let policy = all[slug], n >= 1, n <= policy.levels.count else { return nil }
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
            guard let policy = all[slug] else { continue }
            if [policy.shortName, policy.name].contains(where: { m.sentence.contains($0.lowercased()) }) { named.insert(slug) }
        }
        let policies = named.isEmpty ? slugs : slugs.filter { named.contains($0) }
        var byName: [Expected] = []
        for slug in policies {
            for (i, level) in (all[slug]?.levels ?? []).enumerated() {
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
