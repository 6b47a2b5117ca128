import AppealModel
import Foundation

/// Turns a loaded `Site` into a `SitePlan`: binds every placeholder, enumerates the matrix, applies
/// exclusions, picks the most specific fragment per section and the offer per cell, and checks that
/// every URL is unique. All problems are collected; any error means no plan.
public struct Planner {
    let site: Site
    let buildDate: Day
    var scope: PlaceholderScope
    var diagnostics = Diagnostics()

    public static func plan(_ site: Site, buildDate: Day) throws(DiagnosticError) -> (SitePlan, [Diagnostic]) {
        var planner = Planner(site: site, buildDate: buildDate, scope: PlaceholderScope(site: site, buildDate: buildDate))
        let plan = planner.run()
        if planner.diagnostics.hasErrors || plan == nil { throw DiagnosticError(planner.diagnostics.sorted) }
        return (plan!, planner.diagnostics.sorted)
    }

    mutating func bind(_ template: PlaceholderText, allowOffer: Bool = true) -> BoundTemplate {
        BoundTemplate(parts: template.parts.map { part in
            switch part {
            case .text(let s): return .text(s)
            case .placeholder(let p):
                switch scope.bind(p) {
                case .success(let b):
                    if case .offer = b, !allowOffer {
                        diagnostics.error("`{{ \(p.name) }}` cannot be used here: offers change more often than page titles and URLs", at: p.location)
                    }
                    return .value(b)
                case .failure(let d):
                    diagnostics.append(d)
                    return .text("")
                }
            }
        })
    }

    /// Counts repeated problems so one bad fragment yields one message, not one per page.
    struct Tally {
        var count = 0
        var example = ""
        var location: SourceLocation?
    }

    mutating func run() -> SitePlan? {
        let matrix = site.matrix
        let languages = site.config.languages
        // Each language binds its fragments and page patterns against the site in its own words.
        let scopes = languages.indices.map { $0 == 0 ? scope : PlaceholderScope(site: site.localized(to: $0), buildDate: buildDate) }
        var bodies: [BoundTemplate] = []
        bodies.reserveCapacity(site.fragments.count)
        for f in site.fragments {
            scope = scopes[f.language]
            bodies.append(bind(f.body))
        }
        var titles: [BoundTemplate] = [], descriptions: [BoundTemplate] = [], h1s: [BoundTemplate] = []
        for (l, language) in languages.enumerated() {
            scope = scopes[l]
            let own = matrix.localizedPatterns[language.code] ?? [:]
            titles.append(bind(own["title"] ?? matrix.title, allowOffer: false))
            descriptions.append(bind(own["description"] ?? matrix.description, allowOffer: false))
            h1s.append(bind(own["h1"] ?? own["title"] ?? matrix.h1, allowOffer: false))
        }
        scope = scopes[0]
        let title = titles[0], description = descriptions[0], h1 = h1s[0]
        let utm = site.offers.utm.map { (name: $0.name, value: bind($0.value)) }

        // Optional entity fields a fragment uses must exist on every page it lands on.
        let optionalUses: [[(dimension: Int, field: String, at: SourceLocation)]] = site.fragments.map { f in
            f.body.placeholders.compactMap { p in
                guard case .success(let b) = scope.bind(p) else { return nil }
                switch b {
                case .entityField(let d, let field) where matrix.dimensions[d].fields[field] == false: return (d, field, p.location)
                case .criteria(let d, let field): return (d, "criteria_" + field.rawValue, p.location)
                default: return nil
                }
            }
        }

        let bySection: [[SelectorIndex]] = languages.indices.map { l in
            matrix.sections.map { spec in
                SelectorIndex(site.fragments.indices.filter { site.fragments[$0].section == spec.name && site.fragments[$0].language == l }
                    .map { (site.fragments[$0].selector, $0) })
            }
        }
        let thinIndex = matrix.thinSection.flatMap { name in matrix.sections.firstIndex { $0.name == name } }
        let hubPaths = matrix.dimensions.enumerated().map { d, dim in site.entities[d].map { "/\(dim.folder)/\($0.slug)/" } }
        checkURLPatternAgainstLanguagePrefixes()

        let radix = site.entities.map(\.count)
        let total = radix.reduce(1, *)
        let codes = total * languages.count
        guard total > 0 else { return nil }
        guard total <= 20_000_000 else {
            diagnostics.error("the matrix has \(total) cells; the limit is 20,000,000", at: SourceLocation(file: "matrix.yaml"))
            return nil
        }
        // Each cell is worked out on its own, in parallel chunks; then, in matrix order, URLs are
        // claimed and problems counted, so the plan and its messages do not depend on the threads.
        let chunkSize = 4_096
        let chunkCount = (codes + chunkSize - 1) / chunkSize
        let outcomes = Locked<[[CellOutcome]]>(Array(repeating: [], count: chunkCount))
        let ladderRules = LadderRules(site: site)
        let context = CellContext(site: site, buildDate: buildDate, bySection: bySection, thinIndex: thinIndex, optionalUses: optionalUses,
                                  ladders: ladderRules, radix: radix, total: total, slugs: site.entities.map { $0.map(\.slug) },
                                  urlDimensions: matrix.url.placeholders.map { matrix.dimensionIndex($0.path[0]) ?? 0 })
        DispatchQueue.concurrentPerform(iterations: chunkCount) { c in
            let chunk = (c * chunkSize..<min(codes, (c + 1) * chunkSize)).map { context.evaluate(code: $0) }
            outcomes.withValue { $0[c] = chunk }
        }

        var cellByLanguage = [[Int32]](repeating: [Int32](repeating: -1, count: total), count: languages.count)
        var cells: [Cell] = []
        cells.reserveCapacity(total)
        var paths: [String: Int] = [:]
        paths.reserveCapacity(total + hubPaths.joined().count)
        for language in languages {
            for (d, list) in hubPaths.enumerated() { for (e, p) in list.enumerated() { paths[language.path(p)] = -1 - (d * 1_000_000 + e) } }
        }

        var missing: [Int: Tally] = [:]
        var ambiguous: [[Int]: Tally] = [:]
        var noOffer: [String: Tally] = [:]
        var offerTies: [[Int]: Tally] = [:]
        var missingFields: [String: Tally] = [:]
        var noLadder: [String: (tally: Tally, values: [Int])] = [:]

        for (code, outcome) in outcomes.current.joined().enumerated() {
            guard case .cell(let cell, let problems) = outcome else { continue }
            var cellName: String { cell.values.enumerated().map { site.entities[$0][$1].slug }.joined(separator: " × ") }
            for problem in problems {
                switch problem {
                case .ambiguous(let pair):
                    ambiguous[pair, default: Tally()].count += 1
                    ambiguous[pair]!.example = cellName
                case .missing(let s): missing[s, default: Tally(example: cellName)].count += 1
                case .offerTie(let pair): offerTies[pair, default: Tally(example: cellName)].count += 1
                case .noOffer(let ids): noOffer[ids, default: Tally(example: cellName)].count += 1
                case .missingField(let key, let example, let at): missingFields[key, default: Tally(example: example, location: at)].count += 1
                case .noLadder(let cause): noLadder[cause, default: (Tally(example: cellName), cell.values)].tally.count += 1
                }
            }
            if let other = paths[cell.path] {
                let otherName = other >= 0 ? "page " + cells[other].values.enumerated().map { site.entities[$0][$1].slug }.joined(separator: " × ")
                    : "a hub page"
                diagnostics.error("URL \(cell.path) is used by page \(cellName) and by \(otherName)", at: matrix.url.placeholders.first?.location,
                                  hint: "make the URL pattern include every dimension's slug, or rename a file")
                continue
            }
            paths[cell.path] = cells.count
            cellByLanguage[cell.language][code % total] = Int32(cells.count)
            cells.append(cell)
        }

        for (s, t) in missing.sorted(by: { $0.key < $1.key }) {
            diagnostics.error("required section `\(matrix.sections[s].name)` has no fragment for \(t.count) page(s), e.g. \(t.example)",
                              at: SourceLocation(file: "sections/"),
                              hint: "add a fragment with `section: \(matrix.sections[s].name)` and no `for`, as the site-wide default")
        }
        for (pair, t) in ambiguous.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            let a = site.fragments[pair[0]], b = site.fragments[pair[1]]
            diagnostics.error("fragments \(a.location.file) and \(b.location.file) both fill section `\(a.section)` with the same specificity on \(t.count) page(s), e.g. \(t.example)",
                              at: b.selector.location, hint: "make one of them more specific, or narrow its `for`")
        }
        for (ids, t) in noOffer.sorted(by: { $0.key < $1.key }) {
            diagnostics.error("no valid offer on \(buildDate) for \(t.count) page(s), e.g. \(t.example)" + (ids.isEmpty ? "" : "; matching offers outside their window: \(ids)"),
                              at: site.offers.location, hint: "extend `valid_until`, add an offer, or set `fallback` to an offer id")
        }
        for (pair, t) in offerTies.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            let a = site.offers.offers[pair[0]], b = site.offers.offers[pair[1]]
            diagnostics.error("offers `\(a.id)` and `\(b.id)` are both valid and equally specific on \(t.count) page(s), e.g. \(t.example)",
                              at: b.location, hint: "narrow one offer's `for` or make their windows not overlap")
        }
        for (key, t) in missingFields.sorted(by: { $0.key < $1.key }) {
            let field = key.split(separator: "|")[1]
            let d = Int(key.split(separator: "|")[2])!
            diagnostics.error("`{{ \(matrix.dimensions[d].key).\(field) }}` has no value for \(matrix.dimensions[d].key) `\(t.example)` (\(t.count) page(s))",
                              at: t.location, hint: "add `\(field.hasPrefix("criteria_") ? "criteria" : String(field))` to \(matrix.dimensions[d].folder)/\(t.example).md, or narrow this fragment's `for`")
        }
        let extra = planOtherPages(cells: cells, hubPaths: hubPaths, claimed: &paths)
        for (_, miss) in noLadder.sorted(by: { $0.key < $1.key }) {
            diagnostics.append(noLadderDiagnostic(rules: ladderRules, values: miss.values, tally: miss.tally))
        }
        diagnostics.append(contentsOf: redundantIncludeWarnings(ladderRules))
        if cells.isEmpty && !diagnostics.hasErrors {
            diagnostics.error("the matrix produces no pages: every cell is excluded", at: SourceLocation(file: "matrix.yaml"))
        }
        let reviewIndex = ReviewIndex(site)
        for i in cells.indices { cells[i].needsReview = reviewIndex.records(of: cells[i], in: site, ladders: ladderRules.lists) == nil }
        checkUnfinishedText(cells, hubPaths: hubPaths, ladders: ladderRules.lists, pages: extra.pageIndexable)
        if diagnostics.hasErrors { return nil }
        var plan = SitePlan(site: site, buildDate: buildDate, cells: cells, fragmentBodies: bodies, title: title, description: description,
                            h1: h1, utm: utm, hubPaths: hubPaths, ladderLists: ladderRules.lists, cellByCode: cellByLanguage[0], radix: radix)
        plan.reviewIndex = reviewIndex
        plan.titles = titles
        plan.descriptions = descriptions
        plan.h1s = h1s
        plan.cellByLanguage = cellByLanguage
        plan.indexPaths = extra.indexPaths
        plan.pairHubs = extra.pairHubs
        plan.pairByValues = extra.pairByValues
        plan.pageBodies = extra.pageBodies
        plan.pageIndexable = extra.pageIndexable
        plan.pageTitles = extra.pageTitles
        plan.pageDescriptions = extra.pageDescriptions
        return plan
    }

}

/// What happened to one matrix cell: excluded, or a page with the problems found on it.
enum CellOutcome {
    case excluded
    case cell(Cell, [CellProblem])
}

enum CellProblem {
    case ambiguous([Int])
    case missing(Int)
    case offerTie([Int])
    case noOffer(String)
    case missingField(key: String, example: String, at: SourceLocation)
    /// No appeal ladder applies; the key groups cells that miss for the same reasons.
    case noLadder(String)
}

/// Everything needed to work out one cell, shared read-only by the planner's threads.
struct CellContext: Sendable {
    let site: Site
    let buildDate: Day
    /// Per language, per section.
    let bySection: [[SelectorIndex]]
    let thinIndex: Int?
    let optionalUses: [[(dimension: Int, field: String, at: SourceLocation)]]
    let ladders: LadderRules
    let radix: [Int]
    /// Cells of the matrix in one language; code `c` is cell `c % total` in language `c / total`.
    let total: Int
    /// Slugs per dimension value.
    let slugs: [[String]]
    /// The dimension of each placeholder of the URL pattern.
    let urlDimensions: [Int]

    func evaluate(code: Int) -> CellOutcome {
        let matrix = site.matrix
        let language = code / total
        let languages = site.config.languages
        var values = [Int](repeating: 0, count: radix.count)
        var slugs = [String](repeating: "", count: radix.count)
        var rest = code % total
        for d in stride(from: radix.count - 1, through: 0, by: -1) {
            values[d] = rest % radix[d]
            rest /= radix[d]
            slugs[d] = self.slugs[d][values[d]]
        }
        if matrix.exclusions.contains(where: { $0.matches(slugs) }) { return .excluded }
        var problems: [CellProblem] = []
        let fallbackAllowed = site.config.translations == .fallbackNoindex
        var fallback = false
        if language > 0 {
            // A page in another language needs its values' names in that language.
            let code = languages[language].code
            let named = values.enumerated().allSatisfy { d, e in site.entities[d][e].isTranslated(to: code, dimension: matrix.dimensions[d]) }
            if !named { guard fallbackAllowed else { return .excluded }; fallback = true }
        }

        var chosen = [Int?](repeating: nil, count: matrix.sections.count)
        var translated = 0
        for (s, index) in bySection[language].enumerated() {
            var matches = index.mostSpecific(slugs)
            if matches.count > 1 { problems.append(.ambiguous(Array(matches.prefix(2)))) }
            if !matches.isEmpty { translated += 1 }
            if language > 0 && matches.isEmpty {
                if matrix.sections[s].required && !fallbackAllowed { return .excluded }
                if fallbackAllowed {
                    matches = bySection[0][s].mostSpecific(slugs)
                    if !matches.isEmpty { fallback = true }
                }
            }
            chosen[s] = matches.first
            if matches.first == nil && matrix.sections[s].required && language == 0 { problems.append(.missing(s)) }
        }
        // With stand-ins allowed, a page with no translated section at all is still not a page.
        if language > 0 && translated == 0 { return .excluded }
        let thin = thinIndex.map { chosen[$0] == nil } ?? false
        if thin && site.config.thinPages == .skip { return .excluded }

        let best = site.offers.mostSpecificValid(for: slugs, on: buildDate, language: languages[language].code)
        var offer = best.first
        if best.count > 1 { problems.append(.offerTie(Array(best.prefix(2)))) }
        if offer == nil {
            if let fallback = site.offers.fallback, let f = site.offers.offers.firstIndex(where: { $0.id == fallback }), site.offers.offers[f].isValid(on: buildDate) {
                offer = f
            } else if let fallback = site.offers.fallback {
                // The fallback has ended (or not begun) too: never publish a dead coupon.
                problems.append(.noOffer((site.offers.offers.filter { $0.selector.matches(slugs) }.map(\.id) + ["fallback \(fallback)"]).joined(separator: ", ")))
            } else {
                problems.append(.noOffer(site.offers.offers.filter { $0.selector.matches(slugs) }.map(\.id).joined(separator: ", ")))
            }
        }

        for case let f? in chosen {
            for use in optionalUses[f] where Self.value(use, entity: site.entities[use.dimension][values[use.dimension]]) == nil {
                problems.append(.missingField(key: "\(f)|\(use.field)|\(use.dimension)", example: slugs[use.dimension], at: use.at))
            }
        }
        let ladderList = ladders.listIndex(values: values)
        if ladders.lists[ladderList].isEmpty { problems.append(.noLadder(ladders.missCause(values: values))) }
        // The loader allows only `{{ <dimension>.slug }}` in the URL pattern.
        var placeholder = 0
        var path = matrix.url.render { _ in
            defer { placeholder += 1 }
            return slugs[urlDimensions[placeholder]]
        }
        if !path.hasSuffix("/") && !path.hasSuffix(".html") { path += "/" }
        var cell = Cell(values: values, fragments: chosen, offer: offer ?? 0, thin: thin, ladders: ladderList, path: languages[language].path(path))
        cell.language = language
        cell.fallback = fallback
        cell.staleTranslation = chosen.contains { $0.map { site.fragments[$0].translation == .stale } ?? false }
        return .cell(cell, problems)
    }

    static func value(_ use: (dimension: Int, field: String, at: SourceLocation), entity: Entity) -> String? {
        if use.field.hasPrefix("criteria_") {
            guard let c = entity.criteria else { return nil }
            return use.field == "criteria_codes" ? c.codes : c.source
        }
        return entity.fields[use.field]
    }
}
