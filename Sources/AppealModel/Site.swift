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
    }
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

    public init(section: String, selector: Selector, body: PlaceholderText, updated: Day? = nil, location: SourceLocation) {
        self.section = section
        self.selector = selector
        self.body = body
        self.updated = updated
        self.location = location
    }
}
