import AppealModel

/// One page of the matrix: the value of each dimension, and what was chosen for it.
public struct Cell: Sendable {
    /// Index into `site.entities[d]` for each dimension `d`.
    public var values: [Int]
    /// Per section of `matrix.sections`, the index of the chosen fragment (`nil`: optional and missing).
    public var fragments: [Int?]
    /// Index into `site.offers.offers`.
    public var offer: Int
    public var thin: Bool
    /// Index into `SitePlan.ladderLists`: the appeal ladders this page shows.
    public var ladders: Int
    /// The page's site path, e.g. `/kyphoplasty/medicare/medical-necessity/`.
    public var path: String
    /// Some input of the page (a fragment, a value's file, a policy it shows, offers.yaml) has no
    /// review that matches its content now.
    public var needsReview = false
    /// Index into `SiteConfig.languages`: the language the page is written in.
    public var language = 0
    /// Some of the page is the default language's text standing in for a missing translation
    /// (`translations: fallback-noindex`): never indexable.
    public var fallback = false
    /// A translated fragment of the page is stale: its source changed since it was marked.
    public var staleTranslation = false

    /// Whether search engines may index the page: not thin under `thin_pages: noindex`, not
    /// waiting for a review (or a stale translation's update) under `review: required`, and not
    /// made of stand-in text. Sitemaps, robots meta and checks all ask this.
    public func isIndexable(under config: SiteConfig) -> Bool {
        !(thin && config.thinPages == .noindex) && !((needsReview || staleTranslation) && config.review == .required) && !fallback
    }
}

/// A guided hub: the page of one value of the first dimension and one of the second (a procedure
/// with an insurer), listing the pages that share both, at `/<first folder>/<first slug>/<second slug>/`.
public struct PairHub: Sendable, Hashable {
    public var first: Int
    public var second: Int
    public var path: String
    /// The cells with both values, in plan order.
    public var cells: [Int]
    /// The fragment of the thin section (`angle`) that every one of its cells shows, when it speaks
    /// of this pair alone (no placeholder of another dimension or of the offer): the hub's own text.
    public var article: Int? = nil
    /// Indexable when it has its own text and some of its pages are indexable; otherwise it is built
    /// `noindex` (kept out of the sitemap), like a thin page, so 200 look-alike lists do not compete.
    public var indexable = false
}

/// Text with placeholders already bound: rendering only fills in values.
public struct BoundTemplate: Sendable, Hashable {
    public enum Part: Sendable, Hashable {
        case text(String)
        case value(Binding)
    }

    public var parts: [Part]

    public init(parts: [Part]) { self.parts = parts }

    /// Plain text, each value from `value` (a value it has none for is left out).
    public func text(_ value: (Binding) -> String?) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let s): out += s
            case .value(let b): out += value(b) ?? ""
            }
        }
        return out
    }
}

/// The validated plan of the whole site: every page as a lightweight cell, ready to render in any order.
public struct SitePlan: Sendable {
    public let site: Site
    public let buildDate: Day
    public let cells: [Cell]
    /// Fragment bodies with bound placeholders, indexed like `site.fragments`.
    public let fragmentBodies: [BoundTemplate]
    public let title: BoundTemplate
    public let description: BoundTemplate
    public let h1: BoundTemplate
    /// `title`, `description` and `h1` per language (index 0 is the three above).
    public internal(set) var titles: [BoundTemplate] = []
    public internal(set) var descriptions: [BoundTemplate] = []
    public internal(set) var h1s: [BoundTemplate] = []
    /// Cell index by language and mixed-radix code: `cellByLanguage[l][code]` (language 0 is `cellByCode`).
    var cellByLanguage: [[Int32]] = []
    public let utm: [(name: String, value: BoundTemplate)]
    /// Site path of each dimension value's hub page: `hubPaths[d][e]`.
    public let hubPaths: [[String]]
    /// The distinct lists of policy slugs pages show (and a few no page may show); a cell names its list by index.
    public let ladderLists: [[String]]
    /// Cell index by mixed-radix code of its values; -1 where excluded or skipped.
    let cellByCode: [Int32]
    let radix: [Int]
    /// Which review records still match each input file; see `reviewRecords(_:)`.
    public internal(set) var reviewIndex = ReviewIndex()
    /// Site path of each dimension's index page (`/procedures/`), in `matrix.dimensions` order.
    public internal(set) var indexPaths: [String] = []
    /// The guided hubs between the first two dimensions (a procedure × insurer page listing its
    /// reasons), one per pair that has pages; none when the matrix has fewer than three dimensions.
    public internal(set) var pairHubs: [PairHub] = []
    /// Index into `pairHubs` by the first two dimensions' values, -1 where the pair has no page.
    public internal(set) var pairByValues: [[Int]] = []
    /// Each standalone page's body (`site.pages[i]`), its placeholders bound (site-wide values only).
    public internal(set) var pageBodies: [BoundTemplate] = []
    /// Whether each standalone page may be indexed: under `review: required`, only once its file is reviewed as it is now.
    public internal(set) var pageIndexable: [Bool] = []
    /// Each standalone page's title and description, their placeholders filled in.
    public internal(set) var pageTitles: [String] = []
    public internal(set) var pageDescriptions: [String] = []

    /// The guided hub of a cell's first two values, when the site has such hubs.
    public func pairHub(of cell: Cell) -> Int? {
        guard !pairByValues.isEmpty, cell.values.count > 2, cell.language == 0 else { return nil }
        let i = pairByValues[cell.values[0]][cell.values[1]]
        return i < 0 ? nil : i
    }

    /// The cell with these values, if it is a page of the site (in the default language).
    public func cellIndex(values: [Int]) -> Int? {
        var code = 0
        for (d, v) in values.enumerated() { code = code * radix[d] + v }
        let i = cellByCode[code]
        return i < 0 ? nil : Int(i)
    }

    /// The cell with these values in language `language`, if that page exists.
    public func cellIndex(values: [Int], language: Int) -> Int? {
        guard language > 0 else { return cellIndex(values: values) }
        guard language < cellByLanguage.count else { return nil }
        var code = 0
        for (d, v) in values.enumerated() { code = code * radix[d] + v }
        let i = cellByLanguage[language][code]
        return i < 0 ? nil : Int(i)
    }

    /// The same page in every language it exists in, by language index (the cell itself included).
    public func versions(of cell: Cell) -> [(language: Int, cell: Int)] {
        site.config.languages.indices.compactMap { l in cellIndex(values: cell.values, language: l).map { (l, $0) } }
    }

    /// Site path of the hub of value `e` of dimension `d` in language `l`.
    public func hubPath(_ d: Int, _ e: Int, language l: Int) -> String { site.config.languages[l].path(hubPaths[d][e]) }

    /// The language code of a cell's page.
    public func languageCode(_ cell: Cell) -> String { site.config.languages[cell.language].code }

    public func entity(_ cell: Cell, _ d: Int) -> Entity { site.entities[d][cell.values[d]] }

    /// The slugs of the policies whose ladders a cell's page shows, in page order, as the planner
    /// decided from every policy's rules (`policies:` of the cell's values, `for:`, `except:`).
    public func policies(_ cell: Cell) -> [String] { ladderLists[cell.ladders] }

    /// The text of a binding on a cell's page; `nil` only for an optional field the entity lacks
    /// (the planner reports that before rendering).
    public func value(_ binding: Binding, cell: Cell) -> String? {
        switch binding {
        case .constant(let s): return s
        case .entityField(let d, let field):
            return cell.language == 0 ? entity(cell, d).fields[field] : entity(cell, d).field(field, in: languageCode(cell))
        case .timeLimit(let limit):
            // The theme's words are the renderer's; here (checks, scripts) the limit's own default text.
            return limit.description
        case .criteria(let d, let field):
            guard let c = entity(cell, d).criteria else { return nil }
            switch field {
            case .source: return c.source
            case .codes: return c.codes
            case .title: return c.title
            }
        case .offer(let field):
            let o = site.offers.offers[cell.offer]
            switch field {
            case .code: return o.code
            case .price: return Offer.format(cents: o.priceCents, currency: o.currency)
            case .list_price: return Offer.format(cents: o.listPriceCents, currency: o.currency)
            case .savings: return Offer.format(cents: o.listPriceCents - o.priceCents, currency: o.currency)
            case .valid_until: return o.validUntil.longText
            case .name: return cell.language == 0 ? o.name : o.localized.text("name", in: languageCode(cell), or: o.name)
            case .currency: return o.currency
            }
        }
    }

    /// Plain text of a bound template on a cell's page (no escaping: callers escape for the context).
    public func text(_ template: BoundTemplate, cell: Cell) -> String { template.text { value($0, cell: cell) } }
}
