import AppealBuild
import AppealModel
import AppealTestSupport
import Foundation
import Testing

/// A policy's `reviewed:` date is "in the future" only once it is after the real day too: a build
/// dated back (`--date`) of content reviewed since is not a mistake in the content.
@Suite struct ReviewedDateTests {
    func futureWarnings(reviewed: String, buildDate: String) throws -> [Diagnostic] {
        let file = Fixtures.read(Fixtures.path("mini/policies/employer-erisa.yaml")).replacingOccurrences(of: "reviewed: 2026-11-20", with: "reviewed: \(reviewed)")
        let content = Fixtures.copy("mini", changing: ["policies/employer-erisa.yaml": file])
        let result = try SiteBuilder.check(BuildOptions(content: content, theme: Fixtures.defaultTheme, output: "", date: Day(iso: buildDate)!))
        return result.findings.map(\.diagnostic).filter { $0.message.contains("`reviewed` date in the future") }
    }

    @Test func aDateAfterTodayIsStillWarnedAbout() throws {
        let found = try futureWarnings(reviewed: "2999-01-01", buildDate: "2026-11-29")
        #expect(found.count == 1 && found[0].location?.file.hasSuffix("employer-erisa.yaml") == true && found[0].location?.line == 5)
    }

    @Test func aBuildDatedBeforeTheReviewIsNot() throws {
        // Reviewed 2026-11-20, built as of 2026-11-01, run on a later real day.
        #expect(try futureWarnings(reviewed: "2026-11-20", buildDate: "2026-11-01").isEmpty)
    }
}
