import AppealModel
import AppealPlan
import Foundation

extension SiteChecker {
    /// What a URL on a page points at.
    enum Target {
        case external
        case page(Int)
        case file
        case missing(sitePath: String)
        case outside(path: String)
    }

    /// Resolves `url` as a browser would on page `p`. The query and fragment come back separately.
    func resolve(_ url: String, from p: Int) -> (target: Target, query: String?, fragment: String?) {
        if let page = pageAtRootRelative(url) { return (.page(page), nil, nil) }
        var rest = Substring(url)
        var fragment: String?
        if let hash = rest.utf8.firstIndex(of: UInt8(ascii: "#")) {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        var query: String?
        if let q = rest.utf8.firstIndex(of: UInt8(ascii: "?")) {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        var path: String
        let bytes = Array(rest.utf8.prefix(8))
        if bytes.first == UInt8(ascii: "/") && bytes.dropFirst().first != UInt8(ascii: "/") {
            path = String(rest)  // the common case: root-relative
        } else if rest.isEmpty {
            return (.page(p), query, fragment)
        } else {
            let lower = rest.lowercased()
            if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("//") {
                let full = lower.hasPrefix("//") ? (base.origin.hasPrefix("https") ? "https:" : "http:") + rest : String(rest)
                guard let schemeEnd = full.firstRange(of: "://")?.upperBound else { return (.external, query, fragment) }
                let slash = full[schemeEnd...].firstIndex(of: "/") ?? full.endIndex
                guard full[..<slash].lowercased() == base.origin.lowercased() else { return (.external, query, fragment) }
                path = slash == full.endIndex ? "/" : String(full[slash...])
            } else if let colon = lower.firstIndex(of: ":"), !lower[..<colon].contains("/") {
                return (.external, query, fragment)  // mailto:, tel:, data: …
            } else {
                let own = base.relative(pages[p].path)
                path = String(own[...(own.lastIndex(of: "/") ?? own.startIndex)]) + rest
            }
        }
        path = Self.normalize(path)
        let prefix = base.pathPrefix
        guard path == prefix || path.hasPrefix(prefix + "/") else { return (.outside(path: path), query, fragment) }
        var sitePath = prefix.isEmpty ? path : String(path.dropFirst(prefix.count))
        if sitePath.isEmpty { sitePath = "/" }
        if let page = pageByPath[sitePath] { return (.page(page), query, fragment) }
        if sitePath.hasSuffix("/index.html"), let page = pageByPath[String(sitePath.dropLast(10))] { return (.page(page), query, fragment) }
        if otherFiles.contains(sitePath) || sitePath.hasPrefix("/sitemap") && sitePath.hasSuffix(".xml") { return (.file, query, fragment) }
        return (.missing(sitePath: sitePath), query, fragment)
    }

    /// The page a plain root-relative link names (`/kyphoplasty/medicare/`: no `//`, query, fragment
    /// or dot segment), as `resolve` finds it, without making a string; nil for any other link (or no
    /// such page), which `resolve` then works out in full. Most links of a page are of this kind.
    func pageAtRootRelative(_ url: String) -> Int? {
        let plain = url.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard bytes.count > 0, bytes[0] == UInt8(ascii: "/"), bytes.count == 1 || bytes[1] != UInt8(ascii: "/") else { return false }
            for byte in bytes where byte == UInt8(ascii: "#") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: ".") { return false }
            return true
        }
        guard plain == true else { return nil }
        let prefix = base.pathPrefix
        if prefix.isEmpty { return pageByPath[url] }
        guard url.hasPrefix(prefix) else { return nil }
        let sitePath = url.utf8.count == prefix.utf8.count ? "/" : String(url.dropFirst(prefix.count))
        guard sitePath.hasPrefix("/") else { return nil }
        return pageByPath[sitePath]
    }

    /// Removes `.` and `..` segments.
    static func normalize(_ path: String) -> String {
        guard path.utf8.contains(UInt8(ascii: ".")),
              path.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == "." || $0 == ".." }) else { return path }
        var out: [Substring] = []
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        for (i, part) in parts.enumerated() {
            if part == "." { if i == parts.count - 1 { out.append("") }; continue }
            if part == ".." {
                if out.count > 1 { out.removeLast() }
                if i == parts.count - 1 { out.append("") }
                continue
            }
            out.append(part)
        }
        return out.joined(separator: "/")
    }

    static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        return text.removingPercentEncoding ?? text
    }

    /// Where a link on page `p` was written: the fragment or entity body that holds it, else the theme.
    func linkSource(_ url: String, page p: Int) -> SourceLocation {
        switch pages[p].kind {
        case .cell(let i):
            for case let f? in plan.cells[i].fragments {
                if let at = sources.fragmentLinks[f][url] { return at }
            }
        case .hub(let d, let e):
            if let at = sources.entityLinks[d][e][url] { return at }
        default: break
        }
        return sources.theme(pages[p].kind)
    }

    func checkLinks(of p: Int, _ scan: PageScan, tallies: inout Tallies, targets: inout [Int], anchors: inout [AnchorReference]) {
        let ownIds = Set(scan.ids)
        for link in scan.links {
            if !link.rel.isEmpty && link.rel.split(separator: " ").contains(where: { $0 == "canonical" || $0 == "alternate" }) { continue }
            let url = link.url.trimmingSpaces
            guard !url.isEmpty else {
                tallies.add(.links, .error("empty link (`href=\"\"`) on <\(link.tag)>", at: linkSource(link.url, page: p)), page: p)
                continue
            }
            let (target, query, fragment) = resolve(url, from: p)
            var external = false
            if case .external = target { external = true }
            if !external, let query, query.split(separator: "&").contains(where: { $0.lowercased().hasPrefix("utm_") }) {
                tallies.add(.links, .error("internal link `\(url)` carries UTM parameters", at: linkSource(link.url, page: p),
                                           hint: "UTM parameters are for links to other sites; internal links and canonicals must be clean URLs"), page: p)
            }
            switch target {
            case .external, .file:
                continue
            case .outside(let path):
                tallies.add(.links, .error("broken link `\(url)`: \(path) is outside the site (\(base.relative("/")))", at: linkSource(link.url, page: p),
                                           hint: "internal links start with the base path; write links to other sites as absolute https:// URLs"), page: p)
            case .missing(let sitePath):
                let hint = pageByPath[sitePath + "/"] != nil ? "did you mean `\(url.hasSuffix("/") ? url : url + "/")`? pages end with `/`"
                    : "link to a page that exists, or remove the link (excluded cells have no page)"
                tallies.add(.links, .error("broken link `\(url)`: no page or file at \(sitePath)", at: linkSource(link.url, page: p), hint: hint), page: p)
            case .page(let t):
                if t != p { targets.append(t) }
                guard let fragment, !fragment.isEmpty, fragment != "top" else { continue }
                let id = Self.percentDecoded(fragment)
                if t == p {
                    if !ownIds.contains(id) {
                        tallies.add(.links, .error("broken anchor `\(url)`: no element has id `\(id)`", at: linkSource(link.url, page: p),
                                                   hint: "link to an id the page has, e.g. `#appeal-steps`, or remove the `#…` part"), page: p)
                    }
                } else {
                    anchors.append(AnchorReference(target: t, id: id, href: url, source: linkSource(link.url, page: p)))
                }
            }
        }
    }

    func checkAnchorsAcrossPages(_ c: Collected, _ all: inout Tallies) {
        for (ref, from) in c.crossAnchors {
            if c.idLists[Int(c.records[ref.target].ids)].binarySearch(Self.idHash(ref.id)) { continue }
            all.add(.links, .error("broken anchor `\(ref.href)`: \(pages[ref.target].path) has no element with id `\(ref.id)`", at: ref.source,
                                   hint: "link to an id that page has, or remove the `#…` part"), pages: from)
        }
    }

    /// Pages nothing links to (links from the 404 page do not count): search engines and readers only
    /// find them through the sitemap, if at all.
    func checkOrphans(_ c: Collected, _ all: inout Tallies) {
        for (p, page) in pages.enumerated() where p != homePage && page.kind != .notFound && c.inbound[p] == 0 && c.records[p].inspected {
            let at: SourceLocation
            switch page.kind {
            case .hub: at = sources.theme(.home)
            default: at = sources.theme(.hub(dimension: 0, entity: 0))
            }
            all.add(.links, .warning("orphan page: no other page links to it", at: at,
                                     hint: "hub pages should list every page and the home page every hub; check the theme's templates"), page: p)
        }
    }
}

extension Array where Element == UInt32 {
    /// True when the sorted array holds `value`.
    func binarySearch(_ value: UInt32) -> Bool {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if self[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < count && self[low] == value
    }
}
