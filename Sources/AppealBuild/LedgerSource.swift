import AppealModel
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Where the ledger of the last published build comes from: `--since` (a file, or the `http(s)`
/// URL of the deployed one), else the output folder's own.
enum LedgerSource {
    /// The ledger a build compares itself with, and a name for it; nil when there is none to read
    /// (no `--since` and no ledger in the output). A ledger that cannot be read, or belongs to
    /// another site, is an error — a warning with `optional`, and the build goes on without it.
    struct Loaded: Sendable {
        var ledger: SiteLedger?
        /// With `optional`, why there is none.
        var warning: Diagnostic?
    }

    /// With `ownLedgerOnly`, the output's own ledger (no `since`) of another site is not compared with.
    static func load(since: String?, output: String, site: String, optional: Bool, ownLedgerOnly: Bool = false) throws(DiagnosticError) -> Loaded {
        let name = since ?? (output.isEmpty ? nil : output + "/" + SiteLedger.fileName)
        guard let name else { return Loaded() }
        let data: Data
        if let since, since.lowercased().hasPrefix("http://") || since.lowercased().hasPrefix("https://") {
            switch fetch(since) {
            case .success(let d): data = d
            case .failure(let why): return try problem("cannot fetch the ledger \(since): \(why)", name: since, optional: optional)
            }
        } else {
            guard let d = FileManager.default.contents(atPath: name) else {
                if since == nil { return Loaded() }  // the output's own: a first build has none
                return try problem("no ledger at \(name)", name: name, optional: optional)
            }
            data = d
        }
        let ledger: SiteLedger
        do { ledger = try SiteLedger.parse(data) } catch {
            // `check` and `report` read the output's own ledger only to compare with it (they take
            // no --since): a damaged one is a warning, not an error naming flags they do not have.
            if since == nil && ownLedgerOnly {
                return Loaded(warning: Diagnostic(.warning, "the ledger \(name) \(error)", at: SourceLocation(file: name),
                                                  hint: "checked without comparing with it; the next `build` writes it anew"))
            }
            return try problem("the ledger \(name) \(error)", name: name, optional: optional)
        }
        guard ledger.site == site else {
            if since == nil && ownLedgerOnly { return Loaded() }
            return try problem("the ledger \(name) is of \(ledger.site), not of this site (\(site))", name: name, optional: optional)
        }
        return Loaded(ledger: ledger)
    }

    /// No ledger and a warning with `optional`, else the error.
    private static func problem(_ message: String, name: String, optional: Bool) throws(DiagnosticError) -> Loaded {
        let hint = optional ? "built without comparing: no redirect or removed-URL check, and every page counts as added"
            : "pass --since with the deployed appealpress-ledger.json (a path or URL), or add --since-optional to build without comparing"
        let diagnostic = Diagnostic(optional ? .warning : .error, message, at: SourceLocation(file: name), hint: hint)
        if optional { return Loaded(warning: diagnostic) }
        throw DiagnosticError([diagnostic])
    }

    /// GET with a 30-second limit.
    static func fetch(_ url: String) -> Result<Data, FetchError> {
        guard let address = URL(string: url) else { return .failure(FetchError("not a URL")) }
        let result = Locked<Result<Data, FetchError>>(.failure(FetchError("no answer")))
        let done = DispatchSemaphore(value: 0)
        var request = URLRequest(url: address, timeoutInterval: 30)
        request.setValue("AppealPress", forHTTPHeaderField: "User-Agent")
        URLSession.shared.dataTask(with: request) { data, response, error in
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            result.withValue {
                if let error { $0 = .failure(FetchError(error.localizedDescription)) } else if status != 200 {
                    $0 = .failure(FetchError("the server answered \(status)"))
                } else { $0 = .success(data ?? Data()) }
            }
            done.signal()
        }.resume()
        if done.wait(timeout: .now() + 35) == .timedOut { return .failure(FetchError("no answer in 30 seconds")) }
        return result.current
    }

    struct FetchError: Error, CustomStringConvertible, Sendable {
        let description: String
        init(_ text: String) { description = text }
    }
}
