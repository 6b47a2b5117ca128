import AppealCheck
import AppealModel
import AppealPlan
import Foundation

/// What a content lead wants to see of a site: coverage of the matrix, counts per dimension, duplicate
/// clusters, offers and their windows, policies by review age, and every finding. Built from the plan
/// and one run of the checks; written as HTML (`html()`) or JSON (`json()`).
public struct SiteReport: Encodable, Sendable {
    public struct Summary: Encodable, Sendable {
        public var cells: Int
        public var pages: Int
        public var fullPages: Int
        public var thinPages: Int
        public var excludedCells: Int
        public var skippedCells: Int
        public var hubPages: Int
        public var errors: Int
        public var warnings: Int
        public var nearDuplicatePages: Int
        public var thinContentPages: Int
        public var stalePolicies: Int
        public var offersEndingSoon: Int
        /// Pages with an input not reviewed as it is now (built noindex under `review: required`).
        public var unreviewedPages: Int
    }

    /// A cell of the matrix: what it is, and what the checks said about its page.
    public enum CellStatus: String, Encodable, Sendable {
        case full, thin, excluded, skipped
    }

    public struct Cell: Encodable, Sendable {
        public var values: [String]
        public var status: CellStatus
        public var path: String?
        public var errors: Bool
        public var warnings: Bool
        public var nearDuplicate: Bool
        public var thinContent: Bool
        public var words: Int?
        /// Slugs of the policies whose ladders the page shows, in page order; nil for a cell with no page.
        public var ladders: [String]?
        /// Some input of the page is not reviewed as it is now.
        public var unreviewed = false
        /// The fragment files the page was made from, in section order (empty for a cell with no page).
        public var files: [String] = []
    }

    /// Where one policy's ladder lands: how many pages show it, and the rules that decide it.
    public struct LadderCoverage: Encodable, Sendable {
        public var slug: String
        public var name: String
        public var pages: Int
        /// The rules in words: `policies:` of which values, then `for:` and `except:` selectors.
        public var rules: [String]
        public var file: String
    }

    public struct DimensionValue: Encodable, Sendable {
        public var slug: String
        public var name: String
        public var pages: Int
        public var full: Int
        public var thin: Int
        public var excluded: Int
        public var withWarnings: Int
        public var withErrors: Int
    }

    public struct DimensionCounts: Encodable, Sendable {
        public var key: String
        public var label: String
        public var plural: String
        public var values: [DimensionValue]
    }

    public struct Cluster: Encodable, Sendable {
        public var pages: [String]
        public var similarity: Double
        public var source: String?
    }

    public struct OfferWindow: Encodable, Sendable {
        public enum State: String, Encodable, Sendable { case active, endingSoon = "ending-soon", expired, upcoming }
        public var id: String
        public var name: String
        public var code: String
        public var price: String
        public var appliesTo: String
        public var validFrom: String
        public var validUntil: String
        public var state: State
        public var daysLeft: Int
        public var pages: Int
        public var source: String
    }

    public struct PolicyAge: Encodable, Sendable {
        public var slug: String
        public var name: String
        public var reviewed: String
        public var ageDays: Int
        public var stale: Bool
        public var pages: Int
        public var sourceURL: String
        public var file: String
    }

    public struct Item: Encodable, Sendable {
        public var category: String
        public var severity: String
        public var location: String?
        public var message: String
        public var hint: String?
        public var pages: Int
    }

    public var site: String
    public var baseURL: String
    public var buildDate: String
    /// `review:` of site.yaml: `required` or `optional`.
    public var review: String
    public var settings: Settings
    public var summary: Summary
    public var dimensions: [DimensionCounts]
    public var cells: [Cell]
    public var clusters: [Cluster]
    public var offers: [OfferWindow]
    public var policies: [PolicyAge]
    /// Per policy, by slug: where its ladder applies (each cell's list is in `cells[].ladders`).
    public var ladders: [LadderCoverage]
    public var findings: [Item]
    public var checkSeconds: Double

    public struct Settings: Encodable, Sendable {
        public var similarity: Double
        public var thinMinWords: Int
        public var thinMinUniqueWords: Int
        public var policyMaxAgeDays: Int
        public var offerWarningDays: Int
    }

    public init(plan: SitePlan, check: CheckResult, settings: CheckSettings? = nil) {
        let site = plan.site
        let settings = settings ?? site.config.checks
        let today = plan.buildDate
        let dims = site.matrix.dimensions
        self.site = site.config.name
        review = site.config.review.rawValue
        baseURL = site.config.baseURL.absolute("/")
        buildDate = today.description
        self.settings = Settings(similarity: settings.similarity, thinMinWords: settings.thinMinWords, thinMinUniqueWords: settings.thinMinUniqueWords,
                                 policyMaxAgeDays: settings.policyMaxAgeDays, offerWarningDays: settings.offerWarningDays)
        checkSeconds = check.seconds

        // Every cell of the matrix, in mixed-radix order, planned or not.
        let radix = site.entities.map(\.count)
        let total = radix.reduce(1, *)
        var cells: [Cell] = []
        cells.reserveCapacity(total)
        var values = [Int](repeating: 0, count: dims.count)
        for code in 0..<total {
            var rest = code
            for d in stride(from: dims.count - 1, through: 0, by: -1) {
                values[d] = rest % radix[d]
                rest /= radix[d]
            }
            let slugs = values.enumerated().map { site.entities[$0.offset][$0.element].slug }
            if let i = plan.cellIndex(values: values) {
                let page = check.pages[i]
                cells.append(Cell(values: slugs, status: plan.cells[i].thin ? .thin : .full, path: plan.cells[i].path,
                                  errors: page.flags.contains(.error), warnings: page.flags.contains(.warning),
                                  nearDuplicate: page.flags.contains(.nearDuplicate), thinContent: page.flags.contains(.thinContent),
                                  words: page.words, ladders: plan.policies(plan.cells[i]), unreviewed: plan.cells[i].needsReview,
                                  files: plan.cells[i].fragments.compactMap { $0.map { site.fragments[$0].location.file } }))
            } else {
                let excluded = site.matrix.exclusions.contains { $0.matches(slugs) }
                cells.append(Cell(values: slugs, status: excluded ? .excluded : .skipped, path: nil, errors: false, warnings: false,
                                  nearDuplicate: false, thinContent: false, words: nil, ladders: nil))
            }
        }
        self.cells = cells

        // One pass over the cells: cell `code`'s value of dimension d is (code / stride[d]) % radix[d].
        var counts = site.entities.map { list in list.map { DimensionValue(slug: $0.slug, name: $0.name, pages: 0, full: 0, thin: 0,
                                                                           excluded: 0, withWarnings: 0, withErrors: 0) } }
        var strides = [Int](repeating: 1, count: dims.count)
        for d in stride(from: dims.count - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * radix[d + 1] }
        for (code, cell) in cells.enumerated() {
            for d in dims.indices {
                let e = (code / strides[d]) % radix[d]
                if cell.path != nil { counts[d][e].pages += 1 }
                switch cell.status {
                case .full: counts[d][e].full += 1
                case .thin: counts[d][e].thin += 1
                case .excluded, .skipped: counts[d][e].excluded += 1
                }
                if cell.warnings { counts[d][e].withWarnings += 1 }
                if cell.errors { counts[d][e].withErrors += 1 }
            }
        }
        dimensions = dims.enumerated().map { d, dim in
            DimensionCounts(key: dim.key, label: dim.label, plural: dim.plural, values: counts[d])
        }

        clusters = check.clusters.map { c in
            Cluster(pages: c.pages.map { check.pages[$0].path }, similarity: c.maxSimilarity, source: c.source?.description)
        }

        offers = site.offers.offers.enumerated().map { o, offer in
            let left = offer.validUntil.daysSinceEpoch - today.daysSinceEpoch
            let state: OfferWindow.State = left < 0 ? .expired : today < offer.validFrom ? .upcoming
                : left <= settings.offerWarningDays ? .endingSoon : .active
            let applies = dims.indices.compactMap { d -> String? in
                offer.selector.allowed[d].map { "\(dims[d].key): " + $0.sorted().joined(separator: ", ") }
            }
            return OfferWindow(id: offer.id, name: offer.name, code: offer.code,
                               price: Offer.format(cents: offer.priceCents, currency: offer.currency) + " (list " + Offer.format(cents: offer.listPriceCents, currency: offer.currency) + ")",
                               appliesTo: applies.isEmpty ? "every page" : applies.joined(separator: "; "),
                               validFrom: offer.validFrom.description, validUntil: offer.validUntil.description, state: state, daysLeft: left,
                               pages: plan.cells.filter { $0.offer == o }.count, source: offer.location.description)
        }

        policies = site.policies.values.map { policy in
            let age = today.daysSinceEpoch - policy.reviewed.daysSinceEpoch
            let shown = plan.cells.filter { plan.policies($0).contains(policy.slug) }.count
            return PolicyAge(slug: policy.slug, name: policy.name, reviewed: policy.reviewed.description, ageDays: age,
                             stale: age > settings.policyMaxAgeDays, pages: shown, sourceURL: policy.source, file: policy.reviewedLocation.description)
        }.sorted { ($0.ageDays, $1.slug) > ($1.ageDays, $0.slug) }

        var pagesByPolicy: [String: Int] = [:]
        for cell in plan.cells { for slug in plan.policies(cell) { pagesByPolicy[slug, default: 0] += 1 } }
        ladders = site.policies.values.sorted { $0.slug < $1.slug }.map { policy in
            func describe(_ s: Selector) -> String {
                let named = dims.indices.compactMap { d in s.allowed[d].map { "\(dims[d].key): " + $0.sorted().joined(separator: ", ") } }
                return named.isEmpty ? "every page" : named.joined(separator: "; ")
            }
            var rules: [String] = []
            for (d, dim) in dims.enumerated() {
                let listing = site.entities[d].filter { $0.policies.contains(policy.slug) }.map(\.slug)
                if !listing.isEmpty { rules.append("policies: of \(dim.key) " + listing.joined(separator: ", ")) }
            }
            rules += policy.includes.map { "for: " + describe($0) } + policy.excludes.map { "except: " + describe($0) }
            return LadderCoverage(slug: policy.slug, name: policy.name, pages: pagesByPolicy[policy.slug] ?? 0,
                                  rules: rules.isEmpty ? ["no rule: shown on no page"] : rules, file: policy.location.file)
        }

        findings = check.findings.map { f in
            Item(category: f.category.rawValue, severity: f.severity.rawValue, location: f.diagnostic.location?.description,
                 message: f.diagnostic.message, hint: f.diagnostic.hint, pages: f.pageCount)
        }

        let planned = cells.filter { $0.path != nil }
        summary = Summary(cells: total, pages: plan.cells.count, fullPages: planned.filter { $0.status == .full }.count,
                          thinPages: planned.filter { $0.status == .thin }.count,
                          excludedCells: cells.filter { $0.status == .excluded }.count, skippedCells: cells.filter { $0.status == .skipped }.count,
                          hubPages: check.pages.filter { if case .hub = $0.kind { true } else { false } }.count,
                          errors: check.errorCount, warnings: check.warningCount,
                          nearDuplicatePages: check.pages.filter { $0.flags.contains(.nearDuplicate) }.count,
                          thinContentPages: check.pages.filter { $0.flags.contains(.thinContent) }.count,
                          stalePolicies: policies.filter(\.stale).count, offersEndingSoon: offers.filter { $0.state == .endingSoon }.count,
                          unreviewedPages: plan.cells.filter(\.needsReview).count)
    }

    /// The report as JSON, for scripts.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self) + "\n"
    }
}
