import AppealModel
import Foundation
import Yams

extension ContentLoader {
    /// `redirects.yaml`, when there is one: where old URLs go. Not part of any page's fingerprint
    /// (no page shows it), so an edit to it renders no page again.
    mutating func loadRedirects() -> [Redirect] {
        let file = path("redirects.yaml")
        guard exists(file), let source = contentFile(file) else { return [] }
        var r = YAMLReader(file: file)
        defer { diagnostics.append(contentsOf: r.diagnostics) }
        guard let node = r.parse(source.text) else { return [] }
        if YAMLReader.isNull(node) {
            r.diagnostics.error("redirects.yaml is empty", at: SourceLocation(file: file, line: 1, column: 1),
                                hint: "list rules under `redirects:`, or delete the file")
            return []
        }
        guard let m = r.mapping(node, allowed: ["redirects"], what: "redirects.yaml") else { return [] }
        var rules: [Redirect] = []
        var seen: [String: SourceLocation] = [:]
        for item in r.sequence(m, "redirects") ?? [] {
            guard let rule = readRedirect(item, reader: &r) else { continue }
            if let first = seen[rule.from] {
                r.diagnostics.error("`\(rule.from)` is redirected twice (first at \(first))", at: rule.location)
                continue
            }
            seen[rule.from] = rule.location
            rules.append(rule)
        }
        return rules
    }

    func readRedirect(_ node: Node, reader r: inout YAMLReader) -> Redirect? {
        guard let m = r.mapping(node, allowed: ["from", "to", "status"], what: "a redirect") else { return nil }
        let at = r.location(node)
        guard let from = r.string(m, "from") else { return nil }
        let status = r.int(m, "status", required: false) ?? 301
        guard [301, 302, 307, 308, 410].contains(status) else {
            r.diagnostics.error("`status` of a redirect must be 301, 302, 307, 308 or 410, found \(status)", at: r.location(m["status"]),
                                hint: "301 (moved for good) keeps a page's search ranking; 410 says it is gone")
            return nil
        }
        let fromAt = r.location(m["from"])
        if let problem = Self.pathProblem(from, prefixAllowed: true) {
            r.diagnostics.error("`from` `\(from)` \(problem)", at: fromAt, hint: "a site path such as /kyphoplasty/old-payer/medical-necessity/, or a prefix such as /old-payer/*")
            return nil
        }
        let to = r.string(m, "to", required: false)
        if status == 410 {
            if to != nil { r.diagnostics.error("a redirect with `status: 410` (gone) has no `to`", at: r.location(m["to"])) }
            return Redirect(from: from, to: nil, status: status, location: at)
        }
        guard let to else {
            r.diagnostics.error("a redirect needs `to` (a site path or an absolute URL), or `status: 410` for a page that is gone", at: at)
            return nil
        }
        let toAt = r.location(m["to"])
        if to.contains(":splat") && !from.hasSuffix("*") {
            r.diagnostics.error("`:splat` in `to` needs a `from` that ends in `*`", at: toAt)
            return nil
        }
        if !Escape.isWebURL(to), let problem = Self.pathProblem(to.replacingOccurrences(of: ":splat", with: ""), prefixAllowed: false) {
            r.diagnostics.error("`to` `\(to)` \(problem)", at: toAt, hint: "a site path such as /kyphoplasty/new-payer/medical-necessity/, or an absolute https:// URL")
            return nil
        }
        return Redirect(from: from, to: to, status: status, location: at)
    }

    /// Why `path` is not a site path a redirect can name, or nil when it is one.
    static func pathProblem(_ path: String, prefixAllowed: Bool) -> String? {
        guard path.hasPrefix("/") else { return "must start with `/`" }
        let body = prefixAllowed && path.hasSuffix("*") ? String(path.dropLast()) : path
        if body.contains("*") { return prefixAllowed ? "may have `*` only at its end" : "must not contain `*`" }
        if body.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || "\"'<>\\`?#".unicodeScalars.contains($0) }) {
            return "must not contain spaces, control characters, quotes, `<`, `>`, `\\`, `?` or `#`"
        }
        // Every segment after the leading `/`, but for the empty one a trailing `/` (or `*`) leaves.
        var segments = body.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if segments.last == "" { segments = segments.dropLast() }
        if segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) {
            return "must not contain empty, `.` or `..` segments"
        }
        if segments.contains(where: { $0.utf8.count > 255 }) { return "has a segment longer than 255 bytes, which no file system can store" }
        if segments.first?.hasPrefix(".") == true { return "must not start with a hidden folder or file (`/.name`)" }
        return nil
    }
}
