import AppealModel
@testable import AppealScaffold
import AppealTestSupport
import Foundation
import Testing

/// `new` knows the values a spreadsheet defines, as the build does.
@Suite struct ScaffoldSpreadsheetTests {
    let content = Fixtures.copy("mini", changing: ["procedures/kyphoplasty.md": nil, "procedures/lumbar-mri.md": nil,
                                                   "procedures/procedures.csv": Fixtures.read(Fixtures.path("spreadsheet/procedures.csv"))])

    func request(_ kind: String, _ slug: String, for selectors: [String] = []) -> ScaffoldRequest {
        ScaffoldRequest(kind: kind, slug: slug, selectors: selectors, today: Day(iso: "2026-11-29")!)
    }

    @Test func aRowIsNeverDefinedTwice() throws {
        #expect(throws: ScaffoldError.self) { try Scaffold.file(for: request("procedure", "spinal-fusion"), content: content) }
        do {
            _ = try Scaffold.file(for: request("procedure", "spinal-fusion"), content: content)
        } catch {
            #expect(error.diagnostics.first?.message.contains("already exists at \(content)/procedures/procedures.csv:5:1") == true)
            #expect(!error.isUsage)
        }
    }

    @Test func aSectionMayNameARow() throws {
        let file = try Scaffold.file(for: request("section", "angles/spinal-fusion--aetna", for: ["procedure=spinal-fusion", "payer=aetna"]), content: content)
        #expect(file.text.contains("for: { procedure: spinal-fusion, payer: aetna }"))
    }
}
