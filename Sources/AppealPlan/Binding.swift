import AppealModel

/// What a placeholder refers to, worked out once at plan time so rendering only looks values up.
public enum Binding: Hashable, Sendable {
    /// A value that is the same on every page (site name, build date, a policy's deadline).
    case constant(String)
    /// A field of the page's value of a dimension.
    case entityField(dimension: Int, field: String)
    /// A field of the page's value's `criteria`.
    case criteria(dimension: Int, field: CriteriaField)
    /// A field of the offer chosen for the page.
    case offer(OfferField)
    /// A policy's deadline or decision time, already in the fragment's language but for its number's
    /// words ("120 días"), which the renderer takes from the theme's strings.
    case timeLimit(TimeLimit)

    public enum CriteriaField: String, Sendable, CaseIterable { case source, codes, title }
    public enum OfferField: String, Sendable, CaseIterable { case code, price, list_price, valid_until, name, currency, savings }
}

/// Resolves placeholder names against the site: checks them before anything renders, with
/// "did you mean" hints, and gives each its `Binding`.
public struct PlaceholderScope: Sendable {
    let site: Site
    let buildDate: Day
    /// Every name a placeholder may use, for suggestions.
    public let knownNames: [String]

    public init(site: Site, buildDate: Day) {
        self.site = site
        self.buildDate = buildDate
        var names = ["site.name", "site.tagline", "build.date"] + Binding.OfferField.allCases.map { "offer.\($0.rawValue)" }
        for d in site.matrix.dimensions {
            names += (["slug"] + d.fields.keys.sorted()).map { "\(d.key).\($0)" }
            names += Binding.CriteriaField.allCases.map { "\(d.key).criteria_\($0.rawValue)" }
        }
        for (slug, policy) in site.policies.sorted(by: { $0.key < $1.key }) {
            names += ["name", "short_name", "regulation"].map { "policies.\(slug).\($0)" }
            for n in policy.levels.indices {
                names += ["name", "deadline", "deadline_days", "decision", "decided_by", "citation", "form"].map { "policies.\(slug).levels.\(n + 1).\($0)" }
            }
        }
        knownNames = names
    }

    /// The binding for `placeholder`, or a diagnostic saying why it does not exist.
    public func bind(_ placeholder: Placeholder) -> Result<Binding, Diagnostic> {
        let path = placeholder.path
        func unknown(_ detail: String? = nil) -> Result<Binding, Diagnostic> {
            .failure(.error("unknown placeholder `{{ \(placeholder.name) }}`" + (detail.map { ": \($0)" } ?? ""), at: placeholder.location,
                            hint: Suggest.closest(to: placeholder.name, in: knownNames).map { "did you mean `\($0)`?" }
                                ?? "see the placeholder table in docs/content-model.md"))
        }
        switch path.first {
        case "site" where path.count == 2:
            if path[1] == "name" { return .success(.constant(site.config.name)) }
            if path[1] == "tagline", let t = site.config.tagline { return .success(.constant(t)) }
            return unknown()
        case "build" where path == ["build", "date"]:
            return .success(.constant(buildDate.description))
        case "offer" where path.count == 2:
            return Binding.OfferField(rawValue: path[1]).map { .success(.offer($0)) } ?? unknown()
        case "policies":
            return bindPolicy(path, unknown: unknown)
        default:
            guard path.count == 2, let d = site.matrix.dimensionIndex(path[0]) else { return unknown() }
            let field = path[1]
            if field == "slug" || site.matrix.dimensions[d].fields[field] != nil { return .success(.entityField(dimension: d, field: field)) }
            if field.hasPrefix("criteria_"), let c = Binding.CriteriaField(rawValue: String(field.dropFirst(9))) {
                return .success(.criteria(dimension: d, field: c))
            }
            return unknown()
        }
    }

    func bindPolicy(_ path: [String], unknown: (String?) -> Result<Binding, Diagnostic>) -> Result<Binding, Diagnostic> {
        guard path.count >= 3 else { return unknown(nil) }
        guard let policy = site.policies[path[1]] else { return unknown("there is no policy `\(path[1])`") }
        if path.count == 3 {
            switch path[2] {
            case "name": return .success(.constant(policy.name))
            case "short_name": return .success(.constant(policy.shortName))
            case "regulation": return policy.regulation.map { .success(.constant($0)) } ?? unknown("policy `\(policy.slug)` has no `regulation`")
            default: return unknown(nil)
            }
        }
        guard path.count == 5, path[2] == "levels", let n = Int(path[3]) else { return unknown(nil) }
        guard n >= 1, n <= policy.levels.count else {
            return unknown("policy `\(policy.slug)` has levels 1 to \(policy.levels.count)")
        }
        let level = policy.levels[n - 1]
        switch path[4] {
        case "name": return .success(.constant(level.name))
        case "deadline": return .success(.timeLimit(level.deadline))
        case "deadline_days":
            return level.deadline.days.map { .success(.constant(String($0))) }
                ?? unknown("level \(n) of `\(policy.slug)` has no deadline in days (it is \"\(level.deadline)\")")
        case "decision": return .success(.timeLimit(level.decision))
        case "decided_by": return .success(.constant(level.decidedBy))
        case "citation": return .success(.constant(level.citation))
        case "form": return level.form.map { .success(.constant($0)) } ?? unknown("level \(n) of `\(policy.slug)` has no `form`")
        default: return unknown(nil)
        }
    }
}
