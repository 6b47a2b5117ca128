import AppealTestSupport
import Foundation
import Testing

/// `appealpress review`, run as an editor would: exit codes, messages, and nothing written on errors.
@Suite struct ReviewCommandTests {
    func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) { try Executable.run(["review"] + arguments) }

    func site() -> String {
        Fixtures.copy("mini", changing: ["reviewers.yaml": "reviewers:\n  - { id: ed, kind: organization, name: Editors, role: editorial }\n"])
    }

    @Test func approveRecordsAndStatusReportsAsJSON() throws {
        let content = site()
        let approved = try run(["approve", content + "/sections/lede.md", "payers", "--by", "ed", "--date", "2026-11-20", "--content", content])
        #expect(approved.status == 0, "\(approved.err)")
        #expect(approved.out.hasPrefix("Recorded 3 reviews by ed on 2026-11-20 in \(content)/reviews.yaml"))
        let status = try run(["status", "--json", "--content", content, "--date", "2026-11-29"])
        #expect(status.status == 0)
        let json = try #require(JSONSerialization.jsonObject(with: Data(status.out.utf8)) as? [String: Any])
        #expect((json["reviewed"] as? [[String: Any]])?.compactMap { $0["file"] as? String }
                == [content + "/payers/aetna.md", content + "/payers/medicare.md", content + "/sections/lede.md"])
        #expect(json["review"] as? String == "optional" && json["heldBack"] as? Int == 0)
        let text = try run(["status", "--content", content, "--date", "2026-11-29"])
        #expect(text.out.contains("Never reviewed — 11 files\n"))
        #expect(text.out.contains("Reviewed — 3 files\n  \(content)/payers/aetna.md: reviewed by ed on 2026-11-20; 3 pages, e.g. "))
    }

    @Test(arguments: [
        (["approve", "offers.yaml"], "--by"),
        (["approve", "--by", "ed"], "path"),
        (["approve", "offers.yaml", "--by", "ed", "--date", "20 Nov"], "is not a date"),
        (["status", "--date", "yesterday"], "is not a date"),
        (["status", "--jsn"], "Unknown option"),
    ])
    func usageErrorsExit64(arguments: [String], message: String) throws {
        let content = site()
        let result = try run(arguments + ["--content", content])
        #expect(result.status == 64)
        #expect(result.err.contains(message), "\(result.err)")
        #expect(!FileManager.default.fileExists(atPath: content + "/reviews.yaml"))
    }

    @Test func contentErrorsExit1AndWriteNothing() throws {
        let content = site()
        let unknown = try run(["approve", "offers.yaml", "--by", "editor", "--content", content])
        #expect(unknown.status == 1)
        #expect(unknown.err.contains("\(content)/reviewers.yaml:1:1: error: unknown reviewer `editor`"))
        let missing = try run(["approve", "sections/gone.md", "offers.yaml", "--by", "ed", "--content", content])
        #expect(missing.status == 1)
        #expect(missing.err.contains("sections/gone.md: error: `sections/gone.md` does not exist"))
        #expect(missing.err.contains("nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: content + "/reviews.yaml"))

        // A malformed reviews.yaml stops both commands, with its line, and is left as it was.
        let broken = "version: 1\nreviews:\n  - { file: offers.yaml, reviewer: ed, date: 2026-11-20 }\n"
        try broken.write(toFile: content + "/reviews.yaml", atomically: true, encoding: .utf8)
        let status = try run(["status", "--content", content])
        #expect(status.status == 1)
        #expect(status.err.contains("reviews.yaml:3:5: error: a review is missing `sha256`"))
        #expect(try run(["approve", "offers.yaml", "--by", "ed", "--content", content]).status == 1)
        #expect(Fixtures.read(content + "/reviews.yaml") == broken)

        let site = Fixtures.read(content + "/site.yaml") + "review: always\n"
        try site.write(toFile: content + "/site.yaml", atomically: true, encoding: .utf8)
        try "version: 1\nreviews: []\n".write(toFile: content + "/reviews.yaml", atomically: true, encoding: .utf8)
        let bad = try run(["status", "--content", content])
        #expect(bad.status == 1 && bad.err.contains("site.yaml:8:9: error: `review` must be `required` or `optional`, found `always`"))
    }
}
