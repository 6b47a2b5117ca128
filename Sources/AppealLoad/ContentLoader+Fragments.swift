import AppealModel
import Foundation

extension ContentLoader {
    /// Loads every fragment, on all cores: a large site has one file per cell article. Results and
    /// diagnostics are merged in file order, so output and messages do not depend on timing.
    mutating func loadFragments(matrix: Matrix) -> [Fragment] {
        let files = files(in: "sections", ext: "md", recursive: true)
        let results = Locked<[(Fragment?, ContentLoader)?]>(Array(repeating: nil, count: files.count))
        let root = self.root, recorded = recordedFiles, scanner = self.scanner
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            var local = ContentLoader(root: root)
            local.recordedFiles = recorded
            local.scanner = scanner
            let fragment = local.loadFragment(files[i], matrix: matrix)
            results.withValue { $0[i] = (fragment, local) }
        }
        var fragments: [Fragment] = []
        for case let (fragment, local)? in results.current {
            diagnostics.append(contentsOf: local.diagnostics)
            selectorReferences += local.selectorReferences
            inputs.formUnion(local.inputs)
            digests.merge(local.digests) { a, _ in a }
            textMarks += local.textMarks
            if let fragment { fragments.append(fragment) }
        }
        return fragments
    }

    mutating func loadFragment(_ relative: String, matrix: Matrix) -> Fragment? {
        let file = path(relative)
        guard let source = SourceFile.read(file, diagnostics: &diagnostics) else { return nil }
        let split = source.splitFrontMatter(diagnostics: &diagnostics)
        guard let yaml = split.frontMatter else {
            diagnostics.error("section fragment has no front matter", at: SourceLocation(file: file, line: 1, column: 1),
                              hint: "start the file with `---`, `section: <name>`, an optional `for: { … }`, and `---`")
            return nil
        }
        var r = YAMLReader(file: file, lineOffset: split.frontMatterLineOffset)
        defer { diagnostics.append(contentsOf: r.diagnostics) }
        guard let node = r.parse(yaml), let m = r.mapping(node, allowed: ["section", "for", "updated"], what: "the front matter of a fragment"),
              let section = r.string(m, "section") else { return nil }
        if !matrix.sections.contains(where: { $0.name == section }) {
            r.diagnostics.error("unknown section `\(section)`", at: r.location(m["section"]),
                                hint: Suggest.hint(for: section, in: matrix.sections.map(\.name)) + " (sections are declared in matrix.yaml)")
            return nil
        }
        guard let selector = parseSelector(m["for"], dimensions: matrix.dimensions, reader: &r, what: "`for`") else { return nil }
        let updated = r.day(m, "updated", required: false)
        noteInput(relative, text: source.text)
        let bodyStart = SourceLocation(file: file, line: split.bodyLine, column: 1)
        scanMarkdown(split.body, from: bodyStart)
        if scanner != nil && split.body.allSatisfy(\.isWhitespace) {
            // An empty body fills its section with nothing: as unfinished as a TODO.
            textMarks.append(TextMark(kind: .unfinished, text: "", location: SourceLocation(file: file, line: max(1, split.bodyLine - 1), column: 1)))
        }
        let body = PlaceholderText.parse(split.body, origin: SourceLocation(file: file, line: split.bodyLine, column: 1), diagnostics: &r.diagnostics)
        var fragment = Fragment(section: section, selector: selector, body: body, updated: updated,
                                location: SourceLocation(file: file, line: 1, column: 1))
        fragment.sourceHash = ContentHash(source.text.utf8)
        return fragment
    }

    /// Cross-file references: slugs in selectors, policies named by entities.
    mutating func checkReferences(_ site: Site) {
        let slugs = site.entities.map { Set($0.map(\.slug)) }
        var told: Set<String> = []
        for ref in selectorReferences where !slugs[ref.dimension].contains(ref.slug) {
            let d = site.matrix.dimensions[ref.dimension]
            if let file = unreadable[d.key]?[ref.slug] {
                tellUnreadable(d.key, ref.slug, file: file, at: ref.location, told: &told, count: selectorReferences.count { $0.dimension == ref.dimension && $0.slug == ref.slug })
                continue
            }
            diagnostics.error("unknown \(d.key) `\(ref.slug)`", at: ref.location,
                              hint: Suggest.hint(for: ref.slug, in: slugs[ref.dimension].sorted()) + " (files in \(d.folder)/)")
        }
        for (i, dimension) in site.matrix.dimensions.enumerated() {
            for entity in site.entities[i] {
                for policy in entity.policies where site.policies[policy] == nil {
                    if let file = unreadable["policies"]?[policy] {
                        tellUnreadable("policy", policy, file: file, at: entity.location, told: &told, count: 1)
                        continue
                    }
                    diagnostics.error("\(dimension.key) `\(entity.slug)` lists policy `\(policy)`, which does not exist", at: entity.location,
                                      hint: Suggest.hint(for: policy, in: site.policies.keys.sorted()) + " (files in policies/)")
                }
            }
        }
    }

    /// One error per file that failed to load, at the first place that names it: the file's own
    /// errors are the cause, and every reference to it would repeat them as "unknown".
    mutating func tellUnreadable(_ kind: String, _ slug: String, file: String, at location: SourceLocation, told: inout Set<String>, count: Int) {
        guard told.insert(file).inserted else { return }
        diagnostics.error("\(kind) `\(slug)` could not be read, see above (\(path(file)))", at: location,
                          hint: "fix the error in \(path(file)) first" + (count > 1 ? "; the other \(count - 1) references to it are not checked until then" : ""))
    }
}
