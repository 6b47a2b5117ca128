import AppealModel
import AppealPlan
import AppealTemplate

/// Who stands behind a page: the reviewers whose records match every one of its inputs.
struct PageReview {
    /// Each reviewer once, with the newest date they approved one of the page's inputs; by name.
    var reviewers: [(reviewer: Reviewer, date: Day)]
    /// The newest of those dates: the page's `lastReviewed`.
    var last: Day
}

extension SiteRenderer {
    /// Whether the hub of value `e` of dimension `d` in language `l` may be indexed: with `review:
    /// required`, only when its inputs are reviewed as they are now — the value's file, its body in
    /// that language, and the policies the hub shows — as for a cell's page.
    public func hubIndexable(dimension d: Int, entity e: Int, language l: Int = 0) -> Bool {
        guard site.config.review == .required else { return true }
        let current = site.reviews.current
        let entity = site.entities[d][e]
        var files = [entity.location.file]
        if l > 0, let file = entity.localizedBodyFiles[site.config.languages[l].code] { files.append(file) }
        for slug in hubPolicies(dimension: d, entity: e, language: l) { if let p = site.policies[slug] { files.append(p.location.file) } }
        return files.allSatisfy { !(current[$0] ?? []).isEmpty }
    }

    /// A guided hub may be indexed when the near-duplicate rule allows it and, with `review:
    /// required`, its values' files and its own article are reviewed as they are now.
    public func pairHubIndexable(_ i: Int) -> Bool {
        let hub = plan.pairHubs[i]
        guard hub.indexable else { return false }
        guard site.config.review == .required else { return true }
        let current = site.reviews.current
        var files = [site.entities[0][hub.first].location.file, site.entities[1][hub.second].location.file]
        if let a = hub.article { files.append(site.fragments[a].location.file) }
        return files.allSatisfy { !(current[$0] ?? []).isEmpty }
    }

    /// The page's review, from the records only (never from a date typed in a file); nil unless every
    /// input of the page is reviewed as it is now.
    func review(_ cell: Cell) -> PageReview? {
        guard let records = plan.reviewRecords(cell), !records.isEmpty else { return nil }
        let book = site.reviews
        var newest: [String: Day] = [:]
        for r in records {
            let record = book.records[r]
            if let day = newest[record.reviewer], day >= record.date { continue }
            newest[record.reviewer] = record.date
        }
        let reviewers = newest.compactMap { id, day in book.reviewers[id].map { ($0, day) } }
            .sorted { ($0.0.name, $0.0.id) < ($1.0.name, $1.0.id) }
        guard let last = reviewers.map(\.1).max() else { return nil }
        return PageReview(reviewers: reviewers, last: last)
    }

    /// The template's `reviews` list: `{ name, credentials, byline, role, kind, url, organization, date, dateText }`.
    static func reviewValues(_ review: PageReview?, strings: ThemeStrings) -> [TemplateValue] {
        (review?.reviewers ?? []).map { reviewer, day in
            ["name": .string(reviewer.name), "credentials": .optional(reviewer.credentials), "byline": .string(reviewer.byline),
             "role": .string(reviewer.role), "kind": .string(reviewer.kind.rawValue), "url": .optional(reviewer.url),
             "organization": .bool(reviewer.kind == .organization), "date": .string(day.description), "dateText": .string(strings.date(day))]
        }
    }

    /// `"reviewedBy":…` for the page's JSON-LD: a schema.org Person or Organization per reviewer.
    static func writeReviewedBy(_ review: PageReview, into out: inout [UInt8]) {
        out += #","reviewedBy":"#.utf8
        let many = review.reviewers.count > 1
        if many { out.append(UInt8(ascii: "[")) }
        for (i, (reviewer, _)) in review.reviewers.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            var pairs: [(String, JSON)] = [("@type", .string(reviewer.kind == .organization ? "Organization" : "Person")),
                                           ("name", .string(reviewer.name))]
            if let url = reviewer.url { pairs.append(("url", .string(url))) }
            JSON.object(pairs).write(into: &out)
        }
        if many { out.append(UInt8(ascii: "]")) }
        out += #","lastReviewed":"#.utf8
        Escape.jsonString(review.last.description, into: &out)
    }
}
