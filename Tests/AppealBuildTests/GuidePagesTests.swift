import AppealBuild
import AppealCheck
import AppealModel
import AppealPlan
import AppealRender
import AppealReport
import AppealTestSupport
import Foundation
import Testing

/// Issue 14: index pages per dimension, guided hubs, standalone pages, the cell page's first step,
/// folded later levels and the share image.
@Suite struct GuidePagesTests {
    static let about = """
    ---
    title: About {{ site.name }}
    description: What this fixture site is, for the tests of standalone pages in AppealPress.
    menu: footer
    menu_label: About us
    ---
    {{ site.name }} is a fixture. Medicare's first appeal is due within {{ policies.original-medicare.levels.1.deadline }}.
    """

    func prepare(_ content: String) throws(DiagnosticError) -> PreparedSite {
        try SiteBuilder.prepare(BuildOptions(content: content, theme: Fixtures.defaultTheme, output: "unused", date: Day(iso: "2026-11-29")!))
    }

    func text(_ site: PreparedSite, _ file: String) throws -> String {
        let i = try #require(site.outputs.index()[file], "no output \(file)")
        return String(decoding: try #require(site.renderer.contents(of: site.outputs[i], in: site.outputs)), as: UTF8.self)
    }

    func errors(_ content: String) -> [Diagnostic] {
        do { _ = try prepare(content); return [] } catch { return error.diagnostics }
    }

    @Test func indexPagesExistAndBreadcrumbsPointAtThem() throws {
        let site = try prepare(Fixtures.path("mini"))
        let index = site.outputs.index()
        for (d, folder) in ["procedures", "payers", "reasons"].enumerated() {
            let i = try #require(index["\(folder)/index.html"])
            #expect(site.outputs[i].kind == .dimensionIndex(d))
        }
        let procedures = try text(site, "procedures/index.html")
        #expect(procedures.contains("<h1>Procedures</h1>"))
        #expect(procedures.contains("href=\"/guides/procedures/kyphoplasty/\""))
        let hub = try text(site, "procedures/kyphoplasty/index.html")
        let hubCrumbs = try #require(hub.firstRange(of: "class=\"crumbs\"")).upperBound
        #expect(hub[hubCrumbs...].prefix(400).contains("href=\"/guides/procedures/\""), "a hub's breadcrumb goes to its dimension's index")
        #expect(!hub.contains("href=\"/guides/#procedure\""))
        // The guided path: procedure hub → procedure × insurer hub → the page.
        #expect(hub.contains("href=\"/guides/procedures/kyphoplasty/medicare/\""))
        let guided = try text(site, "procedures/kyphoplasty/medicare/index.html")
        #expect(guided.contains("href=\"/guides/kyphoplasty/medicare/medical-necessity/\""))
        let page = try text(site, "kyphoplasty/medicare/medical-necessity/index.html")
        let crumbs = page[try #require(page.firstRange(of: "class=\"crumbs\"")).upperBound...].prefix(700)
        #expect(crumbs.contains("href=\"/guides/procedures/\""))
        #expect(crumbs.contains("href=\"/guides/procedures/kyphoplasty/medicare/\""))
        #expect(page.contains("\"item\":\"https://example.org/guides/procedures/\""), "JSON-LD breadcrumbs follow")
        // The header's navigation points at the index pages, not at anchors on the home page.
        #expect(page.contains("<a href=\"/guides/payers/\">Insurers</a>"))
    }

    @Test func guidedHubsAreCheckedAndOnlyIndexedWithTextOfTheirOwn() throws {
        let site = try prepare(Fixtures.path("mini"))
        let plan = site.renderer.plan
        #expect(!plan.pairHubs.isEmpty)
        for hub in plan.pairHubs {
            let hasArticle = hub.article != nil
            #expect(hub.indexable == (hasArticle && hub.cells.contains { site.renderer.isIndexable(plan.cells[$0]) }))
        }
        let checker = SiteChecker(renderer: site.renderer, outputs: site.outputs)
        try site.renderer.renderEach(site.outputs) { _, i, bytes in checker.inspect(i, html: String(decoding: bytes, as: UTF8.self)) }
        let result = checker.finish(adding: [])
        let orphans = result.findings.filter { $0.diagnostic.message.contains("orphan") }
        #expect(orphans.isEmpty, "\(orphans.map(\.diagnostic.message))")
        #expect(result.findings.filter { $0.diagnostic.severity == .error }.isEmpty, "\(result.findings.map(\.diagnostic.message))")
    }

    @Test func standalonePagesRenderWithPlaceholdersAndGoInTheSitemap() throws {
        let site = try prepare(Fixtures.copy("mini", changing: ["pages/about.md": Self.about]))
        let html = try text(site, "about/index.html")
        #expect(html.contains("<h1>About Mini Appeals</h1>"))
        #expect(html.contains("Mini Appeals is a fixture."))
        let deadline = try #require(site.renderer.plan.site.policies["original-medicare"]?.levels.first?.deadline.description)
        #expect(html.contains(deadline), "a policy placeholder is filled from the policy data")
        #expect(html.contains("<link rel=\"canonical\" href=\"https://example.org/guides/about/\">"))
        #expect(try text(site, "sitemap.xml").contains("<loc>https://example.org/guides/about/</loc>"))
        #expect(try text(site, "index.html").contains("<a href=\"/guides/about/\">About us</a>"), "footer menu link")
        #expect(site.renderer.publishedPaths().contains("/about/"))
    }

    @Test func aStandalonePageCannotUseAPerPagePlaceholder() {
        let page = "---\ntitle: Bad\ndescription: A page that uses a value that only matrix pages have, which is an error.\n---\nHi {{ payer.name }}.\n"
        let e = errors(Fixtures.copy("mini", changing: ["pages/bad.md": page])).error(containing: "cannot be used on a standalone page")
        #expect(e?.location?.file.hasSuffix("pages/bad.md") == true)
        #expect(e?.location?.line == 5)
    }

    @Test func aURLCollisionIsAnErrorNamingBoth() {
        func page(_ url: String) -> String {
            "---\ntitle: Clash\ndescription: A page whose address another page of the site already has, for the test.\nurl: \(url)\n---\nText.\n"
        }
        let withCell = errors(Fixtures.copy("mini", changing: ["pages/clash.md": page("/kyphoplasty/medicare/medical-necessity/")]))
        let cell = withCell.error(containing: "URL /kyphoplasty/medicare/medical-necessity/ is used by")
        #expect(cell?.message.contains("pages/clash.md") == true)
        #expect(cell?.message.contains("page kyphoplasty × medicare × medical-necessity") == true)
        #expect(cell?.location?.line == 4, "at the `url:` line")
        let withIndex = errors(Fixtures.copy("mini", changing: ["pages/clash.md": page("/payers/")]))
        let index = withIndex.error(containing: "URL /payers/ is used by")
        #expect(index?.message.contains("index page of insurers") == true && index?.message.contains("pages/clash.md") == true)
        let withHub = errors(Fixtures.copy("mini", changing: ["pages/clash.md": page("/payers/aetna/")]))
        #expect(withHub.error(containing: "URL /payers/aetna/ is used by")?.message.contains("hub of payer `aetna`") == true)
        let badURL = errors(Fixtures.copy("mini", changing: ["pages/clash.md": page("about")]))
        #expect(badURL.error(containing: "`url` of a page must be a site path") != nil)
    }

    @Test func theFirstStepBoxShowsEachLaddersFirstDeadlineFromThePolicyData() throws {
        let site = try prepare(Fixtures.path("mini"))
        let plan = site.renderer.plan
        let i = try #require(plan.cells.firstIndex { $0.path == "/kyphoplasty/medicare/medical-necessity/" })
        let html = site.renderer.renderPage(i)
        let start = try #require(html.firstRange(of: "<section class=\"first-step\" id=\"first-step\"")).lowerBound
        let box = html[start..<(try #require(html[start...].firstRange(of: "</section>")).upperBound)]
        let slugs = plan.policies(plan.cells[i])
        #expect(!slugs.isEmpty)
        for slug in slugs {
            let policy = try #require(plan.site.policies[slug])
            let first = try #require(policy.levels.first)
            #expect(box.contains(first.name), "\(slug): level 1's name")
            #expect(box.contains(first.decidedBy), "\(slug): who decides")
            if let amount = first.deadline.amount {
                #expect(box.contains("<strong>\(amount) "), "\(slug): the deadline figure")
                if let from = first.deadline.from { #expect(box.contains("from " + from), "\(slug): what the deadline runs from") }
            } else {
                #expect(box.contains(first.deadline.description))
            }
            if let form = first.form { #expect(box.contains(form)) }
            let item = try #require(box.firstRange(of: "<span class=\"first-step__tag\">\(policy.shortName)</span>")).upperBound
            let itemText = box[item...].prefix { _ in true }.split(separator: "</li>", maxSplits: 1).first ?? ""
            #expect(itemText.contains(first.name))
            if policy.levels.count > 1 { #expect(!itemText.contains(policy.levels[1].decidedBy), "\(slug): later levels stay out of the first step") }
        }
        // Before the ladders and the advice, after the lead.
        let ladders = try #require(html.firstRange(of: "id=\"appeal-steps\"")).lowerBound
        #expect(start < ladders)
        #expect(html.firstRange(of: "class=\"toc\"")!.lowerBound > start)
    }

    @Test func appealLevelsAreFoldedAndPrintedInFull() throws {
        let site = try prepare(Fixtures.path("mini"))
        let plan = site.renderer.plan
        let i = try #require(plan.cells.firstIndex { $0.path == "/kyphoplasty/medicare/medical-necessity/" })
        let html = site.renderer.renderPage(i)
        let policy = try #require(plan.site.policies["original-medicare"])
        let ladder = try #require(html.firstRange(of: "id=\"ladder-original-medicare\"")).upperBound
        let details = try #require(html[ladder...].firstRange(of: "<details class=\"later\">")).upperBound
        let closing = try #require(html[details...].firstRange(of: "</details>")).lowerBound
        for level in policy.levels.dropFirst() { #expect(html[details..<closing].contains(level.name), "\(level.name) is inside the fold") }
        #expect(!html[details..<closing].contains("<details open"), "folded by default, no script")
        #expect(!html.contains("<script>"), "no JavaScript")
        // Links into a fold target an element inside it, so following one opens the fold.
        #expect(html.contains("<a href=\"#ladder-original-medicare-levels\">"))
        #expect(html[details..<closing].contains("id=\"ladder-original-medicare-levels\""))
        let toc = try #require(html.firstRange(of: "class=\"toc\"")).upperBound
        let tocEnd = try #require(html[toc...].firstRange(of: "</nav>")).lowerBound
        for link in html[toc..<tocEnd].split(separator: "href=\"#").dropFirst() {
            let id = String(link.prefix { $0 != "\"" })
            #expect(html.contains(" id=\"\(id)\""), "TOC target \(id) exists")
            #expect(!html.contains("<details class=\"\(id) fold\" id="), "the id is not on the <details> itself")
        }
        let css = Fixtures.read(Fixtures.defaultTheme + "/assets/style.css")
        let print = try #require(css.firstRange(of: "@media print")).upperBound
        #expect(css[print...].contains("details::details-content"), "print shows folded levels")
        #expect(css[print...].contains(".cta__print { display: block"), "print shows the offer's URL")
        #expect(html.contains("class=\"cta__print\""))
    }

    @Test func theOfferIsLabelledAsTheSitesOwnProductAndStaysOutOfTheSteps() throws {
        let site = try prepare(Fixtures.path("mini"))
        let html = site.renderer.renderPage(0)
        let steps = try #require(html.firstRange(of: "id=\"appeal-steps\"")).lowerBound
        let stepsEnd = try #require(html[steps...].firstRange(of: "</section>\n\n")).upperBound
        #expect(!html[steps..<stepsEnd].contains("class=\"cta"), "no offer inside the appeal steps")
        let full = try #require(html.firstRange(of: "<aside class=\"cta\" id=\"offer\"")).upperBound
        #expect(html[full...].prefix(300).contains("Paid service from Mini Appeals"))
        #expect(try #require(html.firstRange(of: "class=\"offer-note\"")).lowerBound < steps, "a compact note after the advice")
    }

    @Test func pagesCarryASiteLevelShareImageWithItsSize() throws {
        let site = try prepare(Fixtures.path("mini"))
        let image = try #require(site.renderer.theme.ogImage)
        #expect(image.width == 1200 && image.height == 630, "read from the PNG itself")
        for file in ["index.html", "kyphoplasty/medicare/medical-necessity/index.html", "procedures/index.html", "payers/medicare/index.html"] {
            let html = try text(site, file)
            #expect(html.contains("<meta property=\"og:image\" content=\"https://example.org/guides/assets/og-image.png\">"), "\(file)")
            #expect(html.contains("<meta property=\"og:image:width\" content=\"1200\">") && html.contains("<meta property=\"og:image:height\" content=\"630\">"))
            #expect(!html.contains("href=\"data:image/svg+xml,%3Csvg xmlns"), "no spaces in the favicon's data URI")
            let icon = try #require(html.firstRange(of: "<link rel=\"icon\"")).lowerBound
            #expect(!html[icon...].prefix(while: { $0 != ">" }).contains(" viewBox"))
        }
    }

    @Test func reportSquaresLinkToTheirPagesAndNameTheirFiles() throws {
        let site = try prepare(Fixtures.path("mini"))
        let checker = SiteChecker(renderer: site.renderer, outputs: site.outputs)
        try site.renderer.renderEach(site.outputs) { _, i, bytes in checker.inspect(i, html: String(decoding: bytes, as: UTF8.self)) }
        let report = SiteReport(plan: site.renderer.plan, check: checker.finish(adding: []))
        let html = report.html()
        #expect(html.contains("<main>") && html.contains("</main>"))
        #expect(html.contains("href=\"https://example.org/guides/kyphoplasty/medicare/medical-necessity/\""))
        #expect(html.contains("made from: "))
        #expect(!html.contains("<th class=\"corner\"></th>"), "no empty header cell")
        #expect(html.contains("class=\"heat-wrap\" tabindex=\"0\""))
    }
}
