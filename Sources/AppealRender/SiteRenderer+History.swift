import AppealModel
import AppealPlan

extension SiteRenderer {
    /// Site paths the sitemap lists, in order: homes, hubs, indexable cells.
    func sitemapPaths() -> [String] {
        var paths: [String] = []
        forEachSitemapEntry(history: nil) { paths.append($0.path) }
        return paths
    }

    /// `xhtml:link` alternates of a page whose versions are at `versions` (language, site path):
    /// every version and an `x-default`, when there is more than one.
    func alternates(_ versions: [(language: Int, path: String)]) -> [(hreflang: String, url: String)] {
        guard versions.count > 1 else { return [] }
        var out = versions.map { (hreflang: site.config.languages[$0.language].code, url: base.absolute($0.path)) }
        if let first = versions.first(where: { $0.language == 0 }) { out.append((hreflang: "x-default", url: base.absolute(first.path))) }
        return out
    }

    /// The sitemap's entries. With a history, each page's `lastmod` is the day its content last
    /// changed; without one, the newest review or update date of what a cell shows. Each entry
    /// names its versions in the other languages.
    func sitemapEntries(history: SiteHistory?) -> [Sitemap.Entry] {
        var entries: [Sitemap.Entry] = []
        entries.reserveCapacity(plan.cells.count + 64)
        forEachSitemapEntry(history: history) { entries.append($0) }
        return entries
    }

    /// `sitemapEntries`, one entry at a time: a sitemap file is made from the entries it lists
    /// without holding every page's (at 100,000 pages they took 56 MiB, made once per sitemap file).
    ///
    /// With `dates: false` (for sizing the files, which counts every entry as dated) a cell's entry
    /// has no `lastModified` when there is no history, rather than its sources' newest date.
    func forEachSitemapEntry(history: SiteHistory?, dates: Bool = true, _ body: (Sitemap.Entry) -> Void) {
        let homes = homeLanguages().map { (language: $0, path: site.config.languages[$0].path("/")) }
        for home in homes {
            var entry = Sitemap.Entry(url: base.absolute(home.path), lastModified: history?.page(at: home.path)?.changed)
            entry.path = home.path
            entry.alternates = alternates(homes)
            body(entry)
        }
        for l in site.config.languages.indices {
            for d in dimensions.indices {
                for e in site.entities[d].indices where hasHub(dimension: d, entity: e, language: l) && hubIndexable(dimension: d, entity: e, language: l) {
                    let path = plan.hubPath(d, e, language: l)
                    var entry = Sitemap.Entry(url: base.absolute(path), lastModified: history?.page(at: path)?.changed)
                    entry.path = path
                    entry.alternates = alternates(site.config.languages.indices.filter { hasHub(dimension: d, entity: e, language: $0) && hubIndexable(dimension: d, entity: e, language: $0) }
                        .map { (language: $0, path: plan.hubPath(d, e, language: $0)) })
                    body(entry)
                }
            }
        }
        for other in otherPagePaths() where other.indexable {
            var entry = Sitemap.Entry(url: base.absolute(other.path), lastModified: history?.page(at: other.path)?.changed)
            entry.path = other.path
            body(entry)
        }
        let many = site.config.languages.count > 1
        // Cell `c` is output `c` (see `SiteOutputs`).
        for (c, cell) in plan.cells.enumerated() where isIndexable(cell) {
            var entry = Sitemap.Entry(url: base.absolute(cell.path), lastModified: history.map { $0.page(output: c)?.changed } ?? (dates ? lastModified(cell) : nil))
            entry.path = cell.path
            if many {
                entry.alternates = alternates(plan.versions(of: cell).filter { isIndexable(plan.cells[$0.cell]) }
                    .map { (language: $0.language, path: plan.cells[$0.cell].path) })
            }
            body(entry)
        }
    }

    public func sitemapFiles(maxURLs: Int = Sitemap.maxURLs, maxBytes: Int = Sitemap.maxBytes) -> [(String, String)] {
        Sitemap.files(sitemapEntries(history: nil), absolute: base.absolute, maxURLs: maxURLs, maxBytes: maxBytes)
    }

    /// The history of a build: each published page's hash (`hash(i)` for output `i`), the day it last
    /// changed, and the changes since `previous`, the last published build's ledger.
    ///
    /// A page whose hash is the same as in `previous` keeps its date; a changed page, or one new
    /// since a ledger, gets the build date. With no ledger at all (a site's first build) a cell
    /// starts from the newest review or update date of what it shows, as the sitemap did before.
    public func history(of outputs: SiteOutputs, hash: (Int) -> PageHash?, previous: SiteLedger?) -> SiteHistory {
        var pages: [(output: Int, path: String, page: SiteLedger.Page)] = []
        pages.reserveCapacity(outputs.pageCount)
        let today = plan.buildDate
        for i in 0..<outputs.pageCount {
            let output = outputs[i]
            var indexable = true
            var firstSeen: Day?
            // A cell's site path is the plan's string (no copy made per page).
            var path: String?
            switch output.kind {
            case .cell(let c):
                indexable = isIndexable(plan.cells[c])
                firstSeen = lastModified(plan.cells[c])
                path = plan.cells[c].path
            case .notFound: continue
            case .standalone(let p): indexable = plan.pageIndexable[p]
            case .pairHub(let p): indexable = plan.pairHubs[p].indexable
            default: break
            }
            let sitePath = path ?? output.sitePath, h = hash(i)
            let changed: Day
            if let before = previous?.pages[sitePath] {
                if let old = before.hash, old == h { changed = before.changed } else { changed = today }
            } else {
                changed = previous == nil ? firstSeen ?? today : today
            }
            pages.append((i, sitePath, SiteLedger.Page(hash: h, indexable: indexable, changed: changed)))
        }
        return SiteHistory(site: base.absolute("/"), built: today, pageCount: outputs.pageCount, pages: pages, moved: outputs.redirects.moved,
                           previous: previous)
    }

    /// A history made by rendering every page now, for a preview or a check that asks for the
    /// ledger (a build gives its own, from the bytes it writes).
    func history(of outputs: SiteOutputs) -> SiteHistory {
        var scratch: [UInt8] = []
        return history(of: outputs, hash: { i in
            var bytes: [UInt8] = []
            _ = render(outputs[i], of: outputs, into: &bytes, scratch: &scratch)
            return ContentHash.pageHash(bytes)
        }, previous: nil)
    }

    /// How much of a large output `renderPieces` hands over at a time.
    static let pieceSize = 65_536

    /// The outputs made from the whole history — the ledger, `appealpress-changes.json` and
    /// `appealpress-changes.txt` — handed to `emit` in pieces of about 64 KB as they are made, so
    /// none of them is ever held whole (at 100,000 pages the ledger alone is 11 MB). False for any
    /// other output.
    public func renderPieces<E: Error>(_ output: SiteOutput, of outputs: SiteOutputs, history: SiteHistory?,
                                       emit: (ArraySlice<UInt8>) throws(E) -> Void) throws(E) -> Bool {
        guard output.kind == .ledger || output.kind == .changes || output.kind == .changesText else { return false }
        let history = history ?? self.history(of: outputs)
        var out: [UInt8] = []
        out.reserveCapacity(Self.pieceSize + 4_096)
        func flush(_ out: inout [UInt8]) throws(E) {
            guard out.count >= Self.pieceSize else { return }
            try emit(out[...])
            out.removeAll(keepingCapacity: true)
        }
        switch output.kind {
        case .ledger: try history.encodeLedger(into: &out, flush: flush)
        case .changes: try changesJSON(history, into: &out, flush: flush)
        default: try changesText(history, into: &out, flush: flush)
        }
        if !out.isEmpty { try emit(out[...]) }
        return true
    }

    /// `appealpress-changes.json` made into `out`: absolute URLs added, changed and removed since the
    /// last ledger; `flush` is called after each URL.
    func changesJSON<E: Error>(_ history: SiteHistory, into out: inout [UInt8], flush: (inout [UInt8]) throws(E) -> Void) throws(E) {
        // Since the build of that date (not a path: the file is deployed).
        out += #"{"format":"appealpress-changes","version":1,"since":"#.utf8
        if let since = history.previousBuilt { out += "\"\(since)\"".utf8 } else { out += "null".utf8 }
        out += #","built":""#.utf8
        out += history.built.description.utf8
        out += "\"".utf8
        for (key, list) in [("added", history.changes.added), ("changed", history.changes.changed), ("removed", history.changes.removed)] {
            out += ",\n\"\(key)\":[".utf8
            for (i, path) in list.enumerated() {
                if i > 0 { out += ",".utf8 }
                out += "\n".utf8
                Escape.jsonString(base.absolute(path), into: &out)
                try flush(&out)
            }
            out += "]".utf8
        }
        out += ",\n\"unchanged\":\(history.changes.unchanged)}\n".utf8
    }

    /// `appealpress-changes.txt` made into `out`: one absolute URL a line, added, changed, then
    /// removed, for a CDN purge; `flush` is called after each URL.
    func changesText<E: Error>(_ history: SiteHistory, into out: inout [UInt8], flush: (inout [UInt8]) throws(E) -> Void) throws(E) {
        for list in [history.changes.added, history.changes.changed, history.changes.removed] {
            for path in list {
                out += base.absolute(path).utf8
                out.append(0x0A)
                try flush(&out)
            }
        }
    }

    /// The page a host that reads no redirect file serves at an old path: it sends the browser on
    /// at once and tells search engines where the page went.
    func redirectStub(_ answer: RedirectPlan.Answer) -> String {
        let target = answer.to.map { $0.hasPrefix("/") ? base.absolute($0) : $0 } ?? base.absolute("/")
        let href = Escape.html(target)
        return """
        <!doctype html>
        <html lang="\(Escape.html(site.config.language))">
        <head>
        <meta charset="utf-8">
        <title>Moved · \(Escape.html(site.config.name))</title>
        <meta name="robots" content="noindex,follow">
        <link rel="canonical" href="\(href)">
        <meta http-equiv="refresh" content="0; url=\(href)">
        </head>
        <body>
        <p>This page has moved to <a href="\(href)">\(href)</a>.</p>
        </body>
        </html>

        """
    }
}
