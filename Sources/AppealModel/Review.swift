/// Whether pages need reviewed inputs to be indexed: `review:` in site.yaml.
public enum ReviewPolicy: String, Sendable, CaseIterable {
    /// A page any of whose inputs is unreviewed is built `noindex` and left out of the sitemap.
    case required
    /// Reviews are shown where they exist; they do not change what is indexed. The default.
    case optional
}

/// Someone who stands behind content: an entry of `Content/reviewers.yaml`.
public struct Reviewer: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case person, organization
    }

    /// The roles a reviewer may have; a typo is an error, not a new role.
    public static let roles = ["clinical", "legal", "editorial", "billing"]

    public var id: String
    public var kind: Kind
    public var name: String
    /// "MD, board-certified in internal medicine", "JD"; required for a person.
    public var credentials: String?
    public var role: String
    public var url: String?
    public var location: SourceLocation

    public init(id: String, kind: Kind = .person, name: String, credentials: String?, role: String, url: String? = nil,
                location: SourceLocation) {
        self.id = id
        self.kind = kind
        self.name = name
        self.credentials = credentials
        self.role = role
        self.url = url
        self.location = location
    }

    /// "Jane Doe, MD" or the organisation's name (with its credentials when it has some).
    public var byline: String { credentials.map { "\(name), \($0)" } ?? name }
}

/// One approval: `reviewer` read `file` (relative to the content folder) as it was when its content
/// hashed to `sha256`, on `date`.
public struct ReviewRecord: Sendable, Hashable {
    public var file: String
    public var reviewer: String
    public var date: Day
    public var sha256: String
    /// Its line in reviews.yaml, when it was read from there.
    public var location: SourceLocation?

    public init(file: String, reviewer: String, date: Day, sha256: String, location: SourceLocation? = nil) {
        self.file = file
        self.reviewer = reviewer
        self.date = date
        self.sha256 = sha256
        self.location = location
    }
}

/// `Content/reviews.yaml`: every approval, one line each, sorted by file then reviewer, so a new
/// approval is a one-line diff. Written only by `appealpress review approve`.
public struct ReviewLedger: Sendable {
    /// The format's version; a file with another is refused rather than misread.
    public static let version = 1
    public static let fileName = "reviews.yaml"

    public private(set) var records: [ReviewRecord]

    public init(records: [ReviewRecord] = []) { self.records = Self.sorted(records) }

    static func sorted(_ records: [ReviewRecord]) -> [ReviewRecord] {
        records.sorted { ($0.file, $0.reviewer) < ($1.file, $1.reviewer) }
    }

    /// Records `reviewer`'s approval of `file`, replacing that reviewer's earlier record of it.
    public mutating func approve(_ record: ReviewRecord) {
        records.removeAll { $0.file == record.file && $0.reviewer == record.reviewer }
        var plain = record
        plain.location = nil
        records = Self.sorted(records + [plain])
    }

    /// The file's text: stable, so the same records always give the same bytes.
    public var yaml: String {
        var out = """
        # Reviews of content files: who approved which version of a file, and when. Written by
        # `appealpress review approve PATH… --by ID`; each line is one approval of one file. `sha256` is
        # the hash of the file's text when it was approved: once the file changes it no longer matches,
        # and the file counts as unreviewed until someone approves it again. See docs/content-model.md.
        version: \(Self.version)

        """
        if records.isEmpty { return out + "reviews: []\n" }
        out += "reviews:\n"
        for r in records {
            out += "  - { file: \(Self.scalar(r.file)), reviewer: \(Self.scalar(r.reviewer)), date: \(r.date), sha256: \(r.sha256) }\n"
        }
        return out
    }

    /// A path or id as a YAML flow scalar: plain when it is only safe characters, quoted otherwise.
    public static func scalar(_ text: String) -> String {
        let safe = !text.isEmpty && text.utf8.allSatisfy { b in
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F || b == 0x2E || b == 0x2F
        }
        if safe { return text }
        var out = "\""
        for c in text {
            if c == "\\" || c == "\"" { out.append("\\") }
            out.append(c)
        }
        return out + "\""
    }
}

/// Reviews as loaded with the site: the reviewers, the records, and which records still match the
/// files they approve.
public struct ReviewBook: Sendable {
    public var reviewers: [String: Reviewer]
    public var records: [ReviewRecord]
    /// Per content file (its path as in `SourceLocation.file`), the records whose hash matches its text now.
    public var current: [String: [Int]]
    /// Per content file, the records made for an earlier version of it.
    public var stale: [String: [Int]]

    public init(reviewers: [String: Reviewer] = [:], records: [ReviewRecord] = [], current: [String: [Int]] = [:],
                stale: [String: [Int]] = [:]) {
        self.reviewers = reviewers
        self.records = records
        self.current = current
        self.stale = stale
    }

    /// Whether `file`'s content as it is now has been approved by someone.
    public func isReviewed(_ file: String) -> Bool { !(current[file] ?? []).isEmpty }
}
