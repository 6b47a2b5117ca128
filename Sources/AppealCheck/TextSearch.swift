import AppealModel

/// Finds where each of many strings first occurs in a text, in one pass over the text
/// (Aho–Corasick over UTF-8 bytes): O(text + total length of the strings), where searching for each
/// string in turn costs O(text × strings). Thousands of links in one fragment are located this way.
struct TextSearch {
    /// Trie nodes: children by byte, failure link, the nearest pattern node on the failure chain,
    /// and the pattern that ends here.
    private var children: [[UInt8: Int32]] = [[:]]
    private var failure: [Int32] = [0]
    private var output: [Int32] = [-1]
    private var ends: [Int32] = [-1]
    private var lengths: [Int] = []
    let count: Int

    /// Bytes and trie steps the search took (building and scanning): the test of linearity reads it.
    private(set) var work = 0

    init(_ patterns: [String]) {
        count = patterns.count
        for (n, pattern) in patterns.enumerated() {
            var node = 0
            var length = 0
            for byte in pattern.utf8 {
                length += 1
                work += 1
                if let next = children[node][byte] {
                    node = Int(next)
                } else {
                    children.append([:]); failure.append(0); output.append(-1); ends.append(-1)
                    children[node][byte] = Int32(children.count - 1)
                    node = children.count - 1
                }
            }
            lengths.append(length)
            // An empty pattern, or one already listed, is found where the first copy is.
            if length > 0, ends[node] < 0 { ends[node] = Int32(n) }
        }
        // Breadth-first: failure links and the output chain.
        var queue: [Int] = []
        for (_, child) in children[0] { queue.append(Int(child)) }
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for (byte, child) in children[node] {
                work += 1
                var f = Int(failure[node])
                while f != 0, children[f][byte] == nil { f = Int(failure[f]); work += 1 }
                let target = children[f][byte].map(Int.init) ?? 0
                failure[Int(child)] = Int32(target == Int(child) ? 0 : target)
                let fail = Int(failure[Int(child)])
                output[Int(child)] = ends[fail] >= 0 ? Int32(fail) : output[fail]
                queue.append(Int(child))
            }
        }
    }

    /// Pattern nodes already reported, in this text or an earlier one: the output chain beyond
    /// them was walked then, so every node is walked once over all the texts searched.
    private var walked: [Bool] = []

    /// Sets `found[n]` to the byte offset in `text` where pattern `n` first starts, for each pattern
    /// not found in an earlier text. Call it on the texts in order: the first text holding a pattern wins.
    @discardableResult
    mutating func firstOffsets(in text: String, into found: inout [Int?]) -> [Int] {
        var new: [Int] = []
        if walked.isEmpty { walked = [Bool](repeating: false, count: children.count) }
        var node = 0
        var offset = 0
        for byte in text.utf8 {
            offset += 1
            work += 1
            while node != 0, children[node][byte] == nil { node = Int(failure[node]); work += 1 }
            node = children[node][byte].map(Int.init) ?? 0
            var hit = ends[node] >= 0 ? node : Int(output[node])
            while hit > 0, !walked[hit] {
                walked[hit] = true
                work += 1
                let n = Int(ends[hit])
                if found[n] == nil { found[n] = offset - lengths[n]; new.append(n) }
                hit = Int(output[hit])
            }
        }
        return new
    }
}

extension SourceMap {
    /// Where each of `texts` is first written in a template's text parts (the first part holding it,
    /// at its first occurrence there); texts written nowhere are left out. One pass over the template
    /// for all of them. `work` adds the search's steps.
    static func locate(_ texts: [String], in template: PlaceholderText, work: inout Int) -> [String: SourceLocation] {
        let unique = Array(Set(texts)).sorted()
        guard !unique.isEmpty else { return [:] }
        var search = TextSearch(unique)
        var found = [Int?](repeating: nil, count: unique.count)
        var out: [String: SourceLocation] = [:]
        for (part, start) in template.locatedText {
            guard let start else { continue }
            // The new finds of this part, located in one walk over its bytes.
            let new = search.firstOffsets(in: part, into: &found).sorted { found[$0]! < found[$1]! }
            guard !new.isEmpty else { continue }
            var line = start.line, column = start.column, offset = 0
            var bytes = part.utf8.makeIterator()
            for n in new {
                let target = found[n]!
                while offset < target, let b = bytes.next() {
                    if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
                    offset += 1
                }
                work += 1
                out[unique[n]] = SourceLocation(file: start.file, line: line, column: column)
            }
            work += offset
        }
        work += search.work
        return out
    }
}
