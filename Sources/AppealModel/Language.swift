import Foundation

/// One language of the site (`languages:` in site.yaml). The first is the default: its pages have
/// no URL prefix; every other language's pages live under its prefix (`/es/`).
public struct Language: Sendable, Hashable {
    /// The short code: the theme's strings file (`strings/es.yaml`), the key of a per-language
    /// field (`name: { en: …, es: … }`), a fragment's `lang:`, the `hreflang` value.
    public var code: String
    /// The tag for `<html lang>` and `og:locale` (`es-US`); the code when not given.
    public var tag: String
    /// The language's own name, for the language switcher ("Español").
    public var name: String
    /// The site-path prefix without its final slash: "" for the default language, "/es" for Spanish.
    public var prefix: String

    public init(code: String, tag: String? = nil, name: String, prefix: String = "") {
        self.code = code
        self.tag = tag ?? code
        self.name = name
        self.prefix = prefix
    }

    /// The site path of `path` (a default-language site path starting with `/`) in this language.
    public func path(_ path: String) -> String { prefix + path }
}

/// What happens to a page whose required sections are not all written in a language
/// (`translations:` in site.yaml).
public enum TranslationPolicy: String, Sendable, CaseIterable {
    /// The page does not exist in that language.
    case completeOnly = "complete-only"
    /// The page exists when at least one of its sections is translated; the missing parts are in the
    /// default language and the page is `noindex`.
    case fallbackNoindex = "fallback-noindex"
}

/// Per-language values of text fields: language code → field name → text. A field missing for a
/// language falls back to the default language's value (the record's plain field).
public typealias Translations = [String: [String: String]]

extension Dictionary where Key == String, Value == [String: String] {
    /// The value of `field` in language `code`, or `fallback` when that language has none.
    public func text(_ field: String, in code: String, or fallback: String) -> String { self[code]?[field] ?? fallback }
    public func text(_ field: String, in code: String, or fallback: String?) -> String? { self[code]?[field] ?? fallback }
}

/// The words a time limit is written with in one language, from the theme's strings file
/// (`time.*` keys). The number always comes from the policy record; only the words vary.
public struct TimeWords: Sendable, Hashable {
    /// `time.days.one` → "{n} día", `time.calendar_days.other` → "{n} días naturales", …; `{n}` is
    /// where the number goes.
    public var forms: [String: String]

    /// The string keys a theme's strings file must give for `TimeWords`.
    public static var keys: [String] {
        var keys = ["time.from"]
        for unit in TimeLimit.Unit.allCases {
            for prefix in ["", "calendar_"] { keys += ["time.\(prefix)\(unit.rawValue).one", "time.\(prefix)\(unit.rawValue).other"] }
        }
        return keys
    }

    /// Built from a flat strings table (the theme checks that it has every key of `keys`).
    public init(strings: [String: String]) {
        forms = strings.filter { $0.key.hasPrefix("time.") }
    }

    /// "120 días" for 120 days.
    public func amount(_ amount: Int, _ unit: TimeLimit.Unit, calendar: Bool) -> String {
        let key = "time.\(calendar ? "calendar_" : "")\(unit.rawValue).\(amount == 1 ? "one" : "other")"
        return (forms[key] ?? "{n}").replacingOccurrences(of: "{n}", with: String(amount))
    }

    /// How a limit and its starting point join: "{limit} from {from}", "{limit} a partir de {from}".
    public var from: String { forms["time.from"] ?? "{limit} {from}" }
}

extension TimeLimit {
    /// The limit in the words of one language: its number and unit, then its starting point
    /// (`from`, already in that language), or its rule in words.
    public func text(_ words: TimeWords) -> String {
        if let text { return text }
        guard let amount = amountText(words) else { return "" }
        guard let from else { return amount }
        return words.from.replacingOccurrences(of: "{limit}", with: amount).replacingOccurrences(of: "{from}", with: from)
    }

    /// Just the number and unit ("120 días"), when the limit has them.
    public func amountText(_ words: TimeWords) -> String? {
        guard let amount, let unit else { return nil }
        return words.amount(amount, unit, calendar: calendar)
    }
}
