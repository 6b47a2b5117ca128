/// "Did you mean" suggestions for misspelt names.
public enum Suggest {
    /// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let limit = max(2, word.count / 3)
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(word, candidate)
            if d <= limit, best == nil || d < best!.1 || (d == best!.1 && candidate < best!.0) { best = (candidate, d) }
        }
        return best?.0
    }

    /// Levenshtein distance over Unicode scalars.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count), current = previous
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// A hint naming the closest candidate, or listing the allowed ones when none is close.
    public static func hint(for word: String, in candidates: [String], noun: String = "") -> String {
        if let near = closest(to: word, in: candidates) { return "did you mean `\(near)`?" }
        let sorted = candidates.sorted()
        let shown = sorted.prefix(12).map { "`\($0)`" }.joined(separator: ", ")
        return "expected \(noun.isEmpty ? "one of" : noun) \(shown)\(sorted.count > 12 ? ", …" : "")"
    }
}
