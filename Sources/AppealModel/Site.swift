/// Everything loaded from `Content/`, validated, with no I/O left to do.
public struct Site: Sendable {
    public var config: SiteConfig
    public var matrix: Matrix
    /// Entities per dimension, in `matrix.dimensions` order, each list sorted by slug.
    public var entities: [[Entity]]
    public var policies: [String: Policy]
    public var offers: OfferBook
    public var fragments: [Fragment]
    /// `Content/redirects.yaml`: old URLs and where they go (empty when the file is absent).
    public var redirects: [Redirect] = []
    /// Fingerprint of every input that can change any page (site.yaml, matrix.yaml, offers.yaml,
    /// policies, every value's name and slug); a page's own entity and fragment files add to it.
    public var globalHash = ContentHash()
    /// Reviewers, review records, and which records still match their files.
    public var reviews = ReviewBook()
    /// Unfinished text and banned phrases found in the files pages are built from.
    public var textMarks: [TextMark] = []
    /// `Content/translations.yaml`: which version of its source each translated fragment translates.
    public var translationRecords: [TranslationRecord] = []
    /// `Content/pages/*.md`: standalone pages (About, Privacy …), sorted by menu order then file name.
    public var pages: [StandalonePage] = []

    public init(config: SiteConfig, matrix: Matrix, entities: [[Entity]], policies: [String: Policy],
                offers: OfferBook, fragments: [Fragment]) {
        self.config = config
        self.matrix = matrix
        self.entities = entities
        self.policies = policies
        self.offers = offers
        self.fragments = fragments
    }
}

/// What a site does with thin pages (pages without their cell-specific section).
public enum ThinPagePolicy: String, Sendable, CaseIterable {
    case noindex, index, skip
}

/// `site.yaml`.
public struct SiteConfig: Sendable {
    public var name: String
    public var tagline: String?
    public var baseURL: BaseURL
    public var language: String
    public var description: String?
    public var disclaimer: String
    public var thinPages: ThinPagePolicy
    public var rawHTML: Bool
    public var relatedLimit: Int
    public var checks: CheckSettings
    /// Where the site is deployed: the form its redirects take (`host:` in site.yaml).
    public var host: Host = .static
    /// The site's IndexNow key (`indexnow_key:`): the build publishes it as `/<key>.txt`.
    public var indexNowKey: String?
    /// Whether unreviewed inputs keep a page out of search engines (`review:`).
    public var review: ReviewPolicy = .optional
    /// `site.yaml` itself, for findings about site-wide values.
    public var location: SourceLocation
    /// `languages:`, the default first. A site that lists none has one: `language:`, with no prefix.
    public var languages: [Language] = []
    /// What a page not fully written in a language becomes (`translations:`).
    public var translations: TranslationPolicy = .completeOnly
    /// Per-language `name`, `tagline`, `description`, `disclaimer`.
    public var localized: Translations = [:]

    public init(name: String, tagline: String? = nil, baseURL: BaseURL, language: String, description: String? = nil,
                disclaimer: String, thinPages: ThinPagePolicy = .noindex, rawHTML: Bool = false, relatedLimit: Int = 8,
                checks: CheckSettings = CheckSettings(), location: SourceLocation = SourceLocation(file: "site.yaml")) {
        self.name = name
        self.tagline = tagline
        self.baseURL = baseURL
        self.language = language
        self.description = description
        self.disclaimer = disclaimer
        self.thinPages = thinPages
        self.rawHTML = rawHTML
        self.relatedLimit = relatedLimit
        self.checks = checks
        self.location = location
        self.languages = [Language(code: String(language.split(separator: "-").first ?? Substring(language)), tag: language, name: language)]
    }

    /// The default language: the one without a URL prefix.
    public var defaultLanguage: Language { languages[0] }
}

/// An absolute site URL split into origin (`https://example.org`) and path prefix (`/guides`, or empty).
public struct BaseURL: Sendable, Hashable {
    public let origin: String
    public let pathPrefix: String

    /// Accepts `http(s)://host[:port][/path][/]`, with no query or fragment.
    public init?(_ text: String) {
        guard Escape.isWebURL(text), !text.contains("?"), !text.contains("#") else { return nil }
        let schemeEnd = text.firstRange(of: "://")!.upperBound
        let rest = text[schemeEnd...]
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        // No `user:password@`: it would be printed in every canonical link.
        guard !rest[..<slash].contains("@") else { return nil }
        origin = String(text[..<slash])
        var path = String(rest[slash...])
        while path.hasSuffix("/") { path.removeLast() }
        guard !path.contains("//"), !path.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) else { return nil }
        pathPrefix = path
    }

    /// Root-relative URL for a site path that starts with `/`.
    public func relative(_ sitePath: String) -> String { pathPrefix + sitePath }

    /// Absolute URL for a site path that starts with `/`.
    public func absolute(_ sitePath: String) -> String { origin + pathPrefix + sitePath }
}

/// `matrix.yaml`: the dimensions, page patterns, sections and exclusions.
public struct Matrix: Sendable {
    public var dimensions: [Dimension]
    public var url: PlaceholderText
    public var title: PlaceholderText
    public var description: PlaceholderText
    public var h1: PlaceholderText
    public var sections: [SectionSpec]
    public var thinSection: String?
    public var exclusions: [Selector]
    /// `title`, `description` and `h1` given per language: language code → key → pattern.
    public var localizedPatterns: [String: [String: PlaceholderText]] = [:]

    public init(dimensions: [Dimension], url: PlaceholderText, title: PlaceholderText, description: PlaceholderText, h1: PlaceholderText,
                sections: [SectionSpec], thinSection: String?, exclusions: [Selector]) {
        self.dimensions = dimensions
        self.url = url
        self.title = title
        self.description = description
        self.h1 = h1
        self.sections = sections
        self.thinSection = thinSection
        self.exclusions = exclusions
    }

    public func dimensionIndex(_ key: String) -> Int? { dimensions.firstIndex { $0.key == key } }
}

/// One axis of the matrix, declared as data.
public struct Dimension: Sendable, Hashable {
    public var key: String
    public var folder: String
    public var label: String
    public var plural: String
    /// Declared front-matter fields; `true` when required.
    public var fields: [String: Bool]
    /// Where each field is declared in matrix.yaml.
    public var fieldLocations: [String: SourceLocation]
    /// `label` and `plural` per language.
    public var localized: Translations = [:]

    public init(key: String, folder: String, label: String, plural: String, fields: [String: Bool],
                fieldLocations: [String: SourceLocation] = [:]) {
        self.key = key
        self.folder = folder
        self.label = label
        self.plural = plural
        self.fields = fields
        self.fieldLocations = fieldLocations
    }
}

/// A named slot of a page that fragments fill.
public struct SectionSpec: Sendable, Hashable {
    public var name: String
    public var required: Bool
    /// Where it is declared in matrix.yaml.
    public var location: SourceLocation?
    public init(name: String, required: Bool, location: SourceLocation? = nil) {
        self.name = name
        self.required = required
        self.location = location
    }
}

/// Which cells something applies to: per dimension, the slugs allowed. Absent dimensions match all.
public struct Selector: Sendable, Hashable {
    /// Indexed like `matrix.dimensions`; `nil` means any value.
    public var allowed: [Set<String>?]
    public var location: SourceLocation

    public init(allowed: [Set<String>?], location: SourceLocation) {
        self.allowed = allowed
        self.location = location
    }

    /// How many dimensions this selector names: the more, the more specific.
    public var specificity: Int { allowed.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }

    public func matches(_ slugs: [String]) -> Bool {
        for (i, set) in allowed.enumerated() where set != nil {
            if !set!.contains(slugs[i]) { return false }
        }
        return true
    }
}

/// A value of a dimension: one file such as `procedures/kyphoplasty.md`.
public struct Entity: Sendable {
    public var slug: String
    public var fields: [String: String]
    public var policies: [String]
    public var criteria: Criteria?
    public var sources: [SourceRef]
    public var body: String
    public var bodyOrigin: SourceLocation
    public var location: SourceLocation
    /// Fingerprint of the entity's file.
    public var sourceHash = ContentHash()
    /// Fields given per language (`name: { en: …, es: … }`), besides the default language's in `fields`.
    public var localized: Translations = [:]
    /// The Markdown body in other languages, by code: `procedures/es/kyphoplasty.md` beside the value's file.
    public var localizedBody: [String: String] = [:]
    /// The files those bodies come from, by code, as in `SourceLocation.file`: inputs of the
    /// language's hub, reviewed and fingerprinted like the value's own file.
    public var localizedBodyFiles: [String: String] = [:]

    public init(slug: String, fields: [String: String], policies: [String] = [], criteria: Criteria? = nil,
                sources: [SourceRef] = [], body: String = "", bodyOrigin: SourceLocation, location: SourceLocation) {
        self.slug = slug
        self.fields = fields
        self.policies = policies
        self.criteria = criteria
        self.sources = sources
        self.body = body
        self.bodyOrigin = bodyOrigin
        self.location = location
    }

    public var name: String { fields["name"] ?? slug }
}

/// What an insurer checks before it pays for something, and where that rule is written.
public struct Criteria: Sendable {
    public var title: String
    public var source: String
    public var url: String?
    public var codes: String?
    public var reviewed: Day?
    public var items: [String]

    public init(title: String, source: String, url: String?, codes: String?, reviewed: Day?, items: [String]) {
        self.title = title
        self.source = source
        self.url = url
        self.codes = codes
        self.reviewed = reviewed
        self.items = items
    }
}

/// A reference shown in a page's sources list.
public struct SourceRef: Sendable, Hashable {
    public var title: String
    public var url: String
    public var reviewed: Day?

    public init(title: String, url: String, reviewed: Day?) {
        self.title = title
        self.url = url
        self.reviewed = reviewed
    }
}

/// A Markdown fragment that fills one section for the cells its selector matches.
public struct Fragment: Sendable {
    public var section: String
    public var selector: Selector
    public var body: PlaceholderText
    /// When an editor last changed what the fragment says (`updated:`); feeds the sitemap's `lastmod`.
    public var updated: Day?
    public var location: SourceLocation
    /// Fingerprint of the fragment's file.
    public var sourceHash = ContentHash()
    /// Index into `SiteConfig.languages` of the language the fragment is written in (`lang:`, or a
    /// language folder such as `sections/es/`).
    public var language = 0
    /// For a translation: the content path of the fragment it translates (`sections/lede.md`).
    public var translates: String?
    /// For a translation: whether its record in translations.yaml matches its source as it is now
    /// (`nil` for fragments that translate nothing).
    public var translation: TranslationState?

    public init(section: String, selector: Selector, body: PlaceholderText, updated: Day? = nil, location: SourceLocation) {
        self.section = section
        self.selector = selector
        self.body = body
        self.updated = updated
        self.location = location
    }
}

/// Where a translated fragment stands against its source.
public enum TranslationState: String, Sendable, Hashable {
    /// Marked (`appealpress translate mark`) against the source as it is now.
    case current
    /// Marked against an older version of the source, or never marked.
    case stale
}

/// One line of `Content/translations.yaml`: translation `file` was made from `source` when that file's
/// text had SHA-256 `sourceSHA256`.
public struct TranslationRecord: Sendable, Hashable {
    /// Beside reviews.yaml in the content folder.
    public static let fileName = "translations.yaml"

    public var file: String
    public var source: String
    public var sourceSHA256: String
    public var date: Day
    public var location: SourceLocation

    public init(file: String, source: String, sourceSHA256: String, date: Day, location: SourceLocation) {
        self.file = file
        self.source = source
        self.sourceSHA256 = sourceSHA256
        self.date = date
        self.location = location
    }
}

extension Entity {
    /// The value's field in language `code` (the default language's when it has none there).
    public func field(_ name: String, in code: String) -> String? { localized[code]?[name] ?? fields[name] }

    /// Whether every required field of `dimension` is written in language `code`.
    public func isTranslated(to code: String, dimension: Dimension) -> Bool {
        guard let own = localized[code] else { return false }
        return dimension.fields.allSatisfy { !$0.value || own[$0.key] != nil }
    }

    /// The value as a page in language `code` shows it.
    public func localized(to code: String) -> Entity {
        var copy = self
        if let body = localizedBody[code] { copy.body = body }
        guard let own = localized[code] else { return copy }
        for (k, v) in own { copy.fields[k] = v }
        return copy
    }
}

extension Policy {
    /// The ladder in language `code`: names and words from `localized`, numbers unchanged.
    public func localized(to code: String) -> Policy {
        let own = localized[code] ?? [:]
        if own.isEmpty && !help.contains(where: { $0.localized[code] != nil }) { return self }
        var p = self
        p.name = own["name"] ?? name
        p.shortName = own["short_name"] ?? shortName
        p.summary = own["summary"] ?? summary
        p.regulation = own["regulation"] ?? regulation
        p.note = own["note"] ?? note
        for i in p.help.indices {
            p.help[i].name = p.help[i].localized[code]?["name"] ?? p.help[i].name
            p.help[i].what = p.help[i].localized[code]?["what"] ?? p.help[i].what
        }
        for i in p.levels.indices {
            let k = "levels.\(i + 1)."
            p.levels[i].name = own[k + "name"] ?? p.levels[i].name
            p.levels[i].decidedBy = own[k + "decided_by"] ?? p.levels[i].decidedBy
            p.levels[i].note = own[k + "note"] ?? p.levels[i].note
            p.levels[i].form = own[k + "form"] ?? p.levels[i].form
            p.levels[i].citation = own[k + "citation"] ?? p.levels[i].citation
            for (field, limit) in [("deadline", p.levels[i].deadline), ("decision", p.levels[i].decision)] {
                var l = limit
                if l.text != nil { l.text = own[k + field + ".text"] ?? l.text }
                if l.from != nil { l.from = own[k + field + ".from"] ?? l.from }
                if field == "deadline" { p.levels[i].deadline = l } else { p.levels[i].decision = l }
            }
        }
        return p
    }
}

extension Site {
    /// The site as pages in language `l` (an index into `config.languages`) show it: every value,
    /// policy and offer with its fields in that language where it gives them. Numbers, slugs and
    /// files stay the same.
    public func localized(to l: Int) -> Site {
        guard l > 0 else { return self }
        let code = config.languages[l].code
        var copy = self
        let own = config.localized[code] ?? [:]
        copy.config.name = own["name"] ?? config.name
        copy.config.tagline = own["tagline"] ?? config.tagline
        copy.config.description = own["description"] ?? config.description
        copy.config.disclaimer = own["disclaimer"] ?? config.disclaimer
        copy.config.language = config.languages[l].tag
        copy.entities = entities.map { $0.map { $0.localized(to: code) } }
        copy.policies = policies.mapValues { $0.localized(to: code) }
        copy.offers.offers = offers.offers.map { $0.localized(to: code) }
        for d in copy.matrix.dimensions.indices {
            let dim = matrix.dimensions[d]
            copy.matrix.dimensions[d].label = dim.localized[code]?["label"] ?? dim.label
            copy.matrix.dimensions[d].plural = dim.localized[code]?["plural"] ?? dim.plural
        }
        return copy
    }
}
