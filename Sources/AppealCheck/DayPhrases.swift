/// The words the fact check reads numbers of days with, for one language: how a number and "days"
/// are written, and which words right around them make the number a deadline to file (or a time to
/// decide) rather than some other count of days ("send them in about thirty days", "a notice 5 days
/// after its date"). Only data lives here; `FactCheck` applies it. To read another language, add a
/// value to `DayPhrases.languages` under its language code (the first part of site.yaml's `language`).
///
/// Phrases are written as plain words separated by spaces and matched as whole words, lower-cased,
/// ignoring punctuation: a *before* phrase must end right before the number (fillers such as "a" or
/// "about" may come between), an *after* phrase must start right after "days" / "-day".
public struct DayPhrases: Sendable {
    /// Number words and their values ("sixty": 60); digits are read as such.
    public var numberWords: [String: Int]
    /// The word for a day, singular and plural, as tokens ("day", "days").
    public var dayWords: Set<String>
    /// Words allowed between the number and the day word ("calendar", "business").
    public var qualifiers: Set<String>
    /// Lower-case ASCII letters every day word contains: text without any of them is skipped unread.
    public var stems: [String]
    /// Words that may sit between a *before* phrase and the number ("within a 180-day window", "you have about 60 days").
    public var fillers: Set<String>
    public var deadlineBefore: [String]
    public var deadlineAfter: [String]
    public var decisionBefore: [String]
    public var decisionAfter: [String]

    /// What a number of days in prose is, read from the words around it.
    public enum Kind: Sendable, Equatable {
        /// A time to file or ask ("within 60 days", "you have 60 days to appeal", "file by").
        case deadline
        /// A time for the other side to decide ("must decide within 60 days").
        case decision
    }

    /// The phrases for a site's `language` ("en-US" reads "en"); English when none is listed for it.
    public static func of(language: String) -> DayPhrases {
        let code = language.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() } ?? "en"
        return languages[code] ?? english
    }

    /// Every language the fact check reads, by language code.
    public static let languages: [String: DayPhrases] = ["en": english, "es": spanish]

    /// Spanish, as the sample's Spanish edition writes deadlines: "tiene 60 días para apelar",
    /// "dentro de un plazo de 60 días", "60 días a partir de la fecha", "debe decidir en 60 días".
    public static let spanish = DayPhrases(
        numberWords: ["uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10,
                      "catorce": 14, "quince": 15, "veinte": 20, "treinta": 30, "cuarenta": 40, "sesenta": 60, "noventa": 90],
        dayWords: ["día", "días", "dia", "dias"],
        qualifiers: [],
        stems: ["d"],
        fillers: ["un", "una", "el", "la", "los", "las", "unos", "aproximadamente", "solo", "al", "menos", "de"],
        deadlineBefore: [
            "dentro de", "tiene", "usted tiene", "tienen", "le da", "le dan", "un plazo de", "plazo de", "el plazo es de", "plazo es de",
            "hasta", "no más de", "como máximo", "en un plazo de", "antes de",
        ],
        deadlineAfter: [
            "para apelar", "para pedir", "para pedirla", "para pedirlo", "para presentar", "para solicitar", "para enviar",
            "a partir de", "desde la fecha", "desde que", "desde el día", "de plazo", "calendario para", "calendario a partir",
            "calendario desde", "hábiles para", "naturales para",
        ],
        decisionBefore: [
            "decidir en", "decidir dentro de", "debe decidir en", "debe decidir dentro de", "decide en", "decide dentro de",
            "responder en", "responder dentro de", "responde en", "decisión en", "decisión dentro de",
        ],
        decisionAfter: ["para decidir", "para responder", "para tomar una decisión"])

    public static let english = DayPhrases(
        numberWords: ["one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                      "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "sixty": 60,
                      "sixty-five": 65, "ninety": 90],
        dayWords: ["day", "days"],
        qualifiers: ["calendar", "business", "working"],
        stems: ["day"],
        fillers: ["a", "an", "the", "about", "around", "roughly", "approximately", "only", "just", "at", "least", "full", "total"],
        deadlineBefore: [
            "within", "you have", "you get", "you ll have", "you will have", "have", "gives you", "give you", "allows", "allow",
            "no later than", "up to", "file by", "appeal by", "ask by", "request by", "submit by", "send by", "deadline is",
            "deadline of", "time limit is", "time limit of", "limit of", "window is", "window of", "must file within", "no more than",
        ],
        deadlineAfter: [
            "to appeal", "to file", "to ask", "to request", "to submit", "to send", "to object", "to contest", "to challenge",
            "window", "deadline", "time limit", "limit", "filing", "appeal", "appeals", "from the date", "from the day",
            "from receipt", "from when", "from the notice", "from the denial", "from getting", "from receiving", "after you get",
            "after you receive", "after receiving", "after getting", "of the date", "of receiving", "of getting", "of the notice",
            "of the denial", "is the deadline", "is your deadline", "is the limit",
        ],
        decisionBefore: [
            "decide within", "decides within", "decided within", "decision within", "answer within", "answers within", "respond within",
            "responds within", "reply within", "replies within", "rule within", "rules within", "ruling within", "decide in",
            "decides in", "decision in", "hear back within", "hear back in", "decision is due in", "must decide within",
        ],
        decisionAfter: ["to decide", "to respond", "to answer", "to reply", "to rule", "to make a decision", "to issue a decision", "for a decision"])

    /// Reads what a number of days is from the words before it (in its sentence, nearest last) and
    /// after its day word (nearest first). Nil: some other count of days, not checked.
    public func kind(before: [String], after: [String]) -> Kind? {
        var before = before[...]
        while let last = before.last, fillers.contains(last) { before = before.dropLast() }
        func ends(_ phrases: [String]) -> Bool {
            phrases.contains { phrase in
                let words = phrase.split(separator: " ")
                return before.count >= words.count && zip(before.suffix(words.count), words).allSatisfy { $0 == $1 }
            }
        }
        func starts(_ phrases: [String]) -> Bool {
            phrases.contains { phrase in
                let words = phrase.split(separator: " ")
                return after.count >= words.count && zip(after.prefix(words.count), words).allSatisfy { $0 == $1 }
            }
        }
        if ends(decisionBefore) || starts(decisionAfter) { return .decision }
        if ends(deadlineBefore) || starts(deadlineAfter) { return .deadline }
        return nil
    }

    /// Lower-cased words of a stretch of text (letters only, so "you'll" is "you", "ll").
    static func words<S: Sequence>(_ scalars: S) -> [String] where S.Element == Unicode.Scalar {
        var out: [String] = []
        var word = String.UnicodeScalarView()
        for s in scalars {
            // ASCII first: Unicode's property tables cost far more than a range check.
            if s.isASCII ? (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") : s.properties.isAlphabetic {
                word.append(s)
            } else if !word.isEmpty {
                out.append(String(word).lowercased())
                word = String.UnicodeScalarView()
            }
        }
        if !word.isEmpty { out.append(String(word).lowercased()) }
        return out
    }
}
