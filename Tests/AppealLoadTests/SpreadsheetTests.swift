import AppealLoad
import AppealModel
import AppealTestSupport
import Foundation
import Testing

/// A dimension's values from `procedures/procedures.csv`, read with CSV.swift and located cell by cell.
@Suite struct SpreadsheetTests {
    static let header = "slug,name,short_name"

    /// The mini site with its procedures as `csv` instead of Markdown files.
    func load(_ csv: String, keepMarkdown: Bool = false) -> (Site?, [Diagnostic]) {
        var changes: [String: String?] = ["procedures/procedures.csv": csv]
        if !keepMarkdown { changes["procedures/kyphoplasty.md"] = .some(nil); changes["procedures/lumbar-mri.md"] = .some(nil) }
        let dir = Fixtures.copy("mini", changing: changes)
        do {
            let (site, warnings) = try ContentLoader.load(from: dir)
            return (site, warnings)
        } catch {
            return (nil, error.diagnostics)
        }
    }

    func procedures(_ site: Site?) -> [Entity] { site?.entities[0] ?? [] }

    @Test func readsFieldsListsCriteriaSourcesAndBody() throws {
        let (site, diagnostics) = load(Fixtures.read(Fixtures.path("spreadsheet/procedures.csv")))
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let list = procedures(site)
        #expect(list.map(\.slug) == ["kyphoplasty", "lumbar-mri", "spinal-fusion"])
        let k = list[0]
        #expect(k.fields["name"] == "Kyphoplasty")
        #expect(k.criteria?.codes == "CPT 22513, 22514, +22515")
        #expect(k.criteria?.items == ["Acute or subacute fracture confirmed on MRI or bone scan.", "Pain despite optimal non-surgical management."])
        #expect(k.criteria?.reviewed == Day(iso: "2026-11-20"))
        let fusion = list[2]
        #expect(fusion.policies == ["employer-erisa", "medicare-advantage"])
        #expect(fusion.sources.map(\.url) == ["https://www.cms.gov/medicare-coverage-database/"])
        #expect(fusion.body.hasPrefix("Spinal fusion joins two or more vertebrae, the \"bones\" of the spine.\n\n- It is planned surgery.\n"))
        // Each value points at its row: line 5 (the kyphoplasty row spans lines 2 and 3).
        #expect(fusion.location.file.hasSuffix("procedures/procedures.csv") && fusion.location.line == 5 && fusion.location.column == 1)
        #expect(list[1].criteria == nil && list[1].location.line == 4)
    }

    @Test func mixesWithMarkdownFilesInTheSameFolder() {
        let (site, diagnostics) = load(Self.header + "\nspinal-fusion,Spinal fusion,spinal fusion\n", keepMarkdown: true)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(procedures(site).map(\.slug) == ["kyphoplasty", "lumbar-mri", "spinal-fusion"])
        let (_, twice) = load(Self.header + "\nkyphoplasty,Kyphoplasty,kyphoplasty\n", keepMarkdown: true)
        let error = twice.error(containing: "is both a row of procedures/procedures.csv and the file")
        #expect(error?.location?.line == 2)
    }

    @Test func quotesCommasAndLineBreaksInsideCells() {
        let (site, diagnostics) = load(Self.header + "\nkyphoplasty,\"Kyphoplasty, \"\"balloon\"\"\",kyphoplasty\nlumbar-mri,\"Lumbar\nMRI\",lumbar MRI\n")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(procedures(site).map { $0.fields["name"] } == ["Kyphoplasty, \"balloon\"", "Lumbar\nMRI"])
        #expect(procedures(site)[1].location.line == 3)
    }

    @Test func windowsLineEndsAndAByteOrderMarkRead() {
        let (site, diagnostics) = load("\u{FEFF}" + Self.header + "\r\nkyphoplasty,Kyphoplasty,kyphoplasty\r\nlumbar-mri,Lumbar MRI,\"lumbar\r\nMRI\"\r\n")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(procedures(site).map(\.slug) == ["kyphoplasty", "lumbar-mri"])
        #expect(procedures(site)[1].fields["short_name"] == "lumbar\nMRI")
        // After a byte-order mark, an unknown column is still located at its own column.
        let (_, errors) = load("\u{FEFF}slug,nmae\r\nkyphoplasty,Kyphoplasty\r\n")
        let unknown = errors.error(containing: "unknown column `nmae`")
        #expect(unknown?.location?.line == 1 && unknown?.location?.column == 6)
        #expect(unknown?.hint?.contains("`name`") == true)
    }

    @Test func raggedRowsAreLocatedErrors() {
        let (_, errors) = load(Self.header + "\nkyphoplasty,Kyphoplasty,kyphoplasty,extra\nlumbar-mri,Lumbar MRI\n")
        let long = errors.error(containing: "row 2 has 4 cells but the header has 3")
        #expect(long?.location?.line == 2 && long?.location?.column == 37)
        let short = errors.error(containing: "row 3 has 2 cells but the header has 3")
        #expect(short?.location?.line == 3 && short?.location?.column == 12)
    }

    @Test func malformedQuotesAreLocatedErrors() {
        let (_, stray) = load(Self.header + "\nkyphoplasty,Kypho\"plasty,kyphoplasty\n")
        #expect(stray.error(containing: "a quote inside a cell that does not start with one")?.location.map { ($0.line, $0.column) } ?? (0, 0) == (2, 18))
        let (_, after) = load(Self.header + "\nkyphoplasty,\"Kypho\"plasty,kyphoplasty\n")
        #expect(after.error(containing: "text after the closing quote")?.location.map { ($0.line, $0.column) } ?? (0, 0) == (2, 20))
        let (_, open) = load(Self.header + "\nkyphoplasty,Kyphoplasty,kyphoplasty\nlumbar-mri,\"Lumbar MRI,lumbar MRI\n")
        #expect(open.error(containing: "this quote is never closed")?.location.map { ($0.line, $0.column) } ?? (0, 0) == (3, 12))
    }

    @Test func cellErrorsNameTheRowAndTheColumnHeader() {
        let (_, errors) = load("slug,name,short_name,criteria.source,sources.1.url\nkyphoplasty,,kyphoplasty,LCD L1,ftp://x\nNot A Slug,X,x,,\n")
        let empty = errors.error(containing: "row 2, column `name` is empty")
        #expect(empty?.location?.line == 2 && empty?.location?.column == 13)
        #expect(errors.error(containing: "row 2, column `criteria.title` is empty, but other `criteria.` cells") != nil)
        #expect(errors.error(containing: "row 2, column `sources.1.title` is empty") != nil)
        #expect(errors.error(containing: "`Not A Slug` in row 3, column `slug` is not a valid slug")?.location?.line == 3)
        let (_, noSlug) = load("name,short_name\nKyphoplasty,kyphoplasty\n")
        #expect(noSlug.error(containing: "the header has no `slug` column")?.location?.line == 1)
    }

    @Test func unfinishedTextInACellIsMarkedAtItsPlace() throws {
        let (site, _) = load(Self.header + ",body\nkyphoplasty,Kyphoplasty,kyphoplasty,\"Intro.\nTODO: write more\"\nlumbar-mri,Lumbar MRI,lumbar MRI,\n")
        let mark = try #require(site?.textMarks.first { $0.kind == .unfinished && $0.location.file.hasSuffix(".csv") })
        #expect(mark.location.line == 3 && mark.location.column == 1)
    }
}
