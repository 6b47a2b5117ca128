import AppealModel

/// Which appeal ladders apply to a cell. Each policy has rules, in the `for:` language of sections:
/// the values that list it under `policies:` (one rule per dimension, naming one dimension), its own
/// `for:` selectors and its `except:` selectors. On a cell, the most specific matching rules decide;
/// at equal specificity `except` wins. No matching rule: the ladder is not shown.
///
/// Rules are kept as flags per dimension value, and a cell's ladders depend only on its values in the
/// dimensions some rule names; so every combination of those is decided once, up front, into a table
/// of indices into the distinct lists, and a cell's decision is one table read.
struct LadderRules: Sendable {
    struct Rule: Sendable {
        /// Per dimension, whether each value is allowed; `nil` where the rule names no value.
        var allowed: [[Bool]?]
        var specificity: Int
        var except: Bool
        var origin: Origin

        func matches(_ values: [Int]) -> Bool {
            for (d, flags) in allowed.enumerated() { if let flags, !flags[values[d]] { return false } }
            return true
        }

        /// The dimensions this rule names whose value on the cell it does not allow.
        func misses(_ values: [Int]) -> [Int] {
            allowed.indices.filter { d in allowed[d].map { !$0[values[d]] } ?? false }
        }
    }

    enum Origin: Hashable, Sendable {
        /// Values of dimension `d` that list the policy under `policies:`.
        case listed(dimension: Int)
        /// The policy's `for:` or `except:` selector number `index`.
        case includes(Int), excludes(Int)
    }

    /// Policy slugs, sorted: the index of a policy everywhere below.
    let slugs: [String]
    /// Per policy, its rules, most specific first.
    let rules: [[Rule]]
    /// Per dimension value, the policies it lists, in order, as indices into `slugs`.
    let listed: [[[Int]]]
    /// The dimensions some rule names, and the number of values of each.
    let relevant: [Int]
    let counts: [Int]
    /// The distinct lists of policy slugs cells show.
    private(set) var lists: [[String]] = []
    /// Per combination of the relevant dimensions' values (mixed radix, in `relevant` order), an index into `lists`.
    private(set) var table: [Int32] = []

    init(site: Site) {
        slugs = site.policies.keys.sorted()
        var index: [String: Int] = [:]
        for (i, slug) in slugs.enumerated() { index[slug] = i }
        let counts = site.entities.map(\.count)
        let dimensions = site.matrix.dimensions.indices
        listed = site.entities.map { list in
            list.map { entity in
                var seen = Set<Int>()
                return entity.policies.compactMap { index[$0] }.filter { seen.insert($0).inserted }
            }
        }
        func flags(_ selector: Selector) -> [[Bool]?] {
            dimensions.map { d in
                selector.allowed[d].map { allowed in site.entities[d].map { allowed.contains($0.slug) } }
            }
        }
        var rules: [[Rule]] = []
        for slug in slugs {
            let policy = site.policies[slug]!
            var list: [Rule] = []
            for d in dimensions {
                var allowed = [Bool](repeating: false, count: counts[d])
                for e in 0..<counts[d] where listed[d][e].contains(index[slug]!) { allowed[e] = true }
                if allowed.contains(true) {
                    var named = [[Bool]?](repeating: nil, count: counts.count)
                    named[d] = allowed
                    list.append(Rule(allowed: named, specificity: 1, except: false, origin: .listed(dimension: d)))
                }
            }
            for (i, s) in policy.includes.enumerated() {
                list.append(Rule(allowed: flags(s), specificity: s.specificity, except: false, origin: .includes(i)))
            }
            for (i, s) in policy.excludes.enumerated() {
                list.append(Rule(allowed: flags(s), specificity: s.specificity, except: true, origin: .excludes(i)))
            }
            // Stable: at one specificity, rules keep the order above.
            rules.append(list.enumerated().sorted { ($1.element.specificity, $0.offset) < ($0.element.specificity, $1.offset) }.map(\.element))
        }
        self.rules = rules
        self.counts = counts
        relevant = dimensions.filter { d in rules.joined().contains { $0.allowed[d] != nil } }
        var interned = LadderLists()
        var table: [Int32] = []
        let combinations = relevant.reduce(1) { $0 * counts[$1] }
        table.reserveCapacity(combinations)
        var values = [Int](repeating: 0, count: counts.count)
        for code in 0..<combinations {
            var rest = code
            for d in relevant.reversed() {
                values[d] = rest % counts[d]
                rest /= counts[d]
            }
            table.append(Int32(interned.intern(ladders(values: values), slugs: slugs)))
        }
        self.table = table
        lists = interned.lists
    }

    /// The `for:` rules that change nothing: on every combination of values they match, the ladder
    /// applies just as well without them (a value's `policies:` or a less specific `for:` already
    /// brings it). Usually an editor meant to restrict the ladder and needed `except:`. As
    /// (policy, index into its `includes`). Skipped when the combinations are too many to try.
    func redundantIncludes(limit: Int = 1_000_000) -> [(policy: Int, include: Int)] {
        let combinations = table.count
        guard combinations <= limit else { return [] }
        var out: [(Int, Int)] = []
        var values = [Int](repeating: 0, count: counts.count)
        for (p, list) in rules.enumerated() {
            for (r, rule) in list.enumerated() {
                guard case .includes(let i) = rule.origin else { continue }
                var matched = false, matters = false
                for code in 0..<combinations where !matters {
                    var rest = code
                    for d in relevant.reversed() {
                        values[d] = rest % counts[d]
                        rest /= counts[d]
                    }
                    guard rule.matches(values) else { continue }
                    matched = true
                    if decide(p, values: values).applies != decide(p, values: values, skipping: r).applies { matters = true }
                }
                if matched && !matters { out.append((p, i)) }
            }
        }
        return out
    }

    /// The index into `lists` of the ladders a cell with these values shows.
    func listIndex(values: [Int]) -> Int {
        var code = 0
        for d in relevant { code = code * counts[d] + values[d] }
        return Int(table[code])
    }

    /// Whether policy `p` applies to the cell with these values: the most specific matching rules
    /// decide, and `except` wins a tie. Returns the deciding `except` rule when one removed it.
    func decide(_ p: Int, values: [Int], skipping skipped: Int? = nil) -> (applies: Bool, exceptedBy: Int?) {
        var level: Int?
        var include = false
        for (r, rule) in rules[p].enumerated() where r != skipped {
            if let level, rule.specificity < level { break }
            guard rule.matches(values) else { continue }
            if rule.except { return (false, r) }
            level = rule.specificity
            include = true
        }
        return (include, nil)
    }

    /// The policies that apply to a cell, in the order a page shows them: those its values list, in
    /// dimension order and list order; then those only a policy's own `for:` brings, by slug.
    func ladders(values: [Int]) -> [Int] {
        var applies = [Bool](repeating: false, count: slugs.count)
        var any = false
        for p in slugs.indices where decide(p, values: values).applies {
            applies[p] = true
            any = true
        }
        guard any else { return [] }
        var out: [Int] = []
        for (d, e) in values.enumerated() {
            for p in listed[d][e] where applies[p] {
                out.append(p)
                applies[p] = false
            }
        }
        for p in slugs.indices where applies[p] { out.append(p) }
        return out
    }

    /// Why no ladder applies to a cell, as a key that groups cells with the same cause: the `except`
    /// rules that removed a ladder a rule had brought; when there are none, the `for:` rules that name
    /// two or more dimensions and miss the cell in just one.
    func missCause(values: [Int]) -> String {
        var removed: [String] = [], missed: [String] = []
        for p in slugs.indices {
            if let r = decide(p, values: values).exceptedBy { removed.append("x\(p).\(r)") }
            for (r, rule) in rules[p].enumerated() where !rule.except && rule.specificity >= 2 {
                if case .includes = rule.origin, rule.misses(values).count == 1 { missed.append("m\(p).\(r)") }
            }
        }
        return (removed.isEmpty ? missed : removed).joined(separator: " ")
    }
}

/// The distinct lists of ladders cells show, each stored once: a cell keeps only its list's index.
struct LadderLists {
    private(set) var lists: [[String]] = []
    private var index: [[Int]: Int] = [:]

    mutating func intern(_ policies: [Int], slugs: [String]) -> Int {
        if let i = index[policies] { return i }
        index[policies] = lists.count
        lists.append(policies.map { slugs[$0] })
        return lists.count - 1
    }
}

extension Planner {
    /// A warning for each `for:` rule that brings its ladder to no page that would not have it anyway.
    func redundantIncludeWarnings(_ rules: LadderRules) -> [Diagnostic] {
        rules.redundantIncludes().map { p, i in
            let slug = rules.slugs[p]
            let listed = site.matrix.dimensions.indices.flatMap { d in
                site.entities[d].filter { $0.policies.contains(slug) }.map { "\(site.matrix.dimensions[d].folder)/\($0.slug).md" }
            }
            let by = listed.isEmpty ? "a less specific `for:`" : "`policies:` in " + listed.prefix(3).joined(separator: ", ") + (listed.count > 3 ? ", …" : "")
            return .warning("this `for:` of policy `\(slug)` adds its ladder to no page: every page it matches shows it already, through \(by)",
                            at: site.policies[slug]!.includes[i].location,
                            hint: "to limit where the ladder applies, use `except:` (or take `\(slug)` out of those `policies:` lists); otherwise delete this rule")
        }
    }

    /// One error per distinct cause of "no ladder": the cell, how many pages share the cause, and the
    /// rules that missed them, located at the first such rule.
    func noLadderDiagnostic(rules: LadderRules, values: [Int], tally: Tally) -> Diagnostic {
        let dimensions = site.matrix.dimensions
        // The `except` rules that removed a ladder come first (they decided), then the near misses.
        var removed: [(String, SourceLocation)] = [], missed: [(String, SourceLocation)] = []
        for (p, slug) in rules.slugs.enumerated() {
            let policy = site.policies[slug]!
            if let r = rules.decide(p, values: values).exceptedBy, case .excludes(let i) = rules.rules[p][r].origin {
                let at = policy.excludes[i].location
                removed.append(("`except` at \(at) removes `\(slug)`", at))
            }
            for rule in rules.rules[p] where !rule.except && rule.specificity >= 2 {
                guard case .includes(let i) = rule.origin else { continue }
                let misses = rule.misses(values)
                guard misses.count == 1 else { continue }
                let at = policy.includes[i].location, d = misses[0]
                missed.append(("`for` at \(at) (`\(slug)`) does not name \(dimensions[d].key) `\(site.entities[d][values[d]].slug)`", at))
            }
        }
        // When an `except` decided, it is the cause; near misses are named only when nothing removed a ladder.
        let causes = removed.isEmpty ? missed : removed
        var reasons = causes.map(\.0)
        var location = causes.first?.1
        if reasons.isEmpty {
            // Nothing came close: point at the value in the dimension whose values list ladders most often.
            let listing = dimensions.indices.map { d in site.entities[d].filter { !$0.policies.isEmpty }.count }
            let d = listing.indices.max { (listing[$0], $1) < (listing[$1], $0) } ?? 0
            location = site.entities[d][values[d]].location
            reasons.append("none of its values lists a policy under `policies:` and no policy's `for:` matches it")
        }
        return .error("no appeal ladder applies to \(tally.count) page(s), e.g. \(tally.example): " + reasons.prefix(4).joined(separator: "; "),
                      at: location,
                      hint: "every page needs a ladder: widen a policy's `for:`, narrow its `except:`, list a policy under `policies:` of one of these values, or exclude these cells in matrix.yaml")
    }
}
