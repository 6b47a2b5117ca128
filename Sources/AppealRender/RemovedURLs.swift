import AppealModel
import AppealPlan

/// Indexable URLs of the last published build that this build no longer writes and no rule covers:
/// one error per cause (a value that went, a cell no longer built, a changed URL pattern), each
/// naming why and, when the new URL of the same page can be told, the redirect lines to paste.
struct RemovedURLs {
    let plan: SitePlan
    let pages: Set<String>
    let previous: SiteLedger

    var site: Site { plan.site }
    var dimensions: [Dimension] { site.matrix.dimensions }

    /// The slug of each dimension in a cell URL, when `path` has the shape of `page.url`.
    func slugs(of path: String) -> [String]? {
        var rest = Substring(path)
        var found = [String?](repeating: nil, count: dimensions.count)
        let parts = site.matrix.url.parts
        for (i, part) in parts.enumerated() {
            switch part {
            case .text(let literal):
                guard rest.hasPrefix(literal) else { return nil }
                rest = rest.dropFirst(literal.count)
            case .placeholder(let p):
                guard p.path.count == 2, p.path[1] == "slug", let d = dimensions.firstIndex(where: { $0.key == p.path[0] }) else { return nil }
                // Up to the next literal text, or the end.
                var next: String?
                if i + 1 < parts.count, case .text(let t) = parts[i + 1] { next = t }
                let end = next.flatMap { rest.range(of: $0)?.lowerBound } ?? rest.endIndex
                let value = String(rest[..<end])
                guard !value.isEmpty, !value.contains("/") else { return nil }
                found[d] = value
                rest = rest[end...]
            }
        }
        guard rest.isEmpty, found.allSatisfy({ $0 != nil }) else { return nil }
        return found.map { $0! }
    }

    /// The dimension and slug of a hub URL (`/payers/aetna/`).
    func hub(of path: String) -> (Int, String)? {
        let parts = path.split(separator: "/")
        guard parts.count == 2, path.hasSuffix("/"), let d = dimensions.firstIndex(where: { $0.folder == parts[0] }) else { return nil }
        return (d, String(parts[1]))
    }

    func cellPath(_ slugs: [String]) -> String? {
        var values: [Int] = []
        for (d, slug) in slugs.enumerated() {
            guard let e = site.entities[d].firstIndex(where: { $0.slug == slug }) else { return nil }
            values.append(e)
        }
        return plan.cellIndex(values: values).map { plan.cells[$0].path }
    }

    func diagnose(_ missing: [String]) -> [Diagnostic] {
        guard !missing.isEmpty else { return [] }
        let now = site.entities.map { Set($0.map(\.slug)) }
        var before = dimensions.map { _ in Set<String>() }
        for path in previous.pages.keys {
            if let s = slugs(of: path) { for (d, slug) in s.enumerated() { before[d].insert(slug) } } else if let (d, slug) = hub(of: path) { before[d].insert(slug) }
        }
        /// A gone slug's likely new name: the one new slug of its dimension, else the closest new one.
        func renamed(_ d: Int, _ slug: String) -> String? {
            let fresh = now[d].subtracting(before[d]).sorted()
            if fresh.count == 1 { return fresh[0] }
            return Suggest.closest(to: slug, in: fresh)
        }

        struct Cause: Hashable {
            var message: String
            var location: SourceLocation?
        }
        var order: [Cause] = []
        var groups: [Cause: (paths: [String], lines: [String], rename: String?)] = [:]
        func add(_ cause: Cause, _ path: String, to: String?, rename: String? = nil) {
            if groups[cause] == nil { order.append(cause); groups[cause] = ([], [], rename) }
            groups[cause]!.paths.append(path)
            if let to, pages.contains(to) { groups[cause]!.lines.append("  - { from: \(path), to: \(to) }") }
        }
        let redirectsFile = site.config.location.file.replacingLastComponent(with: "redirects.yaml")
        for path in missing {
            if let s = slugs(of: path) {
                if let d = s.indices.first(where: { !now[$0].contains(s[$0]) }) {
                    let new = renamed(d, s[d])
                    var moved = s
                    if let new { moved[d] = new }
                    let location = new.flatMap { n in site.entities[d].first { $0.slug == n }?.location }
                    add(Cause(message: "\(dimensions[d].key) `\(s[d])` no longer exists" + (new.map { " (renamed to `\($0)`?)" } ?? ""), location: location),
                        path, to: new == nil ? nil : cellPath(moved))
                } else {
                    add(Cause(message: "its cell is no longer built (excluded in matrix.yaml, or thin with `thin_pages: skip`)",
                              location: site.matrix.url.origin.map { SourceLocation(file: $0.file) }), path, to: nil)
                }
            } else if let (d, slug) = hub(of: path) {
                let new = now[d].contains(slug) ? nil : renamed(d, slug)
                let location = new.flatMap { n in site.entities[d].first { $0.slug == n }?.location }
                add(Cause(message: "\(dimensions[d].key) `\(slug)` no longer exists" + (new.map { " (renamed to `\($0)`?)" } ?? ""), location: location),
                    path, to: new.map { "/\(dimensions[d].folder)/\($0)/" })
            } else {
                add(Cause(message: "it does not have the shape of the URL pattern `page.url` any more", location: site.matrix.url.origin), path, to: nil)
            }
        }
        return order.map { cause in
            let g = groups[cause]!
            let examples = g.paths.prefix(3).joined(separator: ", ")
            let count = g.paths.count == 1 ? "an indexable URL of the last build is" : "\(g.paths.count) indexable URLs of the last build are"
            var hint: String
            if g.lines.count == g.paths.count {
                hint = "add to \(redirectsFile) (under `redirects:`), so each old URL sends visitors and search engines to the same page:\n"
                    + g.lines.joined(separator: "\n")
            } else {
                hint = "send each to the closest page in \(redirectsFile) (`- { from: OLD, to: NEW }`), or mark it gone (`- { from: OLD, status: 410 }`)"
                if !g.lines.isEmpty { hint += "; these can go to the same page:\n" + g.lines.joined(separator: "\n") }
            }
            return .error("\(count) not written any more: \(cause.message); e.g. \(examples)", at: cause.location ?? SourceLocation(file: redirectsFile), hint: hint)
        }
    }
}
