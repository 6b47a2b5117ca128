/// What makes the first path segment of a default-language page's URL (`url:` in matrix.yaml).
public enum LeadingURLSegment: Sendable, Equatable {
    /// Fixed text, such as `guides` in `/guides/{{ procedure.slug }}/`.
    case text(String)
    /// Exactly one value slug: dimension `d`'s, as in `/{{ procedure.slug }}/…`.
    case dimension(Int)
    /// Anything else: a mix of text and placeholders, or nothing.
    case other
}

extension Matrix {
    /// The first path segment of the URL pattern, so language prefixes can be kept out of it.
    public var leadingURLSegment: LeadingURLSegment {
        var index = 0
        let marked = url.render { _ in
            defer { index += 1 }
            return "\u{1}\(index)\u{1}"
        }
        guard let first = marked.split(separator: "/").first.map(String.init), !first.isEmpty else { return .other }
        if !first.contains("\u{1}") { return .text(first) }
        let placeholders = url.placeholders
        guard first.count > 2, first.hasPrefix("\u{1}"), first.hasSuffix("\u{1}"),
              let p = Int(first.dropFirst().dropLast()), p < placeholders.count,
              let d = dimensionIndex(placeholders[p].path[0]) else { return .other }
        return .dimension(d)
    }
}

extension Language {
    /// The prefix's path segment without slashes ("es" for `/es/`); nil for the default language.
    public var prefixSegment: String? {
        let segment = prefix.split(separator: "/").first.map(String.init) ?? ""
        return segment.isEmpty ? nil : segment
    }
}
