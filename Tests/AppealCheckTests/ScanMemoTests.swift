@testable import AppealCheck
import Foundation
import Testing

/// The scan memo replays elements that pages repeat instead of reading them again. Whatever the
/// pages hold, a scan with the memo must give exactly what a scan without it gives.
@Suite struct ScanMemoTests {
    /// An element of more than `ScanMemo.minimum` bytes with ids, links and words.
    static let shared = """
    <section class="ladder" id="ladder-medicare" aria-labelledby="ladder-medicare-title">
      <h2 id="ladder-medicare-title">Original Medicare appeal steps</h2>
      <p>Ask for a redetermination within <strong>120 days</strong> of getting the notice.</p>
      <ul>
        <li><a href="/guides/medicare/">Medicare guide</a></li>
        <li><a href="https://www.cms.gov/medicare/appeals">CMS appeals</a></li>
        <li><a href="#ladder-medicare-title">Back to the steps</a></li>
      </ul>
      <p>Then a reconsideration by an independent contractor, a hearing, a council review, and court.</p>
    </section>
    """

    /// The same first bytes as `shared`, different after them.
    static let lookalike = shared.replacingOccurrences(of: "a council review", with: "the Council <em>review</em>")

    static func page(_ body: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>A page</title>
        </head>
        <body>
        <main id="main">
        <h1>A page</h1>
        \(body)
        </main>
        </body>
        </html>

        """
    }

    /// Pages that hold the shared element in every context the memo must tell apart, and pages
    /// where replaying it would be wrong.
    static let pages: [String] = [
        page("<p>Intro.</p>\n" + shared),
        page("<p>Other intro.</p>\n" + shared),
        page(shared + "\n<p>After.</p>"),
        // Twice on one page: the second copy repeats ids, which only scanning reports.
        page(shared + "\n" + shared),
        // Inside an open <p>: a <section> there is a problem.
        page("<p>Before " + shared + "</p>"),
        // Inside <nav>: its words do not count.
        page("<nav aria-label=\"Steps\">" + shared + "</nav>"),
        // Inside an open link: its links are links inside a link.
        page("<a href=\"/x/\">" + shared + "</a>"),
        // The same start, different further on.
        page(lookalike),
        page(lookalike + "\n" + shared),
        // An id the shared element uses, already on the page before it.
        page("<p id=\"ladder-medicare\">Taken.</p>\n" + shared),
        // Outside <main>: no words are collected.
        page("</main>\n" + shared + "\n<main>"),
        page("<p>Last.</p>\n" + shared),
    ]

    func same(_ a: PageScan, _ b: PageScan, _ note: Comment) {
        #expect(a.problems == b.problems, note)
        #expect(a.problemCount == b.problemCount, note)
        #expect(a.titles == b.titles, note)
        #expect(a.h1Count == b.h1Count, note)
        #expect(a.links == b.links, note)
        #expect(a.ids == b.ids, note)
        #expect(a.words == b.words, note)
    }

    @Test func scansWithTheMemoEqualScansWithout() {
        let memo = ScanMemo()
        let with = HTMLScanner(memo: memo), without = HTMLScanner()
        // Three rounds: an element is kept the second time it is seen, replayed from the third.
        for round in 0..<3 {
            for (n, html) in Self.pages.enumerated() {
                same(with.scan(html), without.scan(html), "page \(n), round \(round)")
            }
        }
        let stats = memo.statistics
        #expect(stats.hits > 10, "the memo was used: \(stats)")
        #expect(stats.kept > 0)
    }

    /// A broken element is never kept: every page that holds it reports it.
    @Test func anElementWithAProblemIsScannedOnEveryPage() {
        let broken = Self.shared.replacingOccurrences(of: "<strong>120 days</strong>", with: "<strong>120 days</em>")
        let scanner = HTMLScanner(memo: ScanMemo())
        for n in 0..<4 {
            let scan = scanner.scan(Self.page(broken))
            #expect(scan.problems.contains { $0.message.contains("</em>") }, "page \(n)")
        }
    }

    /// Memory stays within the budget however many distinct elements go through.
    @Test func theMemoKeepsWithinItsBudget() {
        let memo = ScanMemo(budget: 1)
        let scanner = HTMLScanner(memo: memo)
        for n in 0..<3_000 {
            let element = Self.shared.replacingOccurrences(of: "Original Medicare", with: "Plan \(n)")
            _ = scanner.scan(Self.page(element))
            _ = scanner.scan(Self.page(element))
        }
        #expect(memo.statistics.kept > 1_000)
        #expect(memo.heldBytes <= 1 << 20)
    }

    /// The lock-free filter in front of the memo never answers "no" for a key it holds, and answers
    /// "no" for most others.
    @Test func theKeyFilterNeverLosesAKey() {
        let filter = KeyFilter()
        var state: UInt64 = 7
        func next() -> UInt64 { state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return state ^ (state >> 29) }
        let held = (0..<50_000).map { _ in next() }
        DispatchQueue.concurrentPerform(iterations: 4) { part in
            for k in stride(from: part, to: held.count, by: 4) { filter.insert(held[k]) }
        }
        #expect(held.allSatisfy(filter.mayContain))
        let set = Set(held)
        let absent = (0..<50_000).map { _ in next() }.filter { !set.contains($0) }
        let maybe = absent.filter(filter.mayContain).count
        #expect(maybe < absent.count / 50, "\(maybe) of \(absent.count) absent keys pass")
    }
}
