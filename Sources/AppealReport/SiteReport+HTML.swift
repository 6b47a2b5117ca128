import AppealCheck
import AppealModel
import Foundation

extension SiteReport {
    var reviewRequired: Bool { review == ReviewPolicy.required.rawValue }

    /// One self-contained HTML page: inline CSS, no scripts, no external files; readable in any browser
    /// and printable.
    public func html() -> String {
        var out = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>Content report · \(h(site)) · \(h(buildDate))</title>\n<style>\n\(Self.css)</style>\n</head>\n<body>\n"
        out += header() + "<main>\n" + summaryCards() + coverage() + translationCoverage() + ladderCoverage() + dimensionCounts() + duplicates() + offerTimeline() + policyAges() + findingList()
        out += "</main>\n<footer><p>Written by <code>appealpress report</code> for the build date \(h(buildDate)). "
        out += "Near-duplicates: main text at least \(percent(settings.similarity)) the same (MinHash estimate over 5-word shingles). "
        out += "Thin content: under \(settings.thinMinWords) words, or under \(settings.thinMinUniqueWords) words not on the most similar page. "
        out += "Policies are stale after \(settings.policyMaxAgeDays) days; offers are flagged \(settings.offerWarningDays) days before they end. "
        out += "Thresholds live under <code>checks:</code> in site.yaml. The checks took \(String(format: "%.2f", checkSeconds)) s.</p></footer>\n"
        out += "</body>\n</html>\n"
        return out
    }

    func h(_ text: String) -> String { Escape.html(text) }
    func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }
    func number(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (i, c) in s.reversed().enumerated() {
            if i > 0 && i % 3 == 0 && c != "-" { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    func header() -> String {
        """
        <header class="top">
          <p class="eyebrow">Content report</p>
          <h1>\(h(site))</h1>
          <p class="meta">Build date <strong>\(h(buildDate))</strong> · <a href="\(h(baseURL))">\(h(baseURL))</a></p>
        </header>

        """
    }

    func summaryCards() -> String {
        let s = summary
        func card(_ value: Int, _ label: String, _ note: String, tone: String = "") -> String {
            "<div class=\"card \(tone)\"><p class=\"card__value\">\(number(value))</p><p class=\"card__label\">\(h(label))</p><p class=\"card__note\">\(h(note))</p></div>\n"
        }
        var out = "<section class=\"cards\" aria-label=\"Summary\">\n"
        out += card(s.pages, "pages", "of \(number(s.cells)) cells in the matrix")
        out += card(s.fullPages, "full pages", "with cell-specific text", tone: "good")
        out += card(s.thinPages, "thin pages", "no cell-specific text yet", tone: s.thinPages > 0 ? "thin" : "")
        out += card(s.excludedCells + s.skippedCells, "excluded cells", s.skippedCells > 0 ? "\(number(s.skippedCells)) skipped as thin" : "by matrix.yaml", tone: "muted")
        out += card(s.errors, "errors", s.errors == 0 ? "nothing blocks a deploy" : "fix before deploying", tone: s.errors > 0 ? "bad" : "good")
        out += card(s.warnings, "warnings", "worth a look", tone: s.warnings > 0 ? "warn" : "good")
        out += card(s.nearDuplicatePages, "near-duplicate pages", "in \(number(clusters.count)) cluster\(clusters.count == 1 ? "" : "s")", tone: s.nearDuplicatePages > 0 ? "warn" : "good")
        if s.unreviewedPages > 0 || reviewRequired {
            out += card(s.unreviewedPages, "unreviewed pages", reviewRequired ? "noindex until their inputs are reviewed" : "an input has no current review",
                        tone: s.unreviewedPages > 0 ? "warn" : "good")
        }
        out += card(s.stalePolicies, "stale policies", "reviewed over \(settings.policyMaxAgeDays) days ago", tone: s.stalePolicies > 0 ? "warn" : "good")
        out += "</section>\n"
        return out
    }

    // MARK: Coverage heat map

    /// Rows are values of the first dimension, columns of the second; each grid cell holds one square
    /// per combination of the remaining dimensions.
    func coverage() -> String {
        guard let first = dimensions.first else { return "" }
        let rowsDim = first
        let colsDim = dimensions.count > 1 ? dimensions[1] : nil
        let rest = Array(dimensions.dropFirst(2))

        var out = "<section id=\"coverage\">\n<h2>Coverage of the matrix</h2>\n"
        out += "<p class=\"lead\">One square per page-to-be: <strong>\(h(rowsDim.label.lowercased()))</strong> by row"
        if let colsDim { out += ", <strong>\(h(colsDim.label.lowercased()))</strong> by column" }
        if !rest.isEmpty {
            out += ", and inside each box one square per " + rest.map { "<strong>\(h($0.label.lowercased()))</strong>" }.joined(separator: " × ")
            out += " in this order: " + restOrder(rest)
        }
        out += ". The numbers after a name are its full pages out of its pages. Hover a square for its page.</p>\n"
        out += legend()
        out += heatTable(square) + "</section>\n"
        return out
    }

    /// The matrix as a table: rows are values of the first dimension, columns of the second, and each
    /// box holds one square per combination of the others, drawn by `square`.
    func heatTable(_ square: (Cell) -> String) -> String {
        guard let rowsDim = dimensions.first else { return "" }
        let colsDim = dimensions.count > 1 ? dimensions[1] : nil
        let combos = dimensions.dropFirst(2).reduce(1) { $0 * $1.values.count }
        let perRow = combos <= 4 ? combos : combos <= 9 ? 3 : combos <= 16 ? 4 : Int(Double(combos).squareRoot().rounded(.up))
        var byKey: [String: [Cell]] = [:]
        for cell in cells { byKey[cell.values[0] + "\u{0}" + (cell.values.count > 1 ? cell.values[1] : ""), default: []].append(cell) }
        let corner = h(rowsDim.label) + (colsDim.map { " / " + h($0.label) } ?? "")
        var out = "<div class=\"heat-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Coverage map, \(corner)\"><table class=\"heat\" style=\"--per-row: \(perRow)\">\n<thead><tr><th class=\"corner\"><span class=\"vh\">\(corner)</span></th>"
        for col in colsDim?.values ?? [] {
            out += "<th scope=\"col\" class=\"col\"><span>\(h(col.name))</span></th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in rowsDim.values {
            out += "<tr><th scope=\"row\">\(h(row.name)) <span class=\"count\">\(row.full)/\(row.pages)</span></th>"
            for col in colsDim?.values ?? [DimensionValue(slug: "", name: "", pages: 0, full: 0, thin: 0, excluded: 0, withWarnings: 0, withErrors: 0)] {
                let list = byKey[row.slug + "\u{0}" + col.slug] ?? []
                out += "<td><div class=\"squares\">"
                for cell in list { out += square(cell) }
                out += "</div></td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody></table></div>\n"
        return out
    }

    // MARK: Where each ladder applies

    /// The grid both small heat maps draw: rows are the first dimension's values, columns the
    /// second's, and each box holds the built pages of that pair (keyed `row\0column`).
    func boxGrid() -> (rows: DimensionCounts, columns: DimensionCounts?, pages: [String: [Cell]], corner: String)? {
        guard let rowsDim = dimensions.first else { return nil }
        let colsDim = dimensions.count > 1 ? dimensions[1] : nil
        var byKey: [String: [Cell]] = [:]
        for cell in cells where cell.path != nil {
            byKey[cell.values[0] + "\u{0}" + (cell.values.count > 1 ? cell.values[1] : ""), default: []].append(cell)
        }
        return (rowsDim, colsDim, byKey, h(rowsDim.label) + (colsDim.map { " / " + h($0.label) } ?? ""))
    }

    /// One box per value of the first two dimensions (so the map stays small at 100,000 pages), shaded
    /// by how many of its pages show ladder `slug`; a partly covered box names the pages that do.
    func ladderTable(_ slug: String) -> String {
        guard let (rowsDim, colsDim, byKey, corner) = boxGrid() else { return "" }
        var out = "<div class=\"heat-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Where \(h(slug)) applies, \(corner)\"><table class=\"heat ladder-heat\">\n<thead><tr><th class=\"corner\"><span class=\"vh\">\(corner)</span></th>"
        for col in colsDim?.values ?? [] { out += "<th scope=\"col\" class=\"col\"><span>\(h(col.name))</span></th>" }
        out += "</tr></thead>\n<tbody>\n"
        for row in rowsDim.values {
            out += "<tr><th scope=\"row\">\(h(row.name))</th>"
            for col in colsDim?.values.map(\.slug) ?? [""] {
                let pages = byKey[row.slug + "\u{0}" + col] ?? []
                let on = pages.filter { $0.ladders?.contains(slug) ?? false }
                let name = [row.slug, col].filter { !$0.isEmpty }.joined(separator: " × ")
                guard !pages.isEmpty else { out += "<td class=\"lb none\"></td>"; continue }
                var title = "\(name): \(on.count) of \(pages.count) pages"
                if !on.isEmpty && on.count < pages.count {
                    title += ": " + on.map { $0.values.dropFirst(2).joined(separator: " × ") }.joined(separator: ", ")
                }
                let tone = on.isEmpty ? "off" : on.count == pages.count ? "on" : "some"
                out += "<td class=\"lb \(tone)\" title=\"\(h(title))\"></td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody></table></div>\n"
        return out
    }

    /// Per other language, a heat map of the default language's pages that have a version in it:
    /// one box per value of the first two dimensions, shaded by the share translated, hatched where a
    /// translation is stale.
    func translationCoverage() -> String {
        guard !languages.isEmpty, let (rowsDim, colsDim, byKey, corner) = boxGrid() else { return "" }
        var out = "<section id=\"translations\">\n<h2>Translation coverage</h2>\n"
        for language in languages {
            let english = cells.filter { $0.path != nil }.count
            out += "<h3>\(h(language.name)) (\(h(language.code)))</h3>\n<p class=\"lead\">\(language.pages) of \(english) pages, \(language.indexable) indexable"
            out += (language.stale > 0 ? ", \(language.stale) with a stale translation" : "") + (language.fallback > 0 ? ", \(language.fallback) with stand-in text" : "")
            out += ". Dark: every page of the box is translated and current; hatched: some; striped red: a translation is stale.</p>\n"
            out += "<div class=\"heat-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Translation coverage, \(h(language.name)), \(corner)\"><table class=\"heat ladder-heat\">\n<thead><tr><th class=\"corner\"><span class=\"vh\">\(corner)</span></th>"
            for col in colsDim?.values ?? [] { out += "<th scope=\"col\" class=\"col\"><span>\(h(col.name))</span></th>" }
            out += "</tr></thead>\n<tbody>\n"
            for row in rowsDim.values {
                out += "<tr><th scope=\"row\">\(h(row.name))</th>"
                for col in colsDim?.values.map(\.slug) ?? [""] {
                    let pages = byKey[row.slug + "\u{0}" + col] ?? []
                    guard !pages.isEmpty else { out += "<td class=\"lb none\"></td>"; continue }
                    let done = pages.filter { $0.translations[language.code] != nil }
                    let stale = done.filter { $0.translations[language.code] != "current" }
                    let name = [row.slug, col].filter { !$0.isEmpty }.joined(separator: " × ")
                    let tone = !stale.isEmpty ? "stale" : done.isEmpty ? "off" : done.count == pages.count ? "on" : "some"
                    let title = "\(name): \(done.count) of \(pages.count) pages in \(language.code)" + (stale.isEmpty ? "" : ", \(stale.count) stale or stand-in")
                    out += "<td class=\"lb \(tone)\" title=\"\(h(title))\"></td>"
                }
                out += "</tr>\n"
            }
            out += "</tbody></table></div>\n"
        }
        return out + "</section>\n"
    }

    /// One small heat map per policy: the pages that show its ladder, the pages that do not, and the
    /// excluded cells, with the rules that decide it, so an editor sees at a glance where it lands.
    func ladderCoverage() -> String {
        guard !ladders.isEmpty else { return "" }
        var out = "<section id=\"ladders\">\n<h2>Where each appeal ladder applies</h2>\n"
        out += "<p class=\"lead\">One map per policy, with rows and columns as in the coverage map above. A box is dark when every page in it "
        out += "shows the ladder, striped when some do (hover it to see which), light when none does, and blank when it has no pages. Each page's ladders are decided from the values' <code>policies:</code> lists and "
        out += "each policy's <code>for:</code> and <code>except:</code> (the most specific rule wins; <code>except</code> wins a tie). <code>report --json</code> lists every page's ladders (<code>cells[].ladders</code>).</p>\n"
        for ladder in ladders {
            out += "<div class=\"ladder-map\" id=\"ladder-\(h(ladder.slug))\"><h3>\(h(ladder.name)) <span class=\"count\">\(number(ladder.pages)) pages</span></h3>\n"
            out += "<p class=\"rules\">" + ladder.rules.map { "<code>\(h($0))</code>" }.joined(separator: " · ") + " <span class=\"count\">\(h(ladder.file))</span></p>\n"
            out += ladderTable(ladder.slug)
            out += "</div>\n"
        }
        out += "</section>\n"
        return out
    }

    func restOrder(_ rest: [DimensionCounts]) -> String {
        if rest.count == 1 {
            return rest[0].values.map { h($0.name) }.joined(separator: ", ")
        }
        return rest.map { "\(h($0.label.lowercased())): " + $0.values.map { h($0.name) }.joined(separator: ", ") }.joined(separator: "; ")
    }

    func square(_ cell: Cell) -> String {
        var classes = ["sq", cell.status.rawValue]
        var notes: [String] = [cell.status.rawValue]
        if cell.errors { classes.append("err"); notes.append("errors") } else if cell.warnings { classes.append("warn"); notes.append("warnings") }
        if cell.nearDuplicate { classes.append("dup"); notes.append("near-duplicate") }
        if cell.thinContent { classes.append("little"); notes.append("little unique text") }
        if cell.unreviewed { classes.append("unrev"); notes.append(reviewRequired ? "awaiting review (noindex)" : "not reviewed") }
        var title = cell.values.joined(separator: " × ") + " — " + notes.joined(separator: ", ")
        if let path = cell.path { title += "\n" + path }
        if let words = cell.words, cell.path != nil { title += " (\(words) words)" }
        if !cell.files.isEmpty { title += "\nmade from: " + cell.files.joined(separator: ", ") }
        guard let path = cell.path else { return "<span class=\"\(classes.joined(separator: " "))\" title=\"\(h(title))\"></span>" }
        // A link to the page; its name says what the square shows, the tooltip which files made it.
        return "<a class=\"\(classes.joined(separator: " "))\" href=\"\(h(absolute(path)))\" title=\"\(h(title))\"><span class=\"vh\">\(h(cell.values.joined(separator: " × ") + " — " + notes.joined(separator: ", ")))</span></a>"
    }

    func legend() -> String {
        """
        <ul class="legend">
          <li><span class="sq full"></span> full page (cell-specific text)</li>
          <li><span class="sq thin"></span> thin page (noindex until it gets its own text)</li>
          <li><span class="sq excluded"></span> excluded cell</li>
          <li><span class="sq full warn"></span> page with warnings</li>
          <li><span class="sq full err"></span> page with errors</li>
          <li><span class="sq full dup"></span> near-duplicate of another page</li>
          <li><span class="sq full unrev"></span> an input is not reviewed as it is now\(reviewRequired ? " (noindex)" : "")</li>
        </ul>

        """
    }

    // MARK: Counts per dimension

    func dimensionCounts() -> String {
        var out = "<section id=\"dimensions\">\n<h2>Pages per dimension</h2>\n<div class=\"dims\">\n"
        for dim in dimensions {
            let most = max(1, dim.values.map { $0.pages + $0.excluded }.max() ?? 1)
            out += "<div class=\"dim\"><h3>\(h(dim.plural))</h3><table class=\"bars\">\n"
            out += "<thead><tr><th scope=\"col\">\(h(dim.label))</th><th scope=\"col\" class=\"num\">Pages</th><th scope=\"col\" class=\"num\">Full</th><th scope=\"col\">Full · thin · excluded</th><th scope=\"col\" class=\"num\">Flagged</th></tr></thead>\n<tbody>\n"
            for v in dim.values.sorted(by: { ($0.full, $0.pages, $1.name) > ($1.full, $1.pages, $0.name) }) {
                func w(_ n: Int) -> String { String(format: "%.2f", Double(n) / Double(most) * 100) }
                let flagged = v.withErrors + v.withWarnings
                out += "<tr><th scope=\"row\">\(h(v.name))</th><td class=\"num\">\(v.pages)</td><td class=\"num\">\(v.full)</td>"
                out += "<td><div class=\"stack\" title=\"\(v.full) full, \(v.thin) thin, \(v.excluded) excluded\">"
                out += "<span class=\"full\" style=\"width:\(w(v.full))%\"></span><span class=\"thin\" style=\"width:\(w(v.thin))%\"></span>"
                out += "<span class=\"excluded\" style=\"width:\(w(v.excluded))%\"></span></div></td>"
                out += "<td class=\"num\(flagged > 0 ? " flag" : "")\">\(flagged > 0 ? String(flagged) : "–")</td></tr>\n"
            }
            out += "</tbody></table></div>\n"
        }
        out += "</div>\n</section>\n"
        return out
    }

    // MARK: Duplicates

    func duplicates() -> String {
        var out = "<section id=\"duplicates\">\n<h2>Near-duplicate clusters</h2>\n"
        guard !clusters.isEmpty else {
            return out + "<p class=\"ok\">No two indexable pages share more than \(percent(settings.similarity)) of their main text.</p>\n</section>\n"
        }
        out += "<p class=\"lead\">Indexable pages whose main text is at least \(percent(settings.similarity)) the same. Search engines treat such pages as one, "
            + "and many of them look like scaled content: give each its own text, or merge them.</p>\n<ol class=\"clusters\">\n"
        for c in clusters.prefix(50) {
            out += "<li><p><strong>\(c.pages.count) pages</strong>, up to <strong>\(percent(c.similarity))</strong> the same"
            if let source = c.source { out += " · shared text from <code>\(h(source))</code>" }
            out += "</p><ul>"
            for p in c.pages.prefix(12) { out += "<li><a href=\"\(h(absolute(p)))\">\(h(p))</a></li>" }
            if c.pages.count > 12 { out += "<li>… and \(c.pages.count - 12) more</li>" }
            out += "</ul></li>\n"
        }
        if clusters.count > 50 { out += "<li>… and \(clusters.count - 50) more clusters (see <code>report --json</code>)</li>\n" }
        return out + "</ol>\n</section>\n"
    }

    func absolute(_ path: String) -> String {
        (baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL) + path
    }

    // MARK: Offers

    func offerTimeline() -> String {
        var out = "<section id=\"offers\">\n<h2>Offers and their windows</h2>\n"
        guard !offers.isEmpty, let today = Day(iso: buildDate) else { return out + "<p>No offers.</p>\n</section>\n" }
        let days = offers.flatMap { [Day(iso: $0.validFrom)!, Day(iso: $0.validUntil)!] }
        let start = min(days.min()!, today.adding(days: -30)), end = max(days.max()!, today.adding(days: 60))
        let span = Double(max(1, end.daysSinceEpoch - start.daysSinceEpoch))
        func x(_ d: Day) -> String { String(format: "%.2f", Double(d.daysSinceEpoch - start.daysSinceEpoch) / span * 100) }
        out += "<div class=\"timeline\">\n<div class=\"axis\"><span style=\"left:0\">\(h(start.description))</span>"
        out += "<span class=\"today-label\" style=\"left:\(x(today))%\">build date \(h(today.description))</span>"
        out += "<span style=\"right:0\">\(h(end.description))</span></div>\n"
        for o in offers {
            let from = Day(iso: o.validFrom)!, until = Day(iso: o.validUntil)!
            let width = String(format: "%.2f", max(0.6, Double(until.daysSinceEpoch - from.daysSinceEpoch + 1) / span * 100))
            let state: String
            switch o.state {
            case .active: state = "runs \(o.daysLeft) more days"
            case .endingSoon: state = o.daysLeft == 0 ? "ends today" : "ends in \(o.daysLeft) day\(o.daysLeft == 1 ? "" : "s")"
            case .expired: state = "expired \(-o.daysLeft) days ago"
            case .upcoming: state = "starts \(o.validFrom)"
            }
            out += "<div class=\"offer\"><div class=\"offer__label\"><strong>\(h(o.id))</strong> <code>\(h(o.code))</code> \(h(o.price))"
            out += "<br><span class=\"muted\">\(h(o.appliesTo)) · \(o.pages) page\(o.pages == 1 ? "" : "s")</span></div>"
            out += "<div class=\"offer__track\"><span class=\"today\" style=\"left:\(x(today))%\"></span>"
            out += "<span class=\"bar \(o.state.rawValue)\" style=\"left:\(x(from))%;width:\(width)%\" title=\"\(h(o.validFrom)) to \(h(o.validUntil))\"></span></div>"
            out += "<div class=\"offer__state \(o.state.rawValue)\">\(h(state))<br><span class=\"muted\">\(h(o.validFrom)) → \(h(o.validUntil))</span></div></div>\n"
        }
        return out + "</div>\n</section>\n"
    }

    // MARK: Policies

    func policyAges() -> String {
        var out = "<section id=\"policies\">\n<h2>Policies by review age</h2>\n"
        let limit = settings.policyMaxAgeDays
        let most = Double(max(limit, policies.map(\.ageDays).max() ?? 0)) * 1.1
        out += "<table class=\"ages\">\n<thead><tr><th scope=\"col\">Policy</th><th scope=\"col\">Reviewed</th><th scope=\"col\" class=\"num\">Days ago</th>"
        out += "<th scope=\"col\">Age (limit \(limit) days)</th><th scope=\"col\" class=\"num\">Pages</th></tr></thead>\n<tbody>\n"
        for p in policies {
            let width = String(format: "%.2f", max(0.5, Double(max(0, p.ageDays)) / most * 100))
            let mark = String(format: "%.2f", Double(limit) / most * 100)
            out += "<tr\(p.stale ? " class=\"stale\"" : "")><th scope=\"row\"><a href=\"\(h(p.sourceURL))\">\(h(p.name))</a><br><code class=\"muted\">\(h(p.file))</code></th>"
            out += "<td>\(h(p.reviewed))</td><td class=\"num\">\(p.ageDays)</td>"
            out += "<td><div class=\"age\"><span class=\"age__bar\" style=\"width:\(width)%\"></span><span class=\"age__limit\" style=\"left:\(mark)%\"></span></div></td>"
            out += "<td class=\"num\">\(p.pages)</td></tr>\n"
        }
        return out + "</tbody></table>\n</section>\n"
    }

    // MARK: Findings

    func findingList() -> String {
        var out = "<section id=\"findings\">\n<h2>Findings</h2>\n"
        guard !findings.isEmpty else { return out + "<p class=\"ok\">Nothing found.</p>\n</section>\n" }
        out += "<p class=\"lead\">The same list <code>appealpress check</code> prints, grouped. Each names the file to change.</p>\n"
        for category in CheckCategory.allCases {
            let group = findings.filter { $0.category == category.rawValue }
            guard !group.isEmpty else { continue }
            let errors = group.filter { $0.severity == "error" }.count
            out += "<details\(errors > 0 || group.count <= 6 ? " open" : "")><summary><strong>\(h(category.title))</strong> "
            out += "<span class=\"pill \(errors > 0 ? "bad" : "warn")\">\(CheckResult.counts(errors: errors, warnings: group.count - errors))</span></summary>\n<ul class=\"findings\">\n"
            for f in group {
                out += "<li class=\"\(f.severity)\"><p><span class=\"sev\">\(h(f.severity))</span> \(h(f.message))</p>"
                if let location = f.location { out += "<p class=\"where\"><code>\(h(location))</code></p>" }
                if let hint = f.hint { out += "<p class=\"hint\">\(h(hint))</p>" }
                out += "</li>\n"
            }
            out += "</ul></details>\n"
        }
        return out + "</section>\n"
    }

    static let css = """
    :root { --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --bg: #f8fafc; --full: #0f766e; --thin: #fcd34d; --excl: #e5e7eb;
            --warn: #b45309; --err: #dc2626; --dup: #7c3aed; --good: #15803d; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
    body > *, main > .cards { max-width: 1320px; margin-left: auto; margin-right: auto; padding-left: 32px; padding-right: 32px; }
    main { display: block; padding-bottom: 4px; }
    main > section { margin-left: auto; margin-right: auto; max-width: calc(1320px - 64px); }
    .vh { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
    a.sq:focus-visible { outline: 3px solid #f59e0b; outline-offset: 1px; }
    a { color: #0e5a8a; }
    code { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
    h2 { font-size: 20px; margin: 0 0 6px; }
    h3 { font-size: 15px; margin: 0 0 8px; }
    section { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 22px 26px; margin-top: 20px; }
    .top { padding-top: 28px; }
    .eyebrow { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--muted); margin: 0; }
    .top h1 { margin: 2px 0 4px; font-size: 28px; }
    .meta { margin: 0; color: var(--muted); }
    .lead { color: #374151; margin: 0 0 14px; max-width: 80ch; }
    .muted { color: var(--muted); }
    .ok { color: var(--good); font-weight: 600; }
    .cards { display: grid; grid-template-columns: repeat(8, 1fr); gap: 12px; background: none; border: 0; padding: 0; }
    .card { background: #fff; border: 1px solid var(--line); border-top: 4px solid #cbd5e1; border-radius: 10px; padding: 12px 14px; }
    .card.good { border-top-color: var(--good); } .card.thin { border-top-color: var(--thin); } .card.muted { border-top-color: #9ca3af; }
    .card.warn { border-top-color: var(--warn); } .card.bad { border-top-color: var(--err); }
    .card__value { font-size: 26px; font-weight: 700; margin: 0; font-variant-numeric: tabular-nums; }
    .card__label { margin: 0; font-weight: 600; }
    .card__note { margin: 2px 0 0; font-size: 12.5px; color: var(--muted); }
    .legend { display: flex; flex-wrap: wrap; gap: 6px 22px; list-style: none; padding: 0; margin: 0 0 14px; font-size: 13.5px; }
    .legend li { display: flex; align-items: center; gap: 7px; }
    .sq { display: inline-block; width: 20px; height: 20px; border-radius: 3px; position: relative; vertical-align: middle; }
    .sq.full { background: var(--full); }
    .sq.thin { background: var(--thin); }
    .sq.excluded { background: repeating-linear-gradient(135deg, #e5e7eb 0 3px, #f3f4f6 3px 6px); }
    .sq.skipped { background: #fff; border: 1px dashed #9ca3af; }
    .sq.warn::after, .sq.err::after { content: ""; position: absolute; inset: 6px; border-radius: 50%; background: #fff;
                                        box-shadow: 0 0 0 1.5px var(--warn); }
    .sq.err::after { background: var(--err); box-shadow: 0 0 0 1.5px #fff; }
    .sq.dup { box-shadow: 0 0 0 2px var(--dup); }
    .sq.unrev { outline: 2px dashed var(--warn, #b45309); outline-offset: -2px; }
    .sq.little { background-image: radial-gradient(circle, #fff 0 2px, transparent 2.5px); }
    .heat-wrap { overflow-x: auto; }
    .heat { border-collapse: separate; border-spacing: 3px; }
    .heat th { font-weight: 500; font-size: 13px; }
    .heat th[scope=row] { text-align: right; padding-right: 8px; white-space: nowrap; }
    .heat .count { color: var(--muted); font-variant-numeric: tabular-nums; font-size: 12px; }
    .heat th.col { vertical-align: bottom; height: 120px; padding-bottom: 4px; }
    .heat th.col span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; }
    .heat td { background: #f9fafb; border-radius: 6px; padding: 5px; }
    .ladder-heat td.lb { width: 14px; height: 14px; padding: 0; border-radius: 3px; }
    .ladder-heat td.on { background: #1d4ed8; }
    .ladder-heat td.some { background: repeating-linear-gradient(45deg, #1d4ed8 0 3px, #dbeafe 3px 6px); }
    .ladder-heat td.off { background: #dbeafe; }
    .ladder-heat td.stale { background: repeating-linear-gradient(45deg, #b91c1c 0 3px, #fee2e2 3px 6px); }
    .ladder-heat td.none { background: transparent; }
    .ladder-map { margin: 18px 0 26px; }
    .ladder-map h3 { margin: 0 0 4px; font-size: 16px; }
    .ladder-map .rules { margin: 0 0 8px; font-size: 13px; }
    .squares { display: grid; grid-template-columns: repeat(var(--per-row), 20px); gap: 4px; }
    .dims { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(380px, 100%), 1fr)); gap: 24px; }
    .dim { min-width: 0; }
    .stack { min-width: 60px !important; }
    table.bars, table.ages { border-collapse: collapse; width: 100%; font-size: 13.5px; }
    .bars th, .bars td, .ages th, .ages td { padding: 4px 8px; border-bottom: 1px solid #f1f5f9; text-align: left; }
    .bars thead th, .ages thead th { font-size: 12px; color: var(--muted); font-weight: 600; border-bottom: 1px solid var(--line); }
    .bars tbody th, .ages tbody th { font-weight: 500; }
    .num { text-align: right !important; font-variant-numeric: tabular-nums; }
    .flag { color: var(--warn); font-weight: 700; }
    .stack { display: flex; height: 12px; width: 100%; min-width: 120px; background: #f9fafb; border-radius: 3px; overflow: hidden; }
    .stack .full { background: var(--full); } .stack .thin { background: var(--thin); }
    .stack .excluded { background: repeating-linear-gradient(135deg, #d1d5db 0 3px, #f3f4f6 3px 6px); }
    .clusters { margin: 0; padding-left: 22px; }
    .clusters > li { margin-bottom: 12px; }
    .clusters p { margin: 0 0 4px; }
    .clusters ul { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 13.5px; }
    .timeline { display: grid; gap: 10px; }
    .axis { position: relative; height: 20px; margin-left: 300px; margin-right: 220px; font-size: 12px; color: var(--muted); }
    .axis span { position: absolute; top: 0; white-space: nowrap; }
    .axis .today-label { transform: translateX(-50%); color: var(--ink); font-weight: 600; }
    .offer { display: grid; grid-template-columns: 300px 1fr 220px; align-items: center; gap: 0; }
    .offer__label { font-size: 13.5px; padding-right: 12px; }
    .offer__track { position: relative; height: 26px; background: #f3f4f6; border-radius: 6px; }
    .offer__track .today { position: absolute; top: -4px; bottom: -4px; width: 2px; background: var(--ink); z-index: 1; }
    .offer__track .bar { position: absolute; top: 5px; height: 16px; border-radius: 4px; }
    .bar.active { background: var(--full); } .bar.ending-soon { background: var(--warn); }
    .bar.expired { background: #9ca3af; } .bar.upcoming { background: #60a5fa; }
    .offer__state { font-size: 13px; padding-left: 16px; font-weight: 600; }
    .offer__state .muted { font-weight: 400; }
    .offer__state.ending-soon { color: var(--warn); } .offer__state.expired { color: var(--muted); } .offer__state.active { color: var(--good); }
    .age { position: relative; height: 12px; background: #f3f4f6; border-radius: 3px; min-width: 200px; }
    .age__bar { position: absolute; left: 0; top: 0; bottom: 0; background: var(--full); border-radius: 3px; }
    .stale .age__bar { background: var(--err); }
    .age__limit { position: absolute; top: -3px; bottom: -3px; width: 2px; background: var(--ink); }
    .stale th a { color: var(--err); }
    details { border-top: 1px solid var(--line); padding: 10px 0; }
    summary { cursor: pointer; font-size: 15px; }
    .pill { display: inline-block; font-size: 12px; border-radius: 999px; padding: 1px 9px; margin-left: 6px; background: #fef3c7; color: #92400e; }
    .pill.bad { background: #fee2e2; color: #991b1b; }
    .findings { list-style: none; padding: 0; margin: 8px 0 0; }
    .findings li { border-left: 3px solid var(--warn); background: #fffbeb; padding: 8px 12px; margin-bottom: 8px; border-radius: 0 6px 6px 0; }
    .findings li.error { border-left-color: var(--err); background: #fef2f2; }
    .findings p { margin: 0; }
    .findings .sev { text-transform: uppercase; font-size: 11px; font-weight: 700; letter-spacing: .05em; color: var(--warn); margin-right: 4px; }
    .findings .error .sev { color: var(--err); }
    .findings .where { color: var(--muted); margin-top: 2px; }
    .findings .hint { color: #374151; font-size: 13.5px; margin-top: 2px; }
    .findings .hint::before { content: "→ "; color: var(--muted); }
    footer { color: var(--muted); font-size: 12.5px; padding-top: 8px; padding-bottom: 40px; }
    @media (max-width: 1100px) { .cards { grid-template-columns: repeat(4, 1fr); } }
    @media (max-width: 760px) {
      body > *, main > .cards { padding-left: 12px; padding-right: 12px; }
      main > section { margin-left: 12px; margin-right: 12px; }
      section { padding: 14px 12px; }
      .cards { grid-template-columns: repeat(2, 1fr); }
      .offer { grid-template-columns: 1fr; gap: 4px; }
      .offer__state { padding-left: 0; }
      .axis { margin-left: 0; margin-right: 0; }
      .age { min-width: 40px; }
      .ages code, .findings code { word-break: break-all; }
      .bars th, .bars td, .ages th, .ages td { padding: 4px 4px; }
      table.bars, table.ages { font-size: 12.5px; }
    }
    @media print { body { background: #fff; } section { break-inside: avoid; border: 0; } details { display: block; } }

    """
}
