import AppealLoad
import AppealModel
import Foundation

/// What `appealpress new` was asked to create.
public struct ScaffoldRequest: Sendable {
    /// A dimension key or folder (`procedure`, `payers`, …), `policy` or `section`.
    public var kind: String
    /// The new file's slug; for a section it may name sub-folders of `sections/` (`angles/cgm--aetna`).
    public var slug: String
    /// Display name for an entity or policy; derived from the slug when missing.
    public var name: String?
    /// For a section: the section it fills. Default: the matrix's `thin_section`.
    public var section: String?
    /// For a section: `dimension=slug[,slug…]` selectors for its `for:`.
    public var selectors: [String]
    /// Written as `reviewed:` in a new policy, marked as still to check.
    public var today: Day

    public init(kind: String, slug: String, name: String? = nil, section: String? = nil, selectors: [String] = [], today: Day) {
        self.kind = kind
        self.slug = slug
        self.name = name
        self.section = section
        self.selectors = selectors
        self.today = today
    }
}

/// Why a file was not created. `isUsage` tells a mistake on the command line (exit 64) from a refusal
/// because of the content (exit 1: the file exists, or the site cannot be read).
public struct ScaffoldError: Error, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var isUsage: Bool

    static func usage(_ message: String, hint: String? = nil) -> ScaffoldError {
        ScaffoldError(diagnostics: [.error(message, at: nil, hint: hint)], isUsage: true)
    }

    static func refused(_ message: String, at file: String?, hint: String? = nil) -> ScaffoldError {
        ScaffoldError(diagnostics: [.error(message, at: file.map { SourceLocation(file: $0) }, hint: hint)], isUsage: false)
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// A file `appealpress new` is about to write: where, and what.
public struct ScaffoldFile: Sendable {
    /// Path as the user named the content folder: `Content/procedures/lumbar-fusion.md`.
    public var path: String
    public var text: String
    /// One line for the terminal: what the file is and what to do next.
    public var summary: String
    /// Commands for what the site will also need, such as a fragment for a required section that no
    /// existing fragment covers for the new value.
    public var nextSteps: [String] = []
}

/// Creates content files with the right front matter and a comment on every key, so an editor can
/// start from a file that already loads.
public enum Scaffold {
    /// Works out the new file without writing it.
    public static func file(for request: ScaffoldRequest, content root: String) throws(ScaffoldError) -> ScaffoldFile {
        let root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
        let matrix: Matrix
        do { matrix = try ContentLoader.loadMatrix(from: root) } catch {
            var failure = ScaffoldError(diagnostics: error.diagnostics, isUsage: false)
            failure.diagnostics.append(.error("cannot read the matrix, so the new file's keys are unknown", at: SourceLocation(file: root + "/matrix.yaml"),
                                              hint: "fix matrix.yaml first, or pass --content with the folder that holds it"))
            throw failure
        }
        let kinds = matrix.dimensions.map(\.key) + ["policy", "section"]
        let segments = request.slug.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let isSection = request.kind == "section" || request.kind == "sections"
        for segment in segments where !Slug.isValid(segment) || (!isSection && segments.count > 1) {
            throw .usage("`\(request.slug)` is not a valid slug: use a-z, 0-9 and - (it becomes a URL and a file name)",
                         hint: "for example `\(Slug.suggestion(for: request.slug.replacingOccurrences(of: "/", with: "-")))`")
        }
        if let name = request.name, name.allSatisfy(\.isWhitespace) || name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .usage("--name must be one line of text")
        }

        let text: String, relative: String, summary: String
        var nextSteps: [String] = []
        if let d = matrix.dimensions.firstIndex(where: { $0.key == request.kind || $0.folder == request.kind }) {
            let dimension = matrix.dimensions[d]
            if matrix.leadingURLSegment == .dimension(d),
               let language = ContentLoader.loadLanguages(from: root).dropFirst().first(where: { $0.prefixSegment == request.slug }) {
                throw .usage("`\(request.slug)` is the prefix \(language.prefix)/ of \(language.name) (`\(language.code)`) in site.yaml: this \(dimension.key)'s English pages would be written under \(language.prefix)/",
                             hint: "choose another slug, such as `\(request.slug)-\(dimension.key)`")
            }
            relative = dimension.folder + "/" + request.slug + ".md"
            let used = fieldsFragmentsUse(dimension: d, matrix: matrix, root: root)
            text = ScaffoldTemplates.entity(dimension, slug: request.slug, name: request.name ?? displayName(request.slug),
                                            keepCase: request.name != nil,
                                            fieldNotes: fieldNotes(matrixText: read(root + "/matrix.yaml"), dimension: dimension.key),
                                            policies: slugs(in: root + "/policies", ext: "yaml"), used: used)
            summary = "a new \(dimension.label.lowercased()); its pages appear with the next build. Check the fields marked `check`."
                + (used.isEmpty ? "" : " Fill in the TODO fields: the site's fragments show them on its pages.")
            nextSteps = uncoveredSections(dimension: d, slug: request.slug, matrix: matrix, root: root)
                + ladderStep(dimension: d, slug: request.slug, matrix: matrix, root: root)
        } else if request.kind == "policy" || request.kind == "policies" {
            relative = "policies/" + request.slug + ".yaml"
            text = ScaffoldTemplates.policy(slug: request.slug, name: request.name ?? displayName(request.slug), today: request.today)
            summary = "a new appeal ladder. Replace every TODO from the official source, then list it under `policies:` of a payer, or give it a `for:`."
        } else if isSection {
            let section = try sectionName(request.section, matrix: matrix)
            let selectors = try parseSelectors(request.selectors, matrix: matrix, root: root)
            relative = "sections/" + request.slug + ".md"
            try refuseExisting(root + "/" + relative)
            try refuseDuplicate(section: section, selectors: selectors, matrix: matrix, root: root)
            text = ScaffoldTemplates.section(section, selectors: selectors, matrix: matrix)
            let pages = selectors.isEmpty ? "every page (the site-wide default)"
                : "pages with " + selectors.map { "\($0.key) \($0.slugs.joined(separator: " or "))" }.joined(separator: " and ")
            summary = "fills section `\(section)` on \(pages). Replace the TODO text."
        } else {
            throw .usage("unknown kind `\(request.kind)`", hint: Suggest.hint(for: request.kind, in: kinds) + " (dimensions come from matrix.yaml)")
        }
        let path = root + "/" + relative
        try refuseExisting(path)
        if let d = matrix.dimensions.firstIndex(where: { $0.key == request.kind || $0.folder == request.kind }),
           let (site, _) = try? ContentLoader.load(from: root),
           let row = site.entities[d].first(where: { $0.slug == request.slug }) {
            throw .refused("\(matrix.dimensions[d].key) `\(request.slug)` already exists at \(row.location); `new` never defines a value twice",
                           at: row.location.file, hint: "edit that row, or choose another name")
        }
        return ScaffoldFile(path: path, text: text, summary: summary, nextSteps: nextSteps)
    }

    /// Required sections whose every fragment names values of dimension `d`: none of them will fill
    /// a page of the new value, so the build would fail until a fragment does. Each comes with the
    /// command that creates one. Skipped when the site does not load.
    static func uncoveredSections(dimension d: Int, slug: String, matrix: Matrix, root: String) -> [String] {
        guard let (site, _) = try? ContentLoader.load(from: root) else { return [] }
        let key = matrix.dimensions[d].key
        return matrix.sections.filter(\.required).compactMap { spec in
            let covers = site.fragments.contains { $0.section == spec.name && $0.selector.allowed[d] == nil }
            guard !covers else { return nil }
            let folder = spec.name.replacingOccurrences(of: "_", with: "-")
            return "required section `\(spec.name)` has no fragment for a new \(key) yet: "
                + "appealpress new section \(folder)/\(slug) --section \(spec.name) --for \(key)=\(slug)"
        }
    }

    /// Optional fields (and `criteria`, as `criteria_source` and the like) that fragments which can
    /// land on a new value's pages use: a new value must have them, or the build stops.
    static func fieldsFragmentsUse(dimension d: Int, matrix: Matrix, root: String) -> ScaffoldTemplates.UsedFields {
        guard let (site, _) = try? ContentLoader.load(from: root) else { return ScaffoldTemplates.UsedFields() }
        let key = matrix.dimensions[d].key
        var used = ScaffoldTemplates.UsedFields()
        for fragment in site.fragments where fragment.selector.allowed[d] == nil {
            for p in fragment.body.placeholders where p.path.count == 2 && p.path[0] == key {
                let field = p.path[1]
                let place = fragment.location.file
                if field.hasPrefix("criteria_") {
                    let part = String(field.dropFirst(9))
                    used.criteria[part] = used.criteria[part] ?? place
                } else if matrix.dimensions[d].fields[field] == false {
                    used.optional[field] = used.optional[field] ?? place
                }
            }
        }
        return used
    }

    /// Every page needs an appeal ladder. A new value gets one from the other dimensions' `policies:`
    /// lists or from a policy's `for:` that does not name this dimension; otherwise it must list one.
    static func ladderStep(dimension d: Int, slug: String, matrix: Matrix, root: String) -> [String] {
        guard let (site, _) = try? ContentLoader.load(from: root) else { return [] }
        let fromOthers = site.entities.indices.contains { $0 != d && site.entities[$0].contains { !$0.policies.isEmpty } }
        let fromRules = site.policies.values.contains { $0.includes.contains { $0.allowed[d] == nil } }
        guard !fromOthers && !fromRules else { return [] }
        let folder = matrix.dimensions[d].folder
        return ["its pages show no appeal ladder yet, and the build stops until they do: list one under `policies:` in "
                + "\(folder)/\(slug).md (\(site.policies.keys.sorted().joined(separator: ", "))), or add `\(matrix.dimensions[d].key): \(slug)` to a policy's `for:`"]
    }

    /// A dimension's slugs: its Markdown files and the rows of its spreadsheet (when the site loads).
    static func values(of dimension: AppealModel.Dimension, root: String) -> [String] {
        var known = Set(slugs(in: root + "/" + dimension.folder, ext: "md"))
        if let (site, _) = try? ContentLoader.load(from: root), let d = site.matrix.dimensions.firstIndex(where: { $0.key == dimension.key }) {
            known.formUnion(site.entities[d].map(\.slug))
        }
        return known.sorted()
    }

    static func refuseExisting(_ path: String) throws(ScaffoldError) {
        if FileManager.default.fileExists(atPath: path) {
            throw .refused("already exists; `new` never overwrites a file", at: path, hint: "edit it, or choose another name")
        }
    }

    /// Writes the file, creating its folder; fails rather than replace a file that appeared meanwhile.
    public static func write(_ file: ScaffoldFile) throws(ScaffoldError) {
        let url = URL(fileURLWithPath: file.path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.text.utf8).write(to: url, options: .withoutOverwriting)
        } catch {
            throw .refused("cannot create \(file.path): \(error.localizedDescription)", at: file.path)
        }
    }

    /// `lumbar-fusion` → `Lumbar fusion`.
    static func displayName(_ slug: String) -> String {
        let words = (slug.split(separator: "/").last.map(String.init) ?? slug).replacingOccurrences(of: "-", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    static func read(_ path: String) -> String {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    static func slugs(in folder: String, ext: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix("." + ext) && !$0.hasPrefix(".") }.map { String($0.dropLast(ext.count + 1)) }.sorted()
    }

    /// The comments matrix.yaml puts after each field of a dimension (`name: required  # Title Case …`),
    /// so the new file explains its fields in the site's own words. Missing comments are fine.
    static func fieldNotes(matrixText: String, dimension key: String) -> [String: String] {
        var notes: [String: String] = [:]
        var inside = false
        for line in matrixText.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("- key:") {
                inside = trimmed.dropFirst(6).trimmingCharacters(in: .whitespaces) == key
                continue
            }
            if !line.hasPrefix(" ") && !line.hasPrefix("-") && !line.isEmpty && !line.hasPrefix("#") { inside = false }
            guard inside, let match = line.wholeMatch(of: /\s+([a-z_][a-z0-9_]*):\s*(?:required|optional)\s*#\s*(.+)/) else { continue }
            notes[String(match.1)] = String(match.2)
        }
        return notes
    }

    static func sectionName(_ given: String?, matrix: Matrix) throws(ScaffoldError) -> String {
        let names = matrix.sections.map(\.name)
        guard let name = given ?? matrix.thinSection else {
            throw .usage("name the section this fragment fills with --section", hint: "one of " + names.map { "`\($0)`" }.joined(separator: ", "))
        }
        guard names.contains(name) else {
            throw .usage("unknown section `\(name)`", hint: Suggest.hint(for: name, in: names) + " (sections are declared in matrix.yaml)")
        }
        return name
    }

    struct SelectorPart { var key: String; var slugs: [String] }

    /// `payer=aetna,cigna` → payer: [aetna, cigna], each value checked against the files of its dimension.
    static func parseSelectors(_ texts: [String], matrix: Matrix, root: String) throws(ScaffoldError) -> [SelectorPart] {
        var parts: [SelectorPart] = []
        for text in texts {
            let pieces = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard pieces.count == 2, !pieces[1].isEmpty else {
                throw .usage("--for `\(text)` must look like dimension=slug or dimension=slug,slug", hint: "for example --for payer=medicare")
            }
            guard let dimension = matrix.dimensions.first(where: { $0.key == pieces[0] }) else {
                throw .usage("unknown dimension `\(pieces[0])` in --for", hint: Suggest.hint(for: pieces[0], in: matrix.dimensions.map(\.key)))
            }
            if parts.contains(where: { $0.key == dimension.key }) {
                throw .usage("--for names `\(dimension.key)` twice", hint: "list several values in one: --for \(dimension.key)=a,b")
            }
            let known = values(of: dimension, root: root)
            let values = pieces[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            for value in values where !known.contains(value) {
                throw .usage("unknown \(dimension.key) `\(value)` in --for", hint: Suggest.hint(for: value, in: known) + " (files in \(dimension.folder)/)")
            }
            parts.append(SelectorPart(key: dimension.key, slugs: values))
        }
        // matrix.yaml order, as editors read `for:` lines elsewhere.
        return matrix.dimensions.compactMap { d in parts.first { $0.key == d.key } }
    }

    /// Two fragments with the same section and the same `for:` are an error at build time; say so now,
    /// naming the file to edit instead. Skipped when the site does not load (check reports that).
    static func refuseDuplicate(section: String, selectors: [SelectorPart], matrix: Matrix, root: String) throws(ScaffoldError) {
        guard let (site, _) = try? ContentLoader.load(from: root) else { return }
        let wanted: [Set<String>?] = matrix.dimensions.map { d in selectors.first { $0.key == d.key }.map { Set($0.slugs) } }
        if let twin = site.fragments.first(where: { $0.section == section && $0.selector.allowed == wanted }) {
            throw .refused("\(twin.location.file) already fills section `\(section)` for the same pages", at: twin.location.file,
                           hint: "edit that file, or narrow the new one with --for")
        }
    }
}
