import AppealModel

/// Finds the items whose selectors match a cell without testing every selector: items are grouped
/// by which dimensions their selector names, and within a group keyed by the named values. A lookup
/// costs one dictionary probe per group, so 10,000 cell articles cost no more per page than ten.
struct SelectorIndex {
    struct Group {
        var dimensions: [Int]
        var items: [String: [Int]]
        var specificity: Int { dimensions.count }
    }

    /// Most specific first.
    private(set) var groups: [Group] = []

    init(_ selectors: [(selector: Selector, item: Int)]) {
        var byMask: [[Int]: [String: [Int]]] = [:]
        for (selector, item) in selectors {
            let dims = selector.allowed.indices.filter { selector.allowed[$0] != nil }
            // A list value (`payer: [a, b]`) matches any of its values: one key per combination.
            var keys = [""]
            for d in dims {
                let values = selector.allowed[d]!.sorted()
                keys = keys.flatMap { k in values.map { k + "\u{1F}" + $0 } }
            }
            for key in keys { byMask[dims, default: [:]][key, default: []].append(item) }
        }
        groups = byMask.map { Group(dimensions: $0.key, items: $0.value) }
            .sorted { $0.specificity != $1.specificity ? $0.specificity > $1.specificity : $0.dimensions.lexicographicallyPrecedes($1.dimensions) }
    }

    /// The matching items of the highest specificity that has any, in item order.
    func mostSpecific(_ slugs: [String]) -> [Int] {
        var found: [Int] = []
        var level: Int?
        for group in groups {
            if let level, group.specificity < level { break }
            var key = ""
            for d in group.dimensions { key += "\u{1F}" + slugs[d] }
            if let items = group.items[key] {
                found += items
                level = group.specificity
            }
        }
        return found.sorted()
    }
}
