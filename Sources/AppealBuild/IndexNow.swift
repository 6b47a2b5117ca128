import AppealModel
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Tells search engines which URLs changed, by the IndexNow protocol (https://www.indexnow.org):
/// one JSON POST of `{ host, key, keyLocation, urlList }` per 10,000 URLs. The URLs are exactly
/// those a build added, changed or removed — never one whose content is the same.
public struct IndexNow: Sendable {
    public static let defaultEndpoint = "https://api.indexnow.org/indexnow"
    public static let maxURLs = 10_000

    public var endpoint: String
    public var key: String
    /// Absolute base URL of the site (the ledger's `site`).
    public var site: String
    /// Seconds before the first retry; doubled after each (429 and 5xx are retried).
    public var backoff: Double = 1
    public var attempts = 4

    public init(endpoint: String = IndexNow.defaultEndpoint, key: String, site: String) {
        self.endpoint = endpoint
        self.key = key
        self.site = site
    }

    /// The `host` field: the site's host name, as the protocol asks.
    var host: String {
        let rest = site.split(separator: "://", maxSplits: 1).last.map(String.init) ?? site
        return String(rest.split(separator: "/", maxSplits: 1).first ?? Substring(rest))
    }

    /// The request bodies for `urls`, at most `maxURLs` each.
    public func bodies(_ urls: [String]) -> [Data] {
        struct Body: Encodable {
            var host: String
            var key: String
            var keyLocation: String
            var urlList: [String]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let location = (site.hasSuffix("/") ? site : site + "/") + key + ".txt"
        return stride(from: 0, to: urls.count, by: Self.maxURLs).map { start in
            let list = Array(urls[start..<min(urls.count, start + Self.maxURLs)])
            return (try? encoder.encode(Body(host: host, key: key, keyLocation: location, urlList: list))) ?? Data()
        }
    }

    /// One line per request tried: its URL count and the answer.
    public struct Attempt: Sendable, Equatable {
        public var batch: Int
        public var urls: Int
        public var status: Int
        public var message: String
    }

    /// Sends every batch, retrying 429 and 5xx with backoff. Returns each attempt and whether every
    /// batch was accepted (200 or 202).
    public func submit(_ urls: [String], report: (Attempt) -> Void = { _ in }) -> (attempts: [Attempt], ok: Bool) {
        var all: [Attempt] = []
        var ok = true
        for (b, body) in bodies(urls).enumerated() {
            let count = min(Self.maxURLs, urls.count - b * Self.maxURLs)
            var delay = backoff
            for attempt in 1...attempts {
                let (status, message) = Self.post(body, to: endpoint)
                let a = Attempt(batch: b + 1, urls: count, status: status, message: message)
                all.append(a)
                report(a)
                if status == 200 || status == 202 { break }
                let retry = status == 429 || (500...599).contains(status) || status == 0
                if !retry || attempt == attempts { ok = false; break }
                usleep(UInt32(min(delay, 60) * 1_000_000))
                delay *= 2
            }
        }
        return (all, ok)
    }

    /// POSTs JSON; the status (0 when there was no answer) and a short description.
    static func post(_ body: Data, to endpoint: String) -> (Int, String) {
        guard let url = URL(string: endpoint) else { return (0, "not a URL: \(endpoint)") }
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.setValue("AppealPress", forHTTPHeaderField: "User-Agent")
        let result = Locked<(Int, String)>((0, "no answer"))
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { _, response, error in
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            result.withValue { $0 = error.map { (0, $0.localizedDescription) } ?? (status, HTTPURLResponse.localizedString(forStatusCode: status)) }
            done.signal()
        }.resume()
        if done.wait(timeout: .now() + 35) == .timedOut { return (0, "no answer in 30 seconds") }
        return result.current
    }
}

extension SiteBuilder {
    /// The URLs to notify about: added, changed and removed since `since` (a ledger's path or URL),
    /// else the change list of the build that made `output`. Absolute URLs, and the site they are of.
    public static func changedURLs(output: String, since: String?) throws(DiagnosticError) -> (site: String, urls: [String]) {
        let ledgerPath = output + "/" + SiteLedger.fileName
        guard let data = FileManager.default.contents(atPath: ledgerPath) else {
            throw DiagnosticError([.error("no ledger in \(output)", at: SourceLocation(file: ledgerPath), hint: "build the site first")])
        }
        let current: SiteLedger
        do { current = try SiteLedger.parse(data) } catch {
            throw DiagnosticError([.error("the ledger \(ledgerPath) \(error)", at: SourceLocation(file: ledgerPath))])
        }
        let base = current.site.hasSuffix("/") ? String(current.site.dropLast()) : current.site
        if let since {
            guard let old = try LedgerSource.load(since: since, output: "", site: current.site, optional: false).ledger else { return (current.site, []) }
            let c = current.changes(since: old)
            return (current.site, (c.added + c.changed + c.removed).map { base + $0 })
        }
        let list = output + "/appealpress-changes.txt"
        guard let text = try? String(contentsOfFile: list, encoding: .utf8) else {
            throw DiagnosticError([.error("no change list in \(output)", at: SourceLocation(file: list), hint: "build the site first, or pass --since")])
        }
        return (current.site, text.split(separator: "\n").map(String.init))
    }
}
