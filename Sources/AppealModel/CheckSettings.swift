/// Thresholds of `appealpress check` and `report`: the optional `checks:` mapping of `site.yaml`.
public struct CheckSettings: Sendable, Hashable {
    /// Two indexable pages whose main content is at least this similar (Jaccard, 0–1) are near-duplicates.
    public var similarity: Double
    /// An indexable page with fewer words of main content is thin.
    public var thinMinWords: Int
    /// An indexable page that adds fewer words than this over its most similar page is thin.
    public var thinMinUniqueWords: Int
    /// A policy (or coverage criteria) reviewed longer ago than this many days is stale.
    public var policyMaxAgeDays: Int
    /// Offers that end within this many days of the build date are reported.
    public var offerWarningDays: Int
    /// Sensible `<title>` length, in characters.
    public var titleLength: ClosedRange<Int>
    /// Sensible meta description length, in characters.
    public var descriptionLength: ClosedRange<Int>
    /// Phrases no content reaching a page may use (`banned_phrases`), matched in any case, as whole words.
    public var bannedPhrases: [String] = TextScanner.defaultBannedPhrases
    /// Readability limits per language code (`readability:`): for `en` the highest Flesch–Kincaid
    /// grade (`max_grade`), for `es` the lowest Fernández-Huerta reading ease (`min_score`). A
    /// language with no limit is not checked.
    public var readability: [String: ReadabilityLimit] = [:]

    public init(similarity: Double = 0.9, thinMinWords: Int = 300, thinMinUniqueWords: Int = 100, policyMaxAgeDays: Int = 365,
                offerWarningDays: Int = 30, titleLength: ClosedRange<Int> = 20...70, descriptionLength: ClosedRange<Int> = 70...160) {
        self.similarity = similarity
        self.thinMinWords = thinMinWords
        self.thinMinUniqueWords = thinMinUniqueWords
        self.policyMaxAgeDays = policyMaxAgeDays
        self.offerWarningDays = offerWarningDays
        self.titleLength = titleLength
        self.descriptionLength = descriptionLength
    }
}

/// One language's readability limit: a grade not to exceed, or a reading-ease score not to go under.
public struct ReadabilityLimit: Sendable, Hashable {
    public var maxGrade: Double?
    public var minScore: Double?
    public init(maxGrade: Double? = nil, minScore: Double? = nil) {
        self.maxGrade = maxGrade
        self.minScore = minScore
    }
}
