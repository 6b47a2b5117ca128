import AppealModel

extension Planner {
    /// The first path segment of each non-default language's prefix ("es" for `/es/`), with its language.
    var prefixSegments: [(segment: String, language: Language)] {
        site.config.languages.dropFirst().compactMap { language in language.prefixSegment.map { ($0, language) } }
    }

    /// How a language's prefix is named in messages: "the prefix /es/ of Español (`es`) in site.yaml".
    func prefixName(_ language: Language) -> String {
        "the prefix \(language.prefix)/ of \(language.name) (`\(language.code)`) in site.yaml"
    }

    /// Default-language pages must stay out of the other languages' folders: a value slug or a fixed
    /// first segment of the URL pattern equal to a language's prefix would put English pages under /es/.
    mutating func checkURLPatternAgainstLanguagePrefixes() {
        let prefixes = prefixSegments
        guard !prefixes.isEmpty else { return }
        let matrix = site.matrix
        switch matrix.leadingURLSegment {
        case .text(let first):
            if let hit = prefixes.first(where: { $0.segment == first }) {
                diagnostics.error("the URL pattern puts every page under \(hit.language.prefix)/, \(prefixName(hit.language)); pages of the default language cannot live there",
                                  at: matrix.url.placeholders.first?.location ?? matrix.url.origin ?? SourceLocation(file: "matrix.yaml"),
                                  hint: "start the URL pattern with another segment, or change the language's `prefix`")
            }
        case .dimension(let d):
            let key = matrix.dimensions[d].key
            for entity in site.entities[d] {
                guard let hit = prefixes.first(where: { $0.segment == entity.slug }) else { continue }
                diagnostics.error("the slug of \(key) `\(entity.slug)` is \(prefixName(hit.language)): its English pages would be written under \(hit.language.prefix)/",
                                  at: entity.location, hint: "rename the value (its file name or `slug`) to something that is not a language prefix")
            }
        case .other:
            break
        }
    }

    /// The language of a standalone page's path when it is a non-default language's home or lies under its prefix.
    func languageOwning(path: String) -> Language? {
        prefixSegments.first { path == "/\($0.segment)" || path.hasPrefix("/\($0.segment)/") }?.language
    }
}
