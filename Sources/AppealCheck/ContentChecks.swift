import AppealModel
import AppealPlan
import Foundation

/// Checks of the content itself, no HTML needed: facts typed in prose, review dates, offer windows,
/// and content no page uses.
struct ContentChecks {
    let plan: SitePlan
    let settings: CheckSettings
    let pages: [CheckedPage]
    /// Cells each fragment lands on.
    let landing: [[Int]]

    var site: Site { plan.site }
    var today: Day { plan.buildDate }
    /// The real day, not the build's: a `reviewed` date is only "in the future" once it is after both.
    /// A build dated back (`--date 2026-11-29`) of content reviewed since is not a mistake in the content.
    let clock: Day

    init(plan: SitePlan, settings: CheckSettings, pages: [CheckedPage],
         clock: Day = Day(unixSeconds: Int64(Date().timeIntervalSince1970))) {
        self.plan = plan
        self.clock = clock
        self.settings = settings
        self.pages = pages
        var landing = [[Int]](repeating: [], count: plan.site.fragments.count)
        for (i, cell) in plan.cells.enumerated() {
            for case let f? in cell.fragments { landing[f].append(i) }
        }
        self.landing = landing
    }

    func run() -> [Finding] {
        FactCheck(plan: plan, landing: landing).run() + reviewGate() + reviewDates() + offers() + unused()
    }

    func cells(where predicate: (Cell) -> Bool) -> [Int] {
        plan.cells.indices.filter { predicate(plan.cells[$0]) }
    }

    func examples(_ cells: [Int]) -> [String] { cells.prefix(3).map { plan.cells[$0].path } }

    // MARK: Review dates

    func reviewDates() -> [Finding] {
        var findings: [Finding] = []
        let limit = settings.policyMaxAgeDays
        func age(_ day: Day) -> Int { today.daysSinceEpoch - day.daysSinceEpoch }
        for policy in site.policies.values.sorted(by: { $0.slug < $1.slug }) {
            let shown = cells { plan.policies($0).contains(policy.slug) }
            let days = age(policy.reviewed)
            if days > limit {
                findings.append(Finding(.freshness, .warning(
                    "policy `\(policy.slug)` was last reviewed \(days) days ago (\(policy.reviewed)); the limit is \(limit) days (\(shown.count) pages show it)",
                    at: policy.reviewedLocation,
                    hint: "check every level against \(policy.source), then set `reviewed:` to the day you checked"), pages: shown, examples: examples(shown)))
            } else if days < 0 && policy.reviewed > clock {
                findings.append(Finding(.freshness, .warning("policy `\(policy.slug)` has a `reviewed` date in the future (\(policy.reviewed))",
                                                             at: policy.reviewedLocation, hint: "use the day the rule was actually checked"),
                                        pages: shown, examples: examples(shown)))
            }
        }
        for (d, list) in site.entities.enumerated() {
            for (e, entity) in list.enumerated() {
                guard let reviewed = entity.criteria?.reviewed, age(reviewed) > limit else { continue }
                let shown = cells { $0.values[d] == e }
                findings.append(Finding(.freshness, .warning(
                    "coverage criteria of \(site.matrix.dimensions[d].key) `\(entity.slug)` were last reviewed \(age(reviewed)) days ago (\(reviewed)); the limit is \(limit) days",
                    at: entity.location, hint: "check them against \(entity.criteria!.source), then update `criteria.reviewed`"),
                                        pages: shown, examples: examples(shown)))
            }
        }
        return findings
    }

    // MARK: Offers

    /// Expired offers still in the file, and offers that end soon (saying what their pages get next).
    func offers() -> [Finding] {
        var findings: [Finding] = []
        let window = settings.offerWarningDays
        for (o, offer) in site.offers.offers.enumerated() {
            let users = cells { $0.offer == o }
            let left = offer.validUntil.daysSinceEpoch - today.daysSinceEpoch
            if left < 0 {
                findings.append(Finding(.freshness, .warning("offer `\(offer.id)` expired on \(offer.validUntil) (\(-left) days ago) and no page shows it",
                                                             at: offer.location, hint: "remove it from offers.yaml, or extend `valid_until` if it still runs")))
            } else if left <= window && !users.isEmpty {
                let after = offer.validUntil.adding(days: 1)
                var failing = 0
                var next: [String: Int] = [:]
                for c in users {
                    let slugs = plan.cell(c).map { site.entities[$0.offset][$0.element].slug }
                    // The planner's own rule, on the day after this offer ends.
                    if let best = site.offers.mostSpecificValid(for: slugs, on: after).first {
                        next[site.offers.offers[best].id, default: 0] += 1
                    } else if let fallback = site.offers.fallback {
                        next[fallback, default: 0] += 1
                    } else {
                        failing += 1
                    }
                }
                let then = failing > 0
                    ? "after that \(failing) of its pages have no valid offer and the build will fail"
                    : "after that its pages get " + next.sorted { $0.key < $1.key }.map { "`\($0.key)`" }.joined(separator: " or ")
                let when = left == 0 ? "today" : "in \(left) day\(left == 1 ? "" : "s")"
                findings.append(Finding(.freshness, Diagnostic(.warning,
                                                               "offer `\(offer.id)` ends \(when) (\(offer.validUntil)) on \(users.count) pages; \(then)",
                                                               at: offer.location, hint: "extend `valid_until`, add the next offer, or set `fallback`"),
                                        pages: users, examples: examples(users)))
            }
        }
        return findings
    }

    // MARK: Unused content

    func unused() -> [Finding] {
        var findings: [Finding] = []
        let matrixFile = site.matrix.url.origin.map { SourceLocation(file: $0.file) }

        for (s, spec) in site.matrix.sections.enumerated() where !plan.cells.contains(where: { $0.fragments[s] != nil }) {
            findings.append(Finding(.unused, .warning("section `\(spec.name)` is declared but no page gets a fragment for it", at: spec.location ?? matrixFile,
                                                      hint: "write a fragment with `section: \(spec.name)`, or remove the section from matrix.yaml")))
        }

        for (f, fragment) in site.fragments.enumerated() where landing[f].isEmpty {
            let slugsOf = { (c: Cell) in c.values.enumerated().map { site.entities[$0.offset][$0.element].slug } }
            let matching = plan.cells.first { fragment.selector.matches(slugsOf($0)) }
            var why = "its `for` matches no page (the cells may all be excluded)"
            if let cell = matching, let s = site.matrix.sections.firstIndex(where: { $0.name == fragment.section }), let winner = cell.fragments[s] {
                why = "every page it matches gets a more specific fragment, e.g. \(site.fragments[winner].location.file) on \(cell.path)"
            }
            findings.append(Finding(.unused, .warning("this fragment is never used: \(why)", at: fragment.location,
                                                      hint: "delete it, or widen its `for`")))
        }

        // Declared fields that no pattern, fragment or campaign parameter uses.
        var used = Set<String>()
        let templates = [site.matrix.url, site.matrix.title, site.matrix.description, site.matrix.h1]
            + site.fragments.map(\.body) + site.offers.utm.map(\.value)
        for t in templates { for p in t.placeholders { used.insert(p.name) } }
        for dim in site.matrix.dimensions {
            for field in dim.fields.keys.sorted() where field != "name" && !used.contains("\(dim.key).\(field)") {
                findings.append(Finding(.unused, .warning("field `\(field)` of `\(dim.key)` is declared but nothing uses `{{ \(dim.key).\(field) }}`",
                                                          at: dim.fieldLocations[field] ?? matrixFile,
                                                          hint: "use it in a pattern or fragment, or remove it from `fields`")))
            }
        }

        var hasPage = site.entities.map { [Bool](repeating: false, count: $0.count) }
        for cell in plan.cells { for (d, e) in cell.values.enumerated() { hasPage[d][e] = true } }
        for (d, list) in site.entities.enumerated() {
            for (e, entity) in list.enumerated() where !hasPage[d][e] {
                findings.append(Finding(.unused, .warning("no page uses \(site.matrix.dimensions[d].key) `\(entity.slug)`: every cell with it is excluded",
                                                          at: entity.location, hint: "remove the file, or narrow the exclusions in matrix.yaml")))
            }
        }

        let shownLists = Set(plan.cells.map(\.ladders))
        let shown = Set(shownLists.flatMap { plan.ladderLists[$0] })
        for policy in site.policies.values.sorted(by: { $0.slug < $1.slug }) where !shown.contains(policy.slug) {
            let why = policy.includes.isEmpty && !site.entities.joined().contains(where: { $0.policies.contains(policy.slug) })
                ? "no value lists it under `policies:` and it has no `for:`" : "its rules match no page, or `except:` removes it wherever they do"
            findings.append(Finding(.unused, .warning("policy `\(policy.slug)` is shown on no page: \(why)", at: policy.location,
                                                      hint: "give it a `for:` naming the cells it applies to (or list it under `policies:` of those values), narrow its `except:`, or remove the file")))
        }

        for (o, offer) in site.offers.offers.enumerated() where offer.isValid(on: today) && !plan.cells.contains(where: { $0.offer == o }) {
            findings.append(Finding(.unused, .warning("offer `\(offer.id)` is valid but no page gets it: a more specific offer wins everywhere it matches",
                                                      at: offer.location, hint: "narrow the other offer's `for`, or remove this one")))
        }
        return findings
    }
}

extension SitePlan {
    /// The values of cell `i`, per dimension.
    func cell(_ i: Int) -> EnumeratedSequence<[Int]> { cells[i].values.enumerated() }
}
