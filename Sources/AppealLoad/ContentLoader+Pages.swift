import AppealModel
import Foundation

extension ContentLoader {
    /// `pages/*.md`, when the folder exists: standalone pages such as About or Privacy. Each has front
    /// matter (`title`, `description`, optional `url`, `menu`, `menu_label`, `order`) and a Markdown
    /// body that may use site-wide placeholders.
    mutating func loadPages() -> [StandalonePage] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path("pages"), isDirectory: &isDirectory), isDirectory.boolValue else { return [] }
        var pages: [StandalonePage] = []
        for relative in files(in: "pages", ext: "md") {
            if let page = memoized("page:" + relative, files: [relative], { $0.loadPage(relative) }) {
                pages.append(page)
            } else {
                // Its own errors say what is wrong; a review of it is not one more (see `reviewBook`).
                unreadable["pages", default: [:]][relative] = relative
            }
        }
        return pages.sorted { ($0.order, $0.slug) < ($1.order, $1.slug) }
    }

    mutating func loadPage(_ relative: String) -> StandalonePage? {
        let file = path(relative)
        let slug = String((relative.split(separator: "/").last ?? "").dropLast(3))
        let first = SourceLocation(file: file, line: 1, column: 1)
        guard Slug.isValid(slug) else {
            diagnostics.error("`\(slug)` is not a valid slug: use a-z, 0-9 and -", at: first, hint: "rename the file to \(Slug.suggestion(for: slug)).md")
            return nil
        }
        guard let source = contentFile(file) else { return nil }
        let split = source.splitFrontMatter(diagnostics: &diagnostics)
        guard let yaml = split.frontMatter else {
            diagnostics.error("page has no front matter", at: first,
                              hint: "start the file with `---`, `title: …`, `description: …`, an optional `url: /\(slug)/` and `menu: footer`, and `---`")
            return nil
        }
        var r = YAMLReader(file: file, lineOffset: split.frontMatterLineOffset)
        defer { diagnostics.append(contentsOf: r.diagnostics) }
        guard let node = r.parse(yaml),
              let m = r.mapping(node, allowed: ["title", "description", "url", "menu", "menu_label", "order"], what: "the front matter of a page"),
              let title = r.string(m, "title"), let description = r.string(m, "description") else { return nil }
        var sitePath = "/\(slug)/"
        var pathLocation = first
        if let url = r.string(m, "url", required: false) {
            pathLocation = r.location(m["url"])
            guard Self.isPagePath(url) else {
                r.diagnostics.error("`url` of a page must be a site path such as /\(slug)/: slugs (a-z, 0-9, -) between slashes, found `\(url)`",
                                    at: pathLocation, hint: "write it without the host, starting and ending with `/`; `/` is the home page")
                return nil
            }
            sitePath = url
        }
        var menu = StandalonePage.Menu.none
        if let text = r.string(m, "menu", required: false) {
            guard let known = StandalonePage.Menu(rawValue: text) else {
                r.diagnostics.error("`menu` must be one of header, footer, none; found `\(text)`", at: r.location(m["menu"]),
                                    hint: Suggest.hint(for: text, in: StandalonePage.Menu.allCases.map(\.rawValue)))
                return nil
            }
            menu = known
        }
        let label = r.string(m, "menu_label", required: false) ?? title
        let order = r.int(m, "order", required: false, range: -1000...1000) ?? 0
        noteInput(relative, text: source.text)
        let bodyStart = SourceLocation(file: file, line: split.bodyLine, column: 1)
        scanMarkdown(split.body, from: bodyStart)
        if scanner != nil && split.body.allSatisfy(\.isWhitespace) {
            textMarks.append(TextMark(kind: .unfinished, text: "", location: SourceLocation(file: file, line: max(1, split.bodyLine - 1), column: 1)))
        }
        let body = PlaceholderText.parse(split.body, origin: bodyStart, diagnostics: &r.diagnostics)
        var page = StandalonePage(slug: slug, title: title, description: description, path: sitePath, menu: menu, menuLabel: label,
                                  order: order, body: body, location: first, pathLocation: pathLocation)
        page.sourceHash = ContentHash(source.text.utf8)
        return page
    }

    /// `/about/`, `/legal/privacy/`: slug segments between slashes, never the home page itself.
    static func isPagePath(_ text: String) -> Bool {
        guard text.count > 2, text.hasPrefix("/"), text.hasSuffix("/") else { return false }
        return text.dropFirst().dropLast().split(separator: "/", omittingEmptySubsequences: false).allSatisfy { Slug.isValid(String($0)) }
    }
}
