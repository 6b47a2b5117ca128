import AppealModel
import AppealPlan

/// What a build does about URLs that went away: the site's redirect rules checked against the pages
/// it writes and the ledger of the last published build, chains collapsed, and each old URL's
/// final answer — for the host's redirect file, the stub pages of hosts that read none, and the
/// next ledger.
public struct RedirectPlan: Sendable {
    /// One old URL and its final answer (site path or absolute URL; nil when gone).
    public struct Answer: Sendable, Equatable {
        public var from: String
        public var to: String?
        public var status: Int
    }

    /// Exact old paths and where each ends up, sorted by path.
    public let answers: [Answer]
    /// Prefix rules (`/old/*`), kept as rules for hosts that read them.
    public let prefixRules: [Redirect]
    /// Old paths that get an HTML stub (hosts that read no redirect file), with their target.
    public let stubs: [Answer]
    /// Old paths of the last ledger that a prefix rule sends on, with their target.
    public let byPrefix: [Answer]
    public let host: Host
    /// Problems that stop the build: removed URLs without a decision, loops, redirects to nothing.
    public let errors: [Diagnostic]
    public let warnings: [Diagnostic]

    /// The host file's name and text, when the host reads one and there is anything to say.
    public var hostFile: (file: String, text: String)? {
        guard host.readsRedirectFile, !(answers.isEmpty && prefixRules.isEmpty) else { return nil }
        return (Self.hostFileName(host), hostFileText())
    }

    public static func hostFileName(_ host: Host) -> String {
        switch host {
        case .netlify, .cloudflare: return "_redirects"
        case .nginx: return "nginx-redirects.conf"
        case .apache: return ".htaccess"
        case .s3, .static: return ""
        }
    }

    /// Cloudflare Pages' documented limits: 2,000 static and 100 dynamic redirects, 1,000 characters a line.
    static let cloudflareStatic = 2_000, cloudflareDynamic = 100, cloudflareLine = 1_000

    /// `pages` are the site paths of the pages the build writes; `files` the site paths of every
    /// other file it writes (sitemaps, assets, the ledger), which no old URL may shadow.
    public init(plan: SitePlan, pages: Set<String>, files: Set<String> = [], previous: SiteLedger?) {
        let site = plan.site
        let rules = site.redirects
        host = site.config.host
        var errors: [Diagnostic] = [], warnings: [Diagnostic] = []
        let exact = Dictionary(rules.filter { !$0.isPrefix }.map { ($0.from, $0) }, uniquingKeysWith: { a, _ in a })
        let prefixes = rules.filter(\.isPrefix).sorted { $0.prefix.count > $1.prefix.count }  // the longest prefix wins

        func rule(for path: String) -> Redirect? { exact[path] ?? prefixes.first { $0.target(of: path) != nil } }

        /// Follows rules from `path` to a page, an absolute URL or gone; nil on a loop (reported).
        // Where each old path ends up, once worked out: a long chain is followed once, not once per link.
        var resolved: [String: String?] = [:]
        func resolve(_ start: Redirect, from path: String) -> (to: String?, status: Int)? {
            var chain: [String] = [path]
            var seen: Set<String> = [path]
            var target = start.target(of: path) ?? nil
            while let next = target, next.hasPrefix("/"), !pages.contains(next) {
                if let known = resolved[next] { target = known; break }
                guard let again = rule(for: next) else { break }
                if !seen.insert(next).inserted {
                    errors.append(.error("redirect loop: \((chain + [next]).joined(separator: " → "))", at: start.location,
                                         hint: "send each of these URLs straight to a page the build writes"))
                    return nil
                }
                chain.append(next)
                target = again.target(of: next) ?? nil
            }
            for link in chain { resolved[link] = target }
            return (target, target == nil ? 410 : start.status)
        }

        var answers: [Answer] = []
        for r in rules where !r.isPrefix {
            if pages.contains(r.from) || pages.contains(r.from + "/") {
                errors.append(.error("`\(r.from)` is redirected, but the build still writes a page there", at: r.location,
                                     hint: "remove this rule, or stop making the page (a redirect would hide it)"))
                continue
            }
            if files.contains(r.from) || files.contains(r.from.hasSuffix("/") ? r.from + "index.html" : r.from + "/index.html")
                || ["/404.html", "/index.html"].contains(r.from) {
                errors.append(.error("`\(r.from)` is a file the build writes itself; it cannot be redirected", at: r.location,
                                     hint: "redirect old page URLs only"))
                continue
            }
            guard let (to, status) = resolve(r, from: r.from) else { continue }
            if let to, to.hasPrefix("/"), !pages.contains(to) {
                errors.append(.error("`\(r.from)` redirects to `\(to)`, which is not a page the build writes", at: r.location,
                                     hint: "point it at a page that exists, or mark it gone with `status: 410`"))
                continue
            }
            answers.append(Answer(from: r.from, to: to, status: status))
        }
        for r in prefixes where pages.contains(where: { $0.hasPrefix(r.prefix) }) {
            let example = pages.filter { $0.hasPrefix(r.prefix) }.min()!
            errors.append(.error("`\(r.from)` redirects everything under \(r.prefix), but the build still writes pages there, e.g. \(example)",
                                 at: r.location, hint: "narrow the rule, or redirect each old URL on its own"))
        }

        // Old URLs of the last published build: each is still written, or has an answer.
        var stubs: [Answer] = []
        var byPrefix: [Answer] = []
        var covered = Set(answers.map(\.from))
        if let previous {
            var missing: [String] = []
            for (path, page) in previous.pages where !pages.contains(path) && !covered.contains(path) {
                if let prefix = prefixes.first(where: { $0.target(of: path) != nil }), let (to, status) = resolve(prefix, from: path) {
                    if let to, to.hasPrefix("/"), !pages.contains(to) {
                        errors.append(.error("`\(prefix.from)` sends \(path) to `\(to)`, which the build does not write", at: prefix.location,
                                             hint: "fix the rule's `to`, or give \(path) a rule of its own"))
                    } else {
                        byPrefix.append(Answer(from: path, to: to, status: status))
                    }
                    covered.insert(path)
                } else if page.indexable {
                    missing.append(path)
                }
            }
            for (path, moved) in previous.moved where !pages.contains(path) && !covered.contains(path) {
                if prefixes.contains(where: { $0.target(of: path) != nil }) { continue }
                errors.append(.error("\(path) was \(moved.to.map { "redirected to \($0)" } ?? "marked gone") by the last build, but no rule covers it now",
                                     at: SourceLocation(file: site.config.location.file.replacingLastComponent(with: "redirects.yaml")),
                                     hint: "keep its rule: a link to an old URL should never turn into a 404"))
            }
            errors += RemovedURLs(plan: plan, pages: pages, previous: previous).diagnose(missing.sorted())
        }
        // Hosts that read a redirect file get its rules, and no page at an old path: a file there
        // would shadow the rule (Netlify, for one, serves a file before an unforced rule).
        if !host.readsRedirectFile { stubs = answers + byPrefix }
        for a in answers + prefixes.map({ Answer(from: $0.from, to: $0.to, status: $0.status) }) where host == .nginx {
            if a.from.contains("$") || (a.to ?? "").contains("$") {
                errors.append(.error("`$` in a redirect for nginx would be read as a variable: \(a.from)",
                                     at: rules.first { $0.from == a.from }?.location ?? site.config.location, hint: "leave `$` out of the path or URL"))
            }
        }
        if host == .cloudflare {
            let statics = answers.count, dynamics = prefixes.count
            if statics > Self.cloudflareStatic || dynamics > Self.cloudflareDynamic || statics + dynamics > Self.cloudflareStatic + Self.cloudflareDynamic {
                errors.append(.error("Cloudflare Pages reads at most \(Self.cloudflareStatic) static and \(Self.cloudflareDynamic) dynamic redirects; this site has \(statics) and \(dynamics)",
                                     at: site.config.location, hint: "merge rules into prefix rules (`/old/*`), or deploy with a host that reads more"))
            }
            for a in answers where "\(a.from) \(a.to ?? "/404.html") \(a.status)".count > Self.cloudflareLine {
                errors.append(.error("Cloudflare Pages ignores redirect lines longer than \(Self.cloudflareLine) characters: \(a.from.prefix(60))…",
                                     at: rules.first { $0.from == a.from }?.location ?? site.config.location, hint: "shorten the path, or use a prefix rule"))
            }
            for a in answers where a.status == 410 {
                errors.append(.error("Cloudflare Pages cannot answer 410 for \(a.from)", at: rules.first { $0.from == a.from }?.location ?? site.config.location,
                                     hint: "redirect it (301) to the closest page instead"))
            }
        }
        if !host.readsRedirectFile, !prefixes.isEmpty, previous == nil {
            warnings.append(.warning("prefix redirects need the last build's ledger on a host that reads no redirect file: no stub page was written for them",
                                     at: prefixes[0].location, hint: "build into the deployed output, or pass --since with the deployed ledger"))
        }
        self.answers = answers.sorted { $0.from < $1.from }
        self.prefixRules = prefixes
        self.stubs = stubs.sorted { $0.from < $1.from }
        self.byPrefix = byPrefix.sorted { $0.from < $1.from }
        self.errors = errors.sorted { ($0.location ?? SourceLocation(file: ""), $0.message) < ($1.location ?? SourceLocation(file: ""), $1.message) }
        self.warnings = warnings
    }

    /// What the next ledger records as moved: every exact answer and every stub.
    public var moved: [String: SiteLedger.Moved] {
        var out: [String: SiteLedger.Moved] = [:]
        for a in answers + byPrefix { out[a.from] = SiteLedger.Moved(to: a.to, status: a.status) }
        return out
    }

    func hostFileText() -> String {
        switch host {
        case .netlify, .cloudflare:
            var lines = ["# Written by AppealPress from Content/redirects.yaml; exact paths first, then prefixes."]
            for a in answers { lines.append("\(a.from) \(a.to ?? "/404.html") \(a.status)") }
            for r in prefixRules { lines.append("\(r.from) \(r.to ?? "/404.html") \(r.status)") }
            return lines.joined(separator: "\n") + "\n"
        case .nginx:
            let statuses = Set((answers.map(\.status) + prefixRules.map(\.status)).filter { $0 != 410 }).sorted()
            var lines = ["# Written by AppealPress from Content/redirects.yaml. Include it inside http { } (it holds",
                         "# maps), then in the server block:",
                         "#   if ($appealpress_gone) { return 410; }"]
            for status in statuses { lines.append("#   if ($appealpress_redirect_\(status)) { return \(status) $appealpress_redirect_\(status); }") }
            for status in statuses {
                lines += ["map $uri $appealpress_redirect_\(status) {", "    default \"\";"]
                for a in answers where a.to != nil && a.status == status { lines.append("    \(Self.nginxQuoted(a.from)) \(Self.nginxQuoted(a.to!));") }
                for r in prefixRules where r.to != nil && r.status == status {
                    lines.append("    \(Self.nginxQuoted("~^" + Self.regexEscaped(r.prefix) + "(.*)$")) \(Self.nginxQuoted(r.to!.replacingOccurrences(of: ":splat", with: "$1")));")
                }
                lines.append("}")
            }
            lines += ["map $uri $appealpress_gone {", "    default 0;"]
            for a in answers where a.to == nil { lines.append("    \(Self.nginxQuoted(a.from)) 1;") }
            for r in prefixRules where r.to == nil { lines.append("    \(Self.nginxQuoted("~^" + Self.regexEscaped(r.prefix))) 1;") }
            lines.append("}")
            return lines.joined(separator: "\n") + "\n"
        case .apache:
            // RedirectMatch anchored at both ends: a plain `Redirect` also matches every path below.
            var lines = ["# Written by AppealPress from Content/redirects.yaml (mod_alias)."]
            for a in answers {
                let pattern = "^" + Self.regexEscaped(a.from) + "$"
                lines.append(a.to.map { "RedirectMatch \(a.status) \"\(pattern)\" \"\($0)\"" } ?? "RedirectMatch gone \"\(pattern)\"")
            }
            for r in prefixRules {
                let pattern = "^" + Self.regexEscaped(r.prefix) + "(.*)$"
                lines.append(r.to.map { "RedirectMatch \(r.status) \"\(pattern)\" \"\($0.replacingOccurrences(of: ":splat", with: "$1"))\"" }
                             ?? "RedirectMatch gone \"\(pattern)\"")
            }
            return lines.joined(separator: "\n") + "\n"
        case .s3, .static:
            return ""
        }
    }

    static func nginxQuoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }

    static func regexEscaped(_ s: String) -> String {
        var out = ""
        for c in s { if ".^$*+?()[]{}|\\".contains(c) { out.append("\\") }; out.append(c) }
        return out
    }
}

extension String {
    /// `Content/site.yaml` → `Content/redirects.yaml`.
    func replacingLastComponent(with name: String) -> String {
        guard let slash = lastIndex(of: "/") else { return name }
        return String(self[...slash]) + name
    }
}
