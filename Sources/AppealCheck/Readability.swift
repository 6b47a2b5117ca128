import AppealModel
import AppealPlan

/// Readability of a fragment's prose: Flesch–Kincaid grade level for English, Fernández-Huerta
/// reading ease for Spanish (the Spanish adaptation of Flesch's reading ease: higher is easier).
public enum Readability {
    public struct Counts: Sendable, Equatable {
        public var words = 0
        public var sentences = 0
        public var syllables = 0
    }

    /// Words, sentences and syllables of Markdown `text`: link targets, markup and placeholders are
    /// not words; headings and list items end sentences.
    public static func counts(_ text: String, language: String) -> Counts {
        var c = Counts()
        var word = ""
        var inSentence = false
        func endWord() {
            guard !word.isEmpty else { return }
            c.words += 1
            c.syllables += language == "es" ? spanishSyllables(word) : englishSyllables(word)
            word = ""
            inSentence = true
        }
        func endSentence() {
            endWord()
            if inSentence { c.sentences += 1 }
            inSentence = false
        }
        var skipping = 0  // inside `(url)` after `]`
        var previous: Character = " "
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            // A heading, a list item or a blank line closes the sentence before it.
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ")
                || trimmed.first.map({ $0.isNumber }) == true && trimmed.contains(". ") && trimmed.prefix(4).contains(".") {
                endSentence()
            }
            for ch in line {
                if skipping > 0 {
                    if ch == "(" { skipping += 1 } else if ch == ")" { skipping -= 1 }
                    previous = ch
                    continue
                }
                if ch == "(" && previous == "]" { skipping = 1; continue }
                if ch.isLetter || (ch.isNumber && (word.isEmpty || word.last!.isNumber)) {
                    word.append(ch)
                } else if ch == "'" || ch == "’" || ch == "-" {
                    // "don't", "sixty-five": inside a word
                    if word.isEmpty { endWord() }
                } else {
                    endWord()
                    if ch == "." || ch == "!" || ch == "?" || ch == ";" || ch == ":" { if previous != "." || true { endSentence() } }
                }
                previous = ch
            }
            endWord()
        }
        endSentence()
        return c
    }

    /// Flesch–Kincaid grade level: 0.39 × words per sentence + 11.8 × syllables per word − 15.59.
    public static func fleschKincaidGrade(_ c: Counts) -> Double? {
        guard c.words > 0, c.sentences > 0 else { return nil }
        return 0.39 * Double(c.words) / Double(c.sentences) + 11.8 * Double(c.syllables) / Double(c.words) - 15.59
    }

    /// Fernández-Huerta reading ease, in the form that keeps Flesch's direction (longer sentences read
    /// harder): 206.84 − 60 × syllables per word − 1.02 × words per sentence.
    public static func fernandezHuerta(_ c: Counts) -> Double? {
        guard c.words > 0, c.sentences > 0 else { return nil }
        return 206.84 - 60 * Double(c.syllables) / Double(c.words) - 1.02 * Double(c.words) / Double(c.sentences)
    }

    /// English syllables by vowel groups, less a silent final `e`; at least one.
    static func englishSyllables(_ word: String) -> Int {
        let w = Array(word.lowercased())
        guard !w.allSatisfy(\.isNumber) else { return max(1, w.count / 2) }
        let vowels: Set<Character> = ["a", "e", "i", "o", "u", "y"]
        var count = 0, last = false
        for ch in w {
            let v = vowels.contains(ch)
            if v && !last { count += 1 }
            last = v
        }
        if w.count > 2, w.last == "e", !vowels.contains(w[w.count - 2]), !(w[w.count - 2] == "l" && w.count > 3 && !vowels.contains(w[w.count - 3])) { count -= 1 }
        return max(1, count)
    }

    /// Spanish syllables by vowel nuclei: two strong vowels (a, e, o, or an accented vowel) side by
    /// side are two syllables (hiatus); a weak vowel (i, u, ü) joins its neighbour (diphthong); the
    /// `u` of que, qui, gue, gui is silent. At least one.
    static func spanishSyllables(_ word: String) -> Int {
        let w = Array(word.lowercased())
        guard !w.allSatisfy(\.isNumber) else { return max(1, w.count) }
        let strong: Set<Character> = ["a", "e", "o", "á", "é", "í", "ó", "ú"]
        let weak: Set<Character> = ["i", "u", "ü"]
        var count = 0
        var previous: Character? = nil  // the previous vowel, if the previous letter was one
        for (k, ch) in w.enumerated() {
            var isVowel = strong.contains(ch) || weak.contains(ch) || (ch == "y" && k == w.count - 1 && k > 0 && previous != nil)
            if ch == "u", k > 0, w[k - 1] == "q" || w[k - 1] == "g", k + 1 < w.count, w[k + 1] == "e" || w[k + 1] == "i" || w[k + 1] == "é" || w[k + 1] == "í" {
                isVowel = false
            }
            guard isVowel else { previous = nil; continue }
            if let p = previous {
                if strong.contains(p) && strong.contains(ch) { count += 1 }
            } else {
                count += 1
            }
            previous = ch
        }
        return max(1, count)
    }
}

extension ContentChecks {
    /// Each fragment's readability in its language, against `checks.readability`: a warning per
    /// fragment over its language's limit.
    func readability() -> [Finding] {
        let limits = settings.readability
        guard !limits.isEmpty else { return [] }
        var findings: [Finding] = []
        for (f, fragment) in site.fragments.enumerated() where !landing[f].isEmpty {
            let code = site.config.languages[fragment.language].code
            guard let limit = limits[code] else { continue }
            let text = fragment.body.parts.map { part -> String in
                if case .text(let s) = part { return s }
                return "x"
            }.joined()
            let counts = Readability.counts(text, language: code)
            guard counts.words >= 30 else { continue }
            let pages = landing[f]
            if let max = limit.maxGrade, let grade = Readability.fleschKincaidGrade(counts), grade > max {
                findings.append(Finding(.content, .warning(
                    "readability: Flesch–Kincaid grade \(Self.oneDecimal(grade)) is above the limit of \(Self.oneDecimal(max)) (\(counts.words) words in \(counts.sentences) sentences)",
                    at: fragment.location, hint: "use shorter sentences and plainer words, or raise `checks.readability.\(code).max_grade` in site.yaml"),
                    pages: pages, examples: examples(pages)))
            }
            if let min = limit.minScore, let score = Readability.fernandezHuerta(counts), score < min {
                findings.append(Finding(.content, .warning(
                    "readability: Fernández-Huerta reading ease \(Self.oneDecimal(score)) is below the limit of \(Self.oneDecimal(min)) (\(counts.words) words in \(counts.sentences) sentences)",
                    at: fragment.location, hint: "use shorter sentences and plainer words, or lower `checks.readability.\(code).min_score` in site.yaml"),
                    pages: pages, examples: examples(pages)))
            }
        }
        return findings
    }

    static func oneDecimal(_ x: Double) -> String { String(Double((x * 10).rounded()) / 10) }
}
