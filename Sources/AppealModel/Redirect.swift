/// One rule of `Content/redirects.yaml`: an old site path sent to a new place, or marked gone.
public struct Redirect: Sendable, Hashable {
    /// A site path (`/kyphoplasty/old-payer/medical-necessity/`), or a prefix ending in `*`
    /// (`/old-payer/*`) that sends everything below it.
    public var from: String
    /// A site path, or an absolute `http(s)` URL; with a prefix rule, `:splat` stands for what `*`
    /// matched. Nil for a URL that is gone (410).
    public var to: String?
    /// 301 (moved permanently, the default), 308 (permanent, same method) or 410 (gone).
    public var status: Int
    public var location: SourceLocation

    public init(from: String, to: String?, status: Int, location: SourceLocation) {
        self.from = from
        self.to = to
        self.status = status
        self.location = location
    }

    public var isPrefix: Bool { from.hasSuffix("*") }
    /// The prefix a `*` rule matches (`/old-payer/`).
    public var prefix: String { String(from.dropLast()) }

    /// Where this rule sends `path` (nil when it does not match it); `.some(nil)` for gone.
    public func target(of path: String) -> String?? {
        if isPrefix {
            guard path.hasPrefix(prefix) else { return nil }
            let rest = String(path.dropFirst(prefix.count))
            return .some(to.map { target in
                guard let range = target.firstRange(of: ":splat") else { return target }
                return String(target[..<range.lowerBound]) + rest + String(target[range.upperBound...])
            })
        }
        return path == from ? .some(to) : nil
    }
}

/// The web host a site is deployed to: it decides the form redirects take in the output.
public enum Host: String, Sendable, CaseIterable {
    /// `_redirects` (Netlify's format).
    case netlify
    /// `_redirects` (Cloudflare Pages' subset, with its rule limits).
    case cloudflare
    /// `nginx-redirects.conf`: a `map` to include in the server block.
    case nginx
    /// `.htaccess` with `Redirect` lines.
    case apache
    /// Hosts that read no redirect file (S3 website hosting, GitHub Pages, any plain file server):
    /// a small HTML page at each old path, with a canonical link, `noindex` and a meta refresh.
    case s3, `static`

    /// True when the host reads a redirect file rather than needing a page at each old path.
    public var readsRedirectFile: Bool { self == .netlify || self == .cloudflare || self == .nginx || self == .apache }
}
