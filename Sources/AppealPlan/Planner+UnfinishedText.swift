import AppealModel

extension Planner {
    /// How far one file's text reaches: indexable pages (cells and hubs) and pages built noindex.
    struct Reach {
        var indexable = 0
        var noindex = 0
        var examples: [String] = []
        var noindexExamples: [String] = []
    }

    /// Unfinished text (TODO, TK, FIXME, lorem ipsum, empty fragments, example.org links) and banned
    /// phrases are errors where they would reach an indexable page, warnings where every page they
    /// reach is noindex, so a draft can be previewed but not published.
    mutating func checkUnfinishedText(_ cells: [Cell], hubPaths: [[String]], ladders lists: [[String]], pages: [Bool] = []) {
        guard !site.textMarks.isEmpty else { return }
        let marked = Set(site.textMarks.map(\.location.file))
        var reach: [String: Reach] = [:]
        func note(_ file: String, _ path: String, indexable: Bool) {
            guard marked.contains(file) else { return }
            var r = reach[file] ?? Reach()
            if indexable {
                r.indexable += 1
                if r.examples.count < 3 { r.examples.append(path) }
            } else {
                r.noindex += 1
                if r.noindexExamples.count < 3 { r.noindexExamples.append(path) }
            }
            reach[file] = r
        }
        var hasPage = site.entities.map { [Bool](repeating: false, count: $0.count) }
        for cell in cells {
            let indexable = cell.isIndexable(under: site.config)
            var files = [site.offers.location.file]
            for (d, e) in cell.values.enumerated() {
                hasPage[d][e] = true
                files.append(site.entities[d][e].location.file)
            }
            for case let f? in cell.fragments { files.append(site.fragments[f].location.file) }
            for slug in SitePlan.policiesShown(on: cell, lists: lists) { if let p = site.policies[slug] { files.append(p.location.file) } }
            var seen = Set<String>()
            for file in files where seen.insert(file).inserted { note(file, cell.path, indexable: indexable) }
        }
        // Hub pages are always indexable: they show their value's file and the ladders of their
        // pages that their value brings.
        var hubLadders = site.entities.map { [Set<Int>](repeating: [], count: $0.count) }
        for cell in cells { for (d, e) in cell.values.enumerated() { hubLadders[d][e].insert(cell.ladders) } }
        for (d, list) in site.entities.enumerated() {
            for (e, entity) in list.enumerated() where hasPage[d][e] {
                note(entity.location.file, hubPaths[d][e], indexable: true)
                for (l, language) in site.config.languages.enumerated() where l > 0 {
                    if let file = entity.localizedBodyFiles[language.code] { note(file, language.path(hubPaths[d][e]), indexable: true) }
                }
                let slugs = Set(hubLadders[d][e].flatMap { lists[$0] }).filter { SitePlan.brings(site, dimension: d, entity: e, $0) }
                for slug in slugs.sorted() { if let p = site.policies[slug] { note(p.location.file, hubPaths[d][e], indexable: true) } }
            }
        }
        for (i, page) in site.pages.enumerated() { note(page.location.file, page.path, indexable: i < pages.count ? pages[i] : true) }
        for mark in site.textMarks {
            guard let r = reach[mark.location.file] else { continue }
            let (what, hint) = Self.describe(mark)
            if r.indexable > 0 {
                diagnostics.error("\(what) would reach \(r.indexable) indexable page\(r.indexable == 1 ? "" : "s"), e.g. \(r.examples.joined(separator: ", "))",
                                  at: mark.location, hint: hint)
            } else {
                diagnostics.warning("\(what) is on \(r.noindex) page\(r.noindex == 1 ? "" : "s") built noindex, e.g. \(r.noindexExamples.joined(separator: ", ")); it becomes an error once they can be indexed",
                                    at: mark.location, hint: hint)
            }
        }
    }

    static func describe(_ mark: TextMark) -> (String, String) {
        switch mark.kind {
        case .unfinished where mark.text.isEmpty:
            return ("this fragment has no text", "write its text, or delete the file")
        case .unfinished:
            return ("unfinished text `\(mark.text)`", "replace it with the final text; nothing marked TODO, TK or FIXME (or lorem ipsum) may be published")
        case .exampleLink:
            return ("stand-in address `\(mark.text)`", "example.org, example.com and example.net are placeholders, not sources: put the official page's real URL here")
        case .bannedPhrase:
            return ("banned phrase “\(mark.text)”", "no appeal guide can promise an outcome: reword it (the list is `checks.banned_phrases` in site.yaml)")
        }
    }
}
