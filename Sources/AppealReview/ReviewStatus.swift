import AppealLoad
import AppealModel
import AppealPlan
import Foundation

/// `appealpress review status`: every file pages are built from, reviewed, stale or never reviewed,
/// with the pages each one reaches.
public struct ReviewStatus: Encodable, Sendable {
    public enum State: String, Encodable, Sendable {
        /// A record matches the file as it is now.
        case reviewed
        /// Records exist, all made for an earlier version of the file.
        case stale
        case never
    }

    public struct Review: Encodable, Sendable {
        public var reviewer: String
        public var date: String
        /// Whether this record matches the file as it is now.
        public var current: Bool
    }

    public struct File: Encodable, Sendable {
        /// As typed on the command line: under the content folder.
        public var file: String
        public var state: State
        public var reviews: [Review]
        public var pages: Int
        public var examples: [String]
    }

    /// `required` or `optional`.
    public var review: String
    public var pages: Int
    /// Pages built noindex because an input is unreviewed (0 unless review is required).
    public var heldBack: Int
    public var reviewed: [File]
    public var stale: [File]
    public var never: [File]

    public init(plan: SitePlan) {
        let site = plan.site
        review = site.config.review.rawValue
        pages = plan.cells.count
        var ungated = site.config
        ungated.review = .optional
        heldBack = plan.cells.filter { $0.isIndexable(under: ungated) && !$0.isIndexable(under: site.config) }.count
        var reach: [String: (count: Int, examples: [String])] = [:]
        for cell in plan.cells {
            for file in plan.inputFiles(cell) {
                var r = reach[file] ?? (0, [])
                r.count += 1
                if r.examples.count < 3 { r.examples.append(cell.path) }
                reach[file] = r
            }
        }
        // A standalone page is built from its own file alone.
        for page in site.pages { reach[page.location.file] = (1, [page.path]) }
        var files = [site.offers.location.file] + site.policies.values.map(\.location.file) + site.fragments.map(\.location.file)
            + site.pages.map(\.location.file)
        for list in site.entities { files += list.map(\.location.file) }
        var reviewed: [File] = [], stale: [File] = [], never: [File] = []
        let book = site.reviews
        for file in Set(files).sorted() {
            let current = book.current[file] ?? [], old = book.stale[file] ?? []
            let reviews = (current.map { (book.records[$0], true) } + old.map { (book.records[$0], false) })
                .sorted { ($0.0.date, $0.0.reviewer) > ($1.0.date, $1.0.reviewer) }
                .map { Review(reviewer: $0.0.reviewer, date: $0.0.date.description, current: $0.1) }
            let entry = File(file: file, state: !current.isEmpty ? .reviewed : old.isEmpty ? .never : .stale, reviews: reviews,
                             pages: reach[file]?.count ?? 0, examples: reach[file]?.examples ?? [])
            switch entry.state {
            case .reviewed: reviewed.append(entry)
            case .stale: stale.append(entry)
            case .never: never.append(entry)
            }
        }
        self.reviewed = reviewed
        self.stale = stale
        self.never = never
    }

    /// Loads and plans the site in `content` on `date`, then works out its review status.
    public static func of(content: String, date: Day) throws(DiagnosticError) -> (ReviewStatus, [Diagnostic]) {
        let (site, warnings) = try ContentLoader.load(from: content)
        let (plan, planWarnings) = try Planner.plan(site, buildDate: date)
        return (ReviewStatus(plan: plan), warnings + planWarnings)
    }

    /// Grouped for a terminal: never reviewed and stale first (what needs doing), then reviewed.
    public var text: String {
        var out = "Review: \(review) (site.yaml); \(pages) pages"
        out += review == ReviewPolicy.required.rawValue
            ? ", \(heldBack) built noindex because an input is not reviewed\n" : "; unreviewed inputs do not change what is indexed\n"
        func line(_ f: File) -> String {
            var text = "  \(f.file): "
            if let latest = f.reviews.first(where: { $0.current }) ?? f.reviews.first {
                text += (f.state == .reviewed ? "reviewed by " : "last reviewed by ") + "\(latest.reviewer) on \(latest.date)"
                let others = Set(f.reviews.filter(\.current).map(\.reviewer)).subtracting([latest.reviewer]).sorted()
                if f.state == .reviewed && !others.isEmpty { text += " (also " + others.joined(separator: ", ") + ")" }
                text += "; "
            }
            text += "\(f.pages) page\(f.pages == 1 ? "" : "s")"
            if !f.examples.isEmpty { text += ", e.g. " + f.examples.joined(separator: ", ") + (f.pages > f.examples.count ? ", …" : "") }
            return text + "\n"
        }
        for (title, files) in [("Never reviewed", never), ("Stale: changed since reviewed", stale), ("Reviewed", reviewed)] {
            out += "\n\(title) — \(files.count) file\(files.count == 1 ? "" : "s")\n"
            for f in files { out += line(f) }
        }
        return out
    }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }
}
