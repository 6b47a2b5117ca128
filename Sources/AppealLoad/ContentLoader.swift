import AppealModel
import Foundation
import Yams

/// Loads and validates `Content/` into a `Site`. Every problem of the pass is collected; if any is an
/// error, `load` throws them all together.
public struct ContentLoader: Sendable {
    public let root: String
    var diagnostics = Diagnostics()
    /// Slugs named in `for:` selectors, checked once every entity is known.
    var selectorReferences: [(dimension: Int, slug: String, location: SourceLocation)] = []
    /// Fingerprint of the site-wide files read so far (see `Site.globalHash`).
    var globalHash = ContentHash()
    /// Files (relative to `root`) that reviews.yaml names: only these are hashed.
    var recordedFiles: Set<String> = []
    /// SHA-256 of each recorded file that was read, by relative path.
    var digests: [String: String] = [:]
    /// Relative paths of the files pages are built from that were read: entities, fragments, policies, offers.yaml.
    var inputs: Set<String> = []
    /// Finds unfinished text and banned phrases; nil until site.yaml is read.
    var scanner: TextScanner?
    var textMarks: [TextMark] = []
    /// The site's language codes, the default first (from site.yaml; `en` until it is read).
    var languageCodes = ["en"]
    /// SHA-256 of each default-language fragment's text, by relative path: what translations are marked against.
    var fragmentDigests: [String: String] = [:]
    /// Fragments that give their own `for:` (a translation without one takes its source's).
    var fragmentsWithFor = Set<String>()
    var translationRecords: [TranslationRecord] = []
    /// Files pages are built from that exist but did not load (their errors are reported): by
    /// dimension key (or `policies`), slug → relative path. What names them is told "see above" once,
    /// not "unknown value" once per reference.
    var unreadable: [String: [String: String]] = [:]
    /// Parses of the last load, reused for files whose bytes did not change (the preview); nil: parse everything.
    var cache: LoadCache?
    /// What `scanner` was made from, part of the key of every reused parse.
    var scannerSettings: TextScanner.Settings?
    /// In a child loader (see `memoized`): the parts added to the site-wide fingerprint, in order.
    var globalHashLog: [String]?
    /// In a child loader: the files its parse was keyed on, as read then, and the paths it looked for.
    var preread: [String: FileState] = [:]
    var probed: [String: Bool] = [:]

    /// `root` is the content folder as the user named it; diagnostics show paths under it.
    public init(root: String) {
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
    }

    /// With `cache` (a preview's, kept between rebuilds), files whose bytes did not change since its
    /// last load are not parsed again: the result is the same.
    public static func load(from root: String, cache: LoadCache? = nil) throws(DiagnosticError) -> (Site, [Diagnostic]) {
        var loader = ContentLoader(root: root)
        loader.cache = cache
        cache?.begin(root: loader.root)
        let site = loader.loadSite()
        cache?.end()
        if loader.diagnostics.hasErrors || site == nil { throw DiagnosticError(loader.diagnostics.sorted) }
        return (site!, loader.diagnostics.sorted)
    }

    /// Reads `matrix.yaml` alone, for tools that need the dimensions and sections but not the whole site.
    public static func loadMatrix(from root: String) throws(DiagnosticError) -> Matrix {
        var loader = ContentLoader(root: root)
        // site.yaml's languages, so per-language labels read; its own problems are for `load` to report.
        if let config = loader.loadConfig() { loader.languageCodes = config.languages.map(\.code) }
        loader.diagnostics = Diagnostics()
        let matrix = loader.loadMatrix()
        if loader.diagnostics.hasErrors || matrix == nil { throw DiagnosticError(loader.diagnostics.sorted) }
        return matrix!
    }

    /// The languages of site.yaml, for tools that need only them; empty when site.yaml cannot be read.
    public static func loadLanguages(from root: String) -> [Language] {
        var loader = ContentLoader(root: root)
        return loader.loadConfig()?.languages ?? []
    }

    func path(_ relative: String) -> String { root + "/" + relative }

    mutating func loadSite() -> Site? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            diagnostics.error("content folder not found", at: SourceLocation(file: root),
                              hint: "pass --content with the folder that holds site.yaml and matrix.yaml")
            return nil
        }
        let (config, codes) = memoized("site.yaml", files: ["site.yaml"]) { local in (local.loadConfig(), local.languageCodes) }
        languageCodes = codes
        guard let matrix = memoized("matrix.yaml", files: ["matrix.yaml"], { $0.loadMatrix() }) else { return nil }
        let reviewers = memoized(Self.reviewersFile, files: [Self.reviewersFile]) { $0.loadReviewers() }
        let records = memoized(ReviewLedger.fileName, files: [ReviewLedger.fileName], extra: reviewers.keys.sorted()) { $0.loadReviewRecords(reviewers: reviewers) }
        recordedFiles = Set(records.map(\.file))
        let settings = TextScanner.Settings(bannedPhrases: config?.checks.bannedPhrases ?? TextScanner.defaultBannedPhrases,
                                            ownHost: config.map { Self.host(of: $0.baseURL) })
        scanner = TextScanner(bannedPhrases: settings.bannedPhrases, ownHost: settings.ownHost)
        scannerSettings = settings
        let entities = matrix.dimensions.map { loadEntities(of: $0) }
        let policies = loadPolicies(matrix: matrix)
        let offers = memoized("offers.yaml", files: ["offers.yaml"], extra: matrix.dimensions.map(\.key)) { $0.loadOffers(matrix: matrix) }
        translationRecords = memoized(TranslationRecord.fileName, files: [TranslationRecord.fileName]) { $0.loadTranslationRecords() }
        let fragments = loadFragments(matrix: matrix)
        guard let config, let offers else { return nil }
        var site = Site(config: config, matrix: matrix, entities: entities, policies: policies, offers: offers, fragments: fragments)
        site.redirects = memoized("redirects.yaml", files: ["redirects.yaml"]) { $0.loadRedirects() }
        site.pages = loadPages()
        for list in entities {
            for entity in list { globalHash.add(entity.slug); globalHash.add(entity.name) }
        }
        site.globalHash = globalHash
        site.reviews = reviewBook(reviewers: reviewers, records: records)
        site.textMarks = textMarks.sorted { $0.location < $1.location }
        site.translationRecords = translationRecords
        checkReferences(site)
        return site
    }

    // MARK: YAML files

    mutating func yamlRoot(_ relative: String) -> (YAMLReader, Node)? {
        yamlRootAndText(relative).map { ($0.0, $0.1) }
    }

    mutating func yamlRootAndText(_ relative: String) -> (YAMLReader, Node, String)? {
        let file = path(relative)
        guard let source = contentFile(file) else { return nil }
        hashGlobal(relative)
        hashGlobal(source.text)
        var reader = YAMLReader(file: file)
        guard let node = reader.parse(source.text) else { diagnostics.append(contentsOf: reader.diagnostics); return nil }
        return (reader, node, source.text)
    }

    /// `appeals.example.org` from `https://appeals.example.org/guides`.
    static func host(of base: BaseURL) -> String {
        var host = Substring(base.origin)
        if let scheme = host.range(of: "://") { host = host[scheme.upperBound...] }
        if let colon = host.firstIndex(of: ":") { host = host[..<colon] }
        return host.lowercased()
    }

    mutating func loadConfig() -> SiteConfig? {
        guard let (reader, node) = yamlRoot("site.yaml") else { return nil }
        var r = reader
        defer { diagnostics.append(contentsOf: r.diagnostics) }
        let keys = ["name", "tagline", "base_url", "language", "languages", "translations", "description", "disclaimer", "thin_pages", "raw_html",
                    "related_limit", "checks", "host", "review", "indexnow_key"]
        guard let m = r.mapping(node, allowed: keys, what: "site.yaml") else { return nil }
        let languages = readLanguages(m, reader: &r)
        if let languages { languageCodes = languages.map(\.code) }
        var localized: Translations = [:]
        let name = r.localized(m, "name", languages: languageCodes, into: &localized)
        let baseText = r.string(m, "base_url")
        let base = baseText.flatMap(BaseURL.init)
        if baseText != nil && base == nil {
            r.diagnostics.error("`base_url` must be an absolute http(s) URL without query or fragment, found `\(baseText!)`",
                                at: r.location(m["base_url"]), hint: "for example https://example.org/ or https://example.org/guides/")
        }
        var language = r.string(m, "language", required: languages == nil)
        if let language, let first = languages?.first, language != first.tag {
            r.diagnostics.error("`language` is `\(language)` but the first of `languages` is `\(first.tag)`", at: r.location(m["language"]),
                                hint: "remove `language`: with `languages`, the first one is the default")
        }
        if language == nil { language = languages?.first?.tag }
        if let language, !language.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            r.diagnostics.error("`language` must be a language tag such as en-US, found `\(language)`", at: r.location(m["language"]))
        }
        let disclaimer = r.localized(m, "disclaimer", languages: languageCodes, into: &localized)
        var translations = TranslationPolicy.completeOnly
        if let text = r.string(m, "translations", required: false) {
            if let policy = TranslationPolicy(rawValue: text) { translations = policy } else {
                r.diagnostics.error("`translations` must be `complete-only` or `fallback-noindex`, found `\(text)`", at: r.location(m["translations"]),
                                    hint: "complete-only: a page exists in a language only when all its required sections are written in it; fallback-noindex: it is built noindex with the default language's text where one is missing")
            }
        }
        var thin = ThinPagePolicy.noindex
        if let text = r.string(m, "thin_pages", required: false) {
            if let policy = ThinPagePolicy(rawValue: text) { thin = policy } else {
                r.diagnostics.error("`thin_pages` must be one of noindex, index, skip; found `\(text)`", at: r.location(m["thin_pages"]))
            }
        }
        let related = r.int(m, "related_limit", required: false, range: 0...100) ?? 8
        let checks = readChecks(m["checks"], reader: &r)
        var host = Host.static
        if let text = r.string(m, "host", required: false) {
            if let known = Host(rawValue: text) { host = known } else {
                r.diagnostics.error("`host` must be one of \(Host.allCases.map(\.rawValue).joined(separator: ", ")); found `\(text)`", at: r.location(m["host"]),
                                    hint: Suggest.hint(for: text, in: Host.allCases.map(\.rawValue)))
            }
        }
        var review = ReviewPolicy.optional
        if let text = r.string(m, "review", required: false) {
            if let policy = ReviewPolicy(rawValue: text) { review = policy } else {
                r.diagnostics.error("`review` must be `required` or `optional`, found `\(text)`", at: r.location(m["review"]),
                                    hint: "required: pages with unreviewed inputs are built noindex; optional (the default): reviews are shown where they exist")
            }
        }
        guard let name, let base, let language, let disclaimer else { return nil }
        var config = SiteConfig(name: name, tagline: r.localized(m, "tagline", required: false, languages: languageCodes, into: &localized),
                                baseURL: base, language: language,
                                description: r.localized(m, "description", required: false, languages: languageCodes, into: &localized), disclaimer: disclaimer, thinPages: thin,
                                rawHTML: r.bool(m, "raw_html") ?? false, relatedLimit: related, checks: checks,
                                location: SourceLocation(file: r.file, line: 1, column: 1))
        config.host = host
        config.review = review
        if let languages { config.languages = languages }
        config.translations = translations
        config.localized = localized
        if let key = r.string(m, "indexnow_key", required: false) {
            // The IndexNow protocol: 8 to 128 characters, letters, digits and dashes.
            if (8...128).contains(key.count), key.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-") }) {
                config.indexNowKey = key
            } else {
                r.diagnostics.error("`indexnow_key` must be 8 to 128 letters, digits or dashes, found `\(key)`", at: r.location(m["indexnow_key"]),
                                    hint: "make one with e.g. `uuidgen | tr -d -` and keep it the same from build to build")
            }
        }
        return config
    }

    /// `languages:` in site.yaml: `code`, `name`, optional `tag` and, for all but the first, `prefix`.
    mutating func readLanguages(_ m: YAMLReader.Mapping, reader r: inout YAMLReader) -> [Language]? {
        guard let items = r.sequence(m, "languages", required: false) else { return nil }
        var out: [Language] = []
        for (i, item) in items.enumerated() {
            guard let lm = r.mapping(item, allowed: ["code", "name", "tag", "prefix"], what: "a language of `languages`"),
                  let code = r.string(lm, "code"), let name = r.string(lm, "name") else { continue }
            let codeOK = code.split(separator: "-", omittingEmptySubsequences: false).enumerated().allSatisfy { n, part in
                n == 0 ? (2...3).contains(part.count) && part.allSatisfy { $0.isASCII && $0.isLowercase } : (2...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            }
            guard codeOK else {
                r.diagnostics.error("`code` of a language must be a lower-case language code such as `es` or `pt-br`, found `\(code)`", at: r.location(lm["code"]))
                continue
            }
            if out.contains(where: { $0.code == code }) {
                r.diagnostics.error("language `\(code)` is listed twice", at: r.location(lm["code"]))
                continue
            }
            let tag = r.string(lm, "tag", required: false) ?? code
            if !tag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
                r.diagnostics.error("`tag` must be a language tag such as es-US, found `\(tag)`", at: r.location(lm["tag"]))
            }
            var prefix = ""
            let given = r.string(lm, "prefix", required: false)
            if i == 0 {
                if let given, given != "/" {
                    r.diagnostics.error("the first language is the default: its pages have no prefix, found `\(given)`", at: r.location(lm["prefix"]),
                                        hint: "remove `prefix` from the first language, or list the default language first")
                }
            } else if let given {
                let inner = given.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                if given.hasPrefix("/"), !inner.isEmpty, !inner.hasPrefix("."), Slug.isValid(inner) {
                    prefix = "/" + inner
                } else {
                    r.diagnostics.error("`prefix` must be one path segment of a-z, 0-9 and - between slashes, such as /es/, found `\(given)`", at: r.location(lm["prefix"]))
                }
                if out.contains(where: { $0.prefix == prefix }) { r.diagnostics.error("two languages have the prefix `\(given)`", at: r.location(lm["prefix"])) }
            } else {
                r.diagnostics.error("language `\(code)` needs a `prefix`, such as /\(code)/", at: r.location(item),
                                    hint: "only the first language, the default, has none")
            }
            out.append(Language(code: code, tag: tag, name: name, prefix: prefix))
        }
        if out.isEmpty && !items.isEmpty { return nil }
        if items.isEmpty { r.diagnostics.error("`languages` is empty", at: r.location(m["languages"]), hint: "list at least the default language, or remove the key") }
        return out.isEmpty ? nil : out
    }

    /// `checks:` in site.yaml: thresholds of `appealpress check` and `report`. Every key is optional.
    func readChecks(_ node: Node?, reader r: inout YAMLReader) -> CheckSettings {
        var settings = CheckSettings()
        guard let node, !YAMLReader.isNull(node) else { return settings }
        let keys = ["similarity", "thin_min_words", "thin_min_unique_words", "policy_max_age_days", "offer_warning_days",
                    "title_length", "description_length", "banned_phrases", "readability"]
        guard let m = r.mapping(node, allowed: keys, what: "`checks`") else { return settings }
        if let node = m["readability"], let languages = r.mapping(node, allowed: languageCodes, what: "`readability` in `checks` (one entry per language code)") {
            for code in languages.orderedKeys {
                guard let lm = r.mapping(languages[code], allowed: ["max_grade", "min_score"], what: "`readability.\(code)` in `checks`") else { continue }
                var limit = ReadabilityLimit()
                for key in ["max_grade", "min_score"] {
                    guard let text = r.string(lm, key, required: false) else { continue }
                    guard let value = Double(text), value.isFinite, (-100...250).contains(value) else {
                        r.diagnostics.error("`\(key)` in `readability.\(code)` must be a number, found `\(text)`", at: r.location(lm[key]))
                        continue
                    }
                    if key == "max_grade" { limit.maxGrade = value } else { limit.minScore = value }
                }
                if limit.maxGrade != nil && code != "en" || limit.minScore != nil && code != "es" {
                    r.diagnostics.error("readability for `\(code)`: AppealPress measures English with a Flesch–Kincaid grade (`max_grade`) and Spanish with Fernández-Huerta reading ease (`min_score`)",
                                        at: r.location(languages[code]), hint: code == "es" ? "use `min_score`" : code == "en" ? "use `max_grade`" : "remove this language: no formula for it yet")
                    continue
                }
                settings.readability[code] = limit
            }
        }
        if let text = r.string(m, "similarity", required: false) {
            if let value = Double(text), value > 0, value <= 1 { settings.similarity = value } else {
                r.diagnostics.error("`similarity` in `checks` must be a number above 0 and at most 1, found `\(text)`", at: r.location(m["similarity"]),
                                    hint: "for example 0.9: pages whose main text is 90% the same are reported")
            }
        }
        settings.thinMinWords = r.int(m, "thin_min_words", required: false, range: 0...100_000) ?? settings.thinMinWords
        settings.thinMinUniqueWords = r.int(m, "thin_min_unique_words", required: false, range: 0...100_000) ?? settings.thinMinUniqueWords
        settings.policyMaxAgeDays = r.int(m, "policy_max_age_days", required: false, range: 1...10_000) ?? settings.policyMaxAgeDays
        settings.offerWarningDays = r.int(m, "offer_warning_days", required: false, range: 0...3_650) ?? settings.offerWarningDays
        if let node = m["banned_phrases"], !YAMLReader.isNull(node) {
            if case .sequence(let items) = node, items.isEmpty {
                settings.bannedPhrases = []
            } else if let phrases = r.stringList(node, what: "`banned_phrases` in `checks`") {
                for (phrase, location) in phrases where phrase.allSatisfy(\.isWhitespace) {
                    r.diagnostics.error("an item of `banned_phrases` is empty", at: location)
                }
                settings.bannedPhrases = phrases.map(\.0).filter { !$0.allSatisfy(\.isWhitespace) }
            }
        }
        for key in ["title_length", "description_length"] {
            guard let rangeNode = m[key], !YAMLReader.isNull(rangeNode),
                  let lengths = r.mapping(rangeNode, allowed: ["min", "max"], what: "`\(key)` in `checks`") else { continue }
            let current = key == "title_length" ? settings.titleLength : settings.descriptionLength
            let low = r.int(lengths, "min", required: false, range: 0...1_000) ?? current.lowerBound
            let high = r.int(lengths, "max", required: false, range: 1...1_000) ?? current.upperBound
            guard low <= high else {
                r.diagnostics.error("`min` (\(low)) is above `max` (\(high)) in `\(key)`", at: r.location(rangeNode))
                continue
            }
            if key == "title_length" { settings.titleLength = low...high } else { settings.descriptionLength = low...high }
        }
        return settings
    }

    mutating func loadMatrix() -> Matrix? {
        guard let (reader, node) = yamlRoot("matrix.yaml") else { return nil }
        var r = reader
        defer { diagnostics.append(contentsOf: r.diagnostics) }
        guard let m = r.mapping(node, allowed: ["dimensions", "page", "sections", "thin_section", "exclude"], what: "matrix.yaml") else { return nil }

        var dimensions: [Dimension] = []
        for item in r.sequence(m, "dimensions") ?? [] {
            guard let d = r.mapping(item, allowed: ["key", "folder", "label", "plural", "fields"], what: "a dimension"),
                  let key = r.string(d, "key"), let folder = r.string(d, "folder") else { continue }
            if !Slug.isValid(folder) || ["sections", "policies", "assets"].contains(folder) {
                r.diagnostics.error("dimension folder `\(folder)` must be a slug and not a reserved name (sections, policies, assets)", at: r.location(d["folder"]))
            }
            if !key.allSatisfy({ $0.isASCII && ($0.isLowercase || $0 == "_") }) || ["site", "policies", "offer", "build"].contains(key) {
                r.diagnostics.error("dimension key `\(key)` must be lower-case letters and not one of site, policies, offer, build", at: r.location(d["key"]))
            }
            if dimensions.contains(where: { $0.key == key }) {
                r.diagnostics.error("dimension `\(key)` is declared twice", at: r.location(d["key"]))
            }
            if let other = dimensions.first(where: { $0.folder == folder }) {
                r.diagnostics.error("dimensions `\(other.key)` and `\(key)` both use folder `\(folder)`", at: r.location(d["folder"]),
                                    hint: "each dimension needs its own folder; hub pages live at /<folder>/<slug>/")
            }
            var fields: [String: Bool] = ["name": true]
            var fieldLocations: [String: SourceLocation] = [:]
            if let fieldsNode = d["fields"], let f = r.mapping(fieldsNode, allowed: [], what: "`fields` of dimension \(key)") {
                for field in f.orderedKeys {
                    fieldLocations[field] = r.location(f.keyNodes[field])
                    switch f[field]?.scalar?.string {
                    case "required": fields[field] = true
                    case "optional": fields[field] = field == "name" ? true : false
                    default: r.diagnostics.error("field `\(field)` must be `required` or `optional`", at: r.location(f[field]))
                    }
                    if Entity.reservedKeys.contains(field) || field == "slug" {
                        r.diagnostics.error("`\(field)` is a built-in key and cannot be declared as a field", at: r.location(f.keyNodes[field]))
                    }
                }
            }
            var words: Translations = [:]
            var dimension = Dimension(key: key, folder: folder,
                                      label: r.localized(d, "label", required: false, languages: languageCodes, into: &words) ?? key.capitalized,
                                      plural: r.localized(d, "plural", required: false, languages: languageCodes, into: &words) ?? key.capitalized + "s",
                                      fields: fields, fieldLocations: fieldLocations)
            dimension.localized = words
            dimensions.append(dimension)
        }
        if dimensions.isEmpty {
            r.diagnostics.error("matrix.yaml declares no dimensions", at: r.location(m["dimensions"] ?? m.node))
            return nil
        }

        var patterns: [String: PlaceholderText] = [:]
        var localizedPatterns: [String: [String: PlaceholderText]] = [:]
        if let pageNode = r.requireKey(m, "page"), let p = r.mapping(pageNode, allowed: ["url", "title", "description", "h1"], what: "`page`") {
            for key in ["url", "title", "description", "h1"] {
                let required = key != "h1"
                var words: Translations = [:]
                guard let node = required ? r.requireKey(p, key) : p[key],
                      let text = key == "url" ? r.string(p, key, required: required)
                          : r.localized(p, key, required: required, languages: languageCodes, into: &words) else { continue }
                patterns[key] = PlaceholderText.parse(text, origin: r.location(node), diagnostics: &r.diagnostics)
                for (code, fields) in words.sorted(by: { $0.key < $1.key }) {
                    guard let other = fields[key] else { continue }
                    let at = r.location(node.mapping?.first { $0.key.scalar?.string == code }?.value ?? node)
                    localizedPatterns[code, default: [:]][key] = PlaceholderText.parse(other, origin: at, diagnostics: &r.diagnostics)
                }
            }
        }
        if let url = patterns["url"] {
            checkURLPattern(url, dimensions: dimensions, location: r.location(m["page"]), diagnostics: &r.diagnostics)
        }

        var sections: [SectionSpec] = []
        if let sectionsNode = r.requireKey(m, "sections"), let s = r.mapping(sectionsNode, allowed: [], what: "`sections`") {
            for name in s.orderedKeys {
                let value = s[name]?.scalar?.string
                guard value == "required" || value == "optional" else {
                    r.diagnostics.error("section `\(name)` must be `required` or `optional`", at: r.location(s[name]))
                    continue
                }
                if !name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) {
                    r.diagnostics.error("section name `\(name)` must use lower-case letters, digits and `_`", at: r.location(s.keyNodes[name]))
                }
                sections.append(SectionSpec(name: name, required: value == "required", location: r.location(s.keyNodes[name])))
            }
        }
        let thin = r.string(m, "thin_section", required: false)
        if let thin, !sections.contains(where: { $0.name == thin }) {
            r.diagnostics.error("`thin_section` names `\(thin)`, which is not a section", at: r.location(m["thin_section"]),
                                hint: Suggest.hint(for: thin, in: sections.map(\.name)))
        }

        var exclusions: [Selector] = []
        for item in r.sequence(m, "exclude", required: false) ?? [] {
            if let selector = parseSelector(item, dimensions: dimensions, reader: &r, what: "an exclusion rule") {
                if selector.specificity == 0 {
                    r.diagnostics.error("an empty exclusion rule would remove every page", at: selector.location)
                } else {
                    exclusions.append(selector)
                }
            }
        }
        guard let url = patterns["url"], let title = patterns["title"], let description = patterns["description"] else { return nil }
        var matrix = Matrix(dimensions: dimensions, url: url, title: title, description: description, h1: patterns["h1"] ?? title,
                            sections: sections, thinSection: thin, exclusions: exclusions)
        matrix.localizedPatterns = localizedPatterns
        return matrix
    }

    /// Page URLs may only use slugs (they are already URL-safe) and must name every dimension, or two
    /// cells would share one URL.
    func checkURLPattern(_ url: PlaceholderText, dimensions: [Dimension], location: SourceLocation, diagnostics: inout Diagnostics) {
        var used = Set<String>()
        for p in url.placeholders {
            if p.path.count == 2, p.path[1] == "slug", dimensions.contains(where: { $0.key == p.path[0] }) {
                used.insert(p.path[0])
            } else {
                diagnostics.error("the page URL may only use `{{ <dimension>.slug }}`, found `{{ \(p.name) }}`", at: p.location)
            }
        }
        for d in dimensions where !used.contains(d.key) {
            diagnostics.error("the page URL does not use `{{ \(d.key).slug }}`, so pages would share URLs", at: location,
                              hint: "add /{{ \(d.key).slug }} to `url`")
        }
        for case .text(let text) in url.parts
        where text.contains("..") || text.contains("?") || text.contains("#") || text.contains("\\") || text.contains("//") || text.contains("/./") {
            diagnostics.error("the page URL pattern contains `\(text)`; use plain path segments", at: location)
        }
        // Literal text is written into every canonical and sitemap entry as it stands: only
        // unreserved URL characters and `/`, no percent escapes (`%2e%2e` is `..`), no hidden segment.
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~/".unicodeScalars)
        for case .text(let text) in url.parts {
            if let bad = text.unicodeScalars.first(where: { !allowed.contains($0) }) {
                let shown = bad.value < 0x20 || bad.value == 0x7F ? String(format: "U+%04X", bad.value) : String(bad)
                diagnostics.error("the page URL pattern contains `\(shown)`; use letters, digits, `-`, `_`, `.`, `~` and `/` around the placeholders",
                                  at: location, hint: "a URL's text is written into canonicals and sitemaps as it stands")
                break
            }
            if text.contains("/.") {
                diagnostics.error("the page URL pattern makes a hidden folder (`\(text)`)", at: location, hint: "start no path segment with `.`")
            }
        }
        if case .text(let first)? = url.parts.first, first.hasPrefix("/") {} else {
            diagnostics.error("the page URL must start with `/`", at: location)
        }
    }

    /// `for:` / exclusion selectors: `{ payer: medicare, procedure: [a, b] }`.
    mutating func parseSelector(_ node: Node?, dimensions: [Dimension], reader r: inout YAMLReader, what: String) -> Selector? {
        var allowed: [Set<String>?] = Array(repeating: nil, count: dimensions.count)
        guard let node, !YAMLReader.isNull(node) else { return Selector(allowed: allowed, location: r.location(node)) }
        guard let m = r.mapping(node, allowed: dimensions.map(\.key), what: what) else { return nil }
        for key in m.orderedKeys {
            let index = dimensions.firstIndex { $0.key == key }!
            let values = r.stringList(m[key]!, what: "`\(key)` in \(what)") ?? []
            if values.isEmpty { r.diagnostics.error("`\(key)` in \(what) lists no values", at: r.location(m[key])) }
            for (slug, location) in values { selectorReferences.append((index, slug, location)) }
            allowed[index] = Set(values.map(\.0))
        }
        return Selector(allowed: allowed, location: r.location(node))
    }
}

extension Entity {
    /// Front-matter keys every entity understands, besides the fields its dimension declares.
    static let reservedKeys = ["policies", "criteria", "sources"]
}

/// Foundation has a `Dimension` (units of measure); in this module the word means a matrix dimension.
typealias Dimension = AppealModel.Dimension
