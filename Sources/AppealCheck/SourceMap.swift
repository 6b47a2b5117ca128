import AppealModel
import AppealPlan
import AppealRender
import Foundation

/// Answers "which file made this part of the page?", so findings name what an editor or theme author
/// changes rather than an output file: the fragment or entity file a link was written in, or the
/// theme template a tag comes from.
struct SourceMap: Sendable {
    /// Per fragment: links written in it (as they appear in the page, entity-decoded) and where.
    let fragmentLinks: [[String: SourceLocation]]
    /// Per fragment: problems of its own HTML (only possible with `raw_html: true`).
    let fragmentProblems: [[HTMLProblem]]
    /// Per dimension and entity: links in the entity's Markdown body, and problems of its HTML.
    let entityLinks: [[[String: SourceLocation]]]
    let entityProblems: [[[HTMLProblem]]]
    let themeRoot: String
    /// Template files (relative to the theme) and their lines, to find where a tag is written.
    let templates: [(file: String, lines: [String])]
    /// Steps taken to locate links in their sources: linear in the text and the links (a test reads it).
    let locateWork: Int

    /// Reads what rendering made: each fragment's HTML from the renderer's cache (converted once a
    /// build, shared with the pages), each entity body's HTML, and the theme's template text as it
    /// was loaded. Nothing goes through cmark again and nothing is read from disk.
    init(renderer: SiteRenderer) {
        let plan = renderer.plan
        let scanner = HTMLScanner(fragment: true)
        var work = 0
        var links: [[String: SourceLocation]] = []
        var problems: [[HTMLProblem]] = []
        for (f, fragment) in plan.site.fragments.enumerated() {
            let html = renderer.fragmentHTML(f)
            // Placeholder values become a private-use marker, so a link built from a value is not
            // mistaken for one the editor typed.
            let text = html.parts.map { part -> String in
                if case .html(let s) = part { return s }
                return "\u{E000}"
            }.joined()
            let scan = scanner.scan(text)
            let urls = scan.links.map(\.url).filter { !$0.contains("\u{E000}") }
            // All of a fragment's links located in one pass over its text, however many it has.
            var found = Self.locate(urls, in: fragment.body, work: &work)
            for url in urls where found[url] == nil { found[url] = fragment.location }
            links.append(found)
            problems.append(scan.problems)
        }
        fragmentLinks = links
        fragmentProblems = problems
        var eLinks: [[[String: SourceLocation]]] = []
        var eProblems: [[[HTMLProblem]]] = []
        for (d, list) in plan.site.entities.enumerated() {
            var l: [[String: SourceLocation]] = [], p: [[HTMLProblem]] = []
            for (e, entity) in list.enumerated() {
                let html = renderer.bodyHTML(dimension: d, entity: e)
                guard !html.isEmpty else { l.append([:]); p.append([]); continue }
                let scan = scanner.scan(html)
                let urls = scan.links.map(\.url)
                let body = PlaceholderText(parts: [.text(entity.body)], origin: entity.bodyOrigin)
                var found = Self.locate(urls, in: body, work: &work)
                for url in urls where found[url] == nil { found[url] = entity.location }
                l.append(found)
                p.append(scan.problems)
            }
            eLinks.append(l)
            eProblems.append(p)
        }
        entityLinks = eLinks
        entityProblems = eProblems
        themeRoot = renderer.theme.root
        templates = renderer.theme.templateSources.map { ($0.file, $0.text.components(separatedBy: "\n")) }
        locateWork = work
    }

    /// The template file that renders a kind of page.
    func template(for kind: OutputKind) -> String {
        switch kind {
        case .cell: return "templates/page.mustache"
        case .hub: return "templates/hub.mustache"
        case .home: return "templates/home.mustache"
        case .notFound: return "templates/404.mustache"
        case .dimensionIndex: return "templates/index.mustache"
        case .pairHub: return "templates/guide.mustache"
        case .standalone: return "templates/standalone.mustache"
        default: return "templates"
        }
    }

    /// The first line of the page's template, or else of any partial, that contains `needle`; else the template itself.
    func theme(_ kind: OutputKind, containing needle: String? = nil) -> SourceLocation {
        let main = template(for: kind)
        guard let needle else { return SourceLocation(file: themeRoot + "/" + main) }
        let ordered = templates.filter { $0.file == main } + templates.filter { $0.file.contains("/partials/") }
        for (file, lines) in ordered {
            if let n = lines.firstIndex(where: { $0.contains(needle) }) {
                let column = lines[n].range(of: needle).map { lines[n].distance(from: lines[n].startIndex, to: $0.lowerBound) + 1 } ?? 1
                return SourceLocation(file: themeRoot + "/" + file, line: n + 1, column: column)
            }
        }
        return SourceLocation(file: themeRoot + "/" + main)
    }
}
