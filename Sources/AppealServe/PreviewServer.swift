import AppealBuild
import AppealCheck
import AppealLoad
import AppealModel
import AppealRender
import Foundation

/// What `appealpress serve` was asked to do.
public struct ServeOptions: Sendable {
    public var content: String
    public var theme: String
    public var date: Day
    public var host: String
    /// nil: 1313, or the next free port up to 1322. 0: any free port.
    public var port: UInt16?
    /// How often the watcher looks at the files, in seconds.
    public var pollInterval: Double
    /// Connections served at once (more get 503), and the seconds a client has to send its headers.
    public var maxConnections = 64
    public var headerDeadline = 10.0

    public init(content: String = "Content", theme: String = "Themes/default", date: Day, host: String = "127.0.0.1",
                port: UInt16? = nil, pollInterval: Double = 0.1) {
        self.content = content
        self.theme = theme
        self.date = date
        self.host = host
        self.port = port
        self.pollInterval = pollInterval
    }

    public static let defaultPort: UInt16 = 1313
}

/// One rebuild of the preview (the first one when `changed` is empty), for the terminal.
public struct RebuildReport: Sendable {
    /// Files that changed, as paths under the watched folders.
    public var changed: [String]
    public var ok: Bool
    /// Errors (when not ok) or warnings of this rebuild.
    public var diagnostics: [Diagnostic]
    /// Pages of the site being served: the new one, or the last good one after a failed rebuild (0 if none).
    public var pages: Int
    public var thinPages: Int
    public var seconds: Double
    /// Open tabs told to reload.
    public var tabs: Int
    /// True when the previous rebuild had failed and this one succeeded.
    public var recovered: Bool
    public var generation: String
}

/// The content and page checks of one rebuild, run in the background after its tabs reloaded.
public struct ChecksReport: Sendable {
    public var generation: String
    /// Everything `build` would report for the same content: the rebuild's findings (loading and
    /// planning) and the checks', every one a warning as in a build without `--strict`.
    public var findings: [Finding]
    /// Findings of the content and page checks alone (the rebuild already printed the others).
    public var pageFindings: [Finding]
    public var pages: Int
    public var seconds: Double
    /// Open tabs told the findings changed.
    public var tabs: Int
}

/// The preview: validates and plans the site in memory, renders each page when a browser asks for
/// it, watches the content and theme folders, and tells open tabs to reload after every rebuild.
///
/// A rebuild is one `SiteBuilder.prepare` without the content checks (load, validate, plan), with
/// the parses of the content files that did not change and the theme kept from the last one (see
/// `LoadCache`, `ThemeCache`), not a full build: pages are rendered
/// on request, so an edit is visible as soon as the plan is ready. The content and page checks then
/// run in the background on the same output list `build` writes, and their findings join the panel over
/// every page. A rebuild with errors keeps the last good site and shows the errors over it.
public final class PreviewServer: Sendable {
    public let options: ServeOptions
    public let port: UInt16
    /// `http://127.0.0.1:1313/`; also the base URL the site is rendered with, so every link stays local.
    public let url: String
    let loopbackOnly: Bool

    private let http: HTTPServer
    private let channel: EventChannel
    private let watcher: ContentWatcher
    private let instance = String(UInt32.random(in: 0...UInt32.max), radix: 16)

    /// What is being served, changed by rebuilds and read by requests.
    private struct Served: Sendable {
        var site: PreparedSite?
        /// File path → output number in `site.outputs`.
        var index: [String: Int] = [:]
        var errors: [Diagnostic] = []
        /// The last rebuild's findings; with the page checks' once they are done.
        var findings: [Finding] = []
        var checked: ChecksReport?
        var generationNumber = 0
        var stopped = false
        var watching = false
    }

    private let served = Locked(Served())
    /// The parse of every content file, kept from one rebuild to the next: a save parses only the files it changed.
    let loadCache = LoadCache()
    /// The theme, kept while none of its files changed.
    let themeCache = ThemeCache()
    /// Held for a whole rebuild, so two never interleave.
    private let rebuilding = Locked(0)
    /// Rebuilds begun: a rebuild's background checks stop as soon as a newer one begins, which
    /// makes their result moot, so they do not slow it down.
    private let rebuildsBegun = Locked(0)
    private let watcherDone = DispatchSemaphore(value: 0)
    private let box: HandlerBox
    /// Signalled when a rebuild's page checks finish.
    private let checksDone = Locked<[DispatchSemaphore]>([])

    /// Binds the port; nothing is served until `start`.
    public init(options: ServeOptions) throws(ServeError) {
        self.options = options
        let ports: [UInt16] = options.port.map { [$0] } ?? Array(ServeOptions.defaultPort..<(ServeOptions.defaultPort + 10))
        let channel = EventChannel(hello: "{}")
        self.channel = channel
        var server: HTTPServer?
        var failure: ServeError?
        let box = HandlerBox()
        self.box = box
        for port in ports {
            do {
                server = try HTTPServer(host: options.host, port: port,
                                        limits: HTTPServer.Limits(connections: options.maxConnections, headerDeadline: options.headerDeadline)) { box.handle($0) }
                break
            } catch { failure = error }
        }
        guard let server else {
            throw failure ?? ServeError("cannot listen on \(options.host)")
        }
        http = server
        port = server.port
        let wildcard = ["0.0.0.0", "::", ""].contains(options.host)
        let host = wildcard ? "127.0.0.1" : options.host
        url = "http://\(host.contains(":") ? "[\(host)]" : host):\(server.port)/"
        loopbackOnly = Self.isLoopback(options.host)
        watcher = ContentWatcher(roots: [options.content, options.theme])
        box.connect(self)
    }

    func generation(_ number: Int) -> String { "\(instance)-\(number)" }

    /// Builds the site once, then serves it and watches for edits until `stop`. Returns the first
    /// build's report; `onChecked` gets each rebuild's page checks when they finish.
    @discardableResult
    public func start(onRebuild: @escaping @Sendable (RebuildReport) -> Void = { _ in },
                      onChecked: @escaping @Sendable (ChecksReport) -> Void = { _ in }) -> RebuildReport {
        // Taken before the first build, so an edit saved while it runs is not missed.
        let events = FileEvents(roots: watcher.roots)
        let before = watcher.snapshot()
        let first = rebuild(changed: [], onChecked: onChecked)
        http.start()
        served.withValue { $0.watching = true }
        Thread { [self] in
            var last = before
            var lastPing = Date()
            while !isStopped {
                // Woken by the kernel the moment a file changes (inotify); the interval is only the
                // longest wait, and the whole wait where inotify is not available.
                let woken = events.wait(timeout: options.pollInterval)
                // Kernel events say something changed; without them (or at the polling interval)
                // a snapshot tells.
                if woken || watcher.snapshot() != last {
                    // A save can be several writes (write, then rename): wait for the last of them.
                    events.settle()
                    let now = watcher.snapshot()
                    let changed = ContentWatcher.changes(from: last, to: now)
                    last = now
                    if !changed.isEmpty && !isStopped { onRebuild(rebuild(changed: changed, onChecked: onChecked)) }
                }
                if Date().timeIntervalSince(lastPing) > 15 {
                    channel.ping()
                    lastPing = Date()
                }
            }
            watcherDone.signal()
        }.start()
        return first
    }

    private var isStopped: Bool { served.withValue { $0.stopped } }

    /// Stops serving and watching; open tabs keep their page and reconnect when `serve` runs again.
    public func stop() {
        let wasWatching = served.withValue { s -> Bool in
            defer { s.stopped = true }
            return s.watching && !s.stopped
        }
        http.stop()
        channel.close()
        box.disconnect()
        if wasWatching { _ = watcherDone.wait(timeout: .now() + 2) }
    }

    /// Validates and plans the site again; on success serves it, otherwise keeps the last good one
    /// and shows the errors. Either way every open tab is told to reload. On success the page
    /// checks then run in the background; `onChecked` gets their findings.
    @discardableResult
    public func rebuild(changed: [String], onChecked: @escaping @Sendable (ChecksReport) -> Void = { _ in }) -> RebuildReport {
        let begun = rebuildsBegun.withValue { n -> Int in
            n += 1
            return n
        }
        let (result, prepared) = rebuilding.withValue { _ -> (RebuildReport, PreparedSite?) in
            let start = Date()
            let options = BuildOptions(content: self.options.content, theme: self.options.theme, output: "", date: self.options.date, baseURL: url)
            var prepared: PreparedSite?
            var problems: [Diagnostic] = []
            let previous = served.withValue { $0.site?.renderer }
            // The content checks run in the background with the page checks, so a save reloads at once.
            do throws(DiagnosticError) { prepared = try SiteBuilder.prepare(options, reusing: previous, loadCache: loadCache, themeCache: themeCache, contentChecks: false) } catch { problems = error.diagnostics }
            let index = prepared?.outputs.index()
            let seconds = Date().timeIntervalSince(start)
            // As `build` reports them without --strict: every finding a warning.
            let findings = prepared.map { CheckResult(findings: $0.findings, pages: []).downgraded().findings } ?? []

            let (report, event) = served.withValue { s -> (RebuildReport, String) in
                let hadErrors = !s.errors.isEmpty
                s.generationNumber += 1
                if let prepared, let index {
                    s.site = prepared
                    s.index = index
                    s.errors = []
                    s.findings = findings
                    s.checked = nil
                } else {
                    s.errors = problems.filter { $0.severity == .error }
                }
                let plan = s.site?.renderer.plan
                let report = RebuildReport(changed: changed, ok: prepared != nil, diagnostics: prepared != nil ? findings.map(\.diagnostic) : problems,
                                           pages: plan?.cells.count ?? 0, thinPages: plan?.cells.filter(\.thin).count ?? 0, seconds: seconds, tabs: 0,
                                           recovered: prepared != nil && hadErrors, generation: generation(s.generationNumber))
                return (report, Self.eventData(report))
            }
            var result = report
            result.tabs = channel.broadcast(event: "reload", data: event)
            return (result, prepared)
        }
        if let prepared { checkInBackground(prepared, generation: result.generation, begun: begun, onChecked: onChecked) }
        return result
    }

    /// Runs the page checks of a rebuild on its own thread, so a save reloads at once; a newer
    /// rebuild makes the result moot: it stops as soon as that rebuild begins, and is dropped.
    private func checkInBackground(_ site: PreparedSite, generation: String, begun: Int, onChecked: @escaping @Sendable (ChecksReport) -> Void) {
        let done = DispatchSemaphore(value: 0)
        checksDone.withValue { $0.append(done) }
        Thread { [self] in
            defer {
                checksDone.withValue { list in list.removeAll { $0 === done } }
                done.signal()
            }
            let start = Date()
            let begunSince = { @Sendable [rebuildsBegun] in rebuildsBegun.current != begun }
            guard !begunSince() else { return }
            let content = SiteChecker.contentFindings(plan: site.renderer.plan)
            let pageChecks = SiteBuilder.checkPages(PreparedSite(renderer: site.renderer, outputs: site.outputs, findings: []), start: start, cancelled: begunSince)
            guard !begunSince() else { return }
            let all = CheckResult(findings: site.findings + content + pageChecks.findings, pages: pageChecks.pages).downgraded().findings
            var report = ChecksReport(generation: generation, findings: all, pageFindings: CheckResult(findings: content + pageChecks.findings, pages: []).downgraded().findings,
                                      pages: pageChecks.pages.count, seconds: Date().timeIntervalSince(start), tabs: 0)
            let current = served.withValue { s -> Bool in
                guard self.generation(s.generationNumber) == generation, !s.stopped else { return false }
                s.findings = all
                s.checked = report
                return true
            }
            guard current else { return }
            report.tabs = channel.broadcast(event: "checked", data: Self.checkedEventData(report))
            onChecked(report)
        }.start()
    }

    /// Waits until the page checks of every rebuild so far have finished (for tests and tools), and
    /// returns the served site's findings: those of `build` for the same content.
    public func waitForChecks(timeout: Double = 120) -> [Finding] {
        for done in checksDone.current { _ = done.wait(timeout: .now() + timeout); done.signal() }
        return served.withValue { $0.findings }
    }

    /// `{"generation": …, "ok": …, "errors": …, "warnings": …, "pages": …, "seconds": …}` for the page script and tools.
    static func eventData(_ report: RebuildReport) -> String {
        struct Payload: Encodable {
            var generation: String, ok: Bool, errors: Int, warnings: Int, pages: Int, seconds: Double, changed: [String]
        }
        let errors = report.diagnostics.filter { $0.severity == .error }.count
        let payload = Payload(generation: report.generation, ok: report.ok, errors: errors, warnings: report.diagnostics.count - errors,
                              pages: report.pages, seconds: (report.seconds * 1000).rounded() / 1000, changed: report.changed)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(payload)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// `{"generation": …, "findings": …}`: a page reloads when it shows another number of findings.
    static func checkedEventData(_ report: ChecksReport) -> String {
        "{\"findings\":\(report.findings.count),\"generation\":\"\(report.generation)\"}"
    }

    // MARK: Answering requests

    func respond(_ request: HTTPServer.Request) -> HTTPServer.Response {
        guard request.method == "GET" || request.method == "HEAD" else {
            return Self.text(405, "The preview answers GET and HEAD only.\n", extra: [("Allow", "GET, HEAD")])
        }
        // A page elsewhere on the web could point a name of its own at 127.0.0.1 and read drafts
        // (DNS rebinding); a loopback preview answers loopback names only.
        if loopbackOnly, let host = request.headers["host"], !Self.isLoopback(Self.hostName(host)) {
            return Self.text(403, "This preview answers at \(url) only.\n")
        }
        let path: String, query: String?
        switch RequestPath(target: request.target) {
        case .path(let p, let q): (path, query) = (p, q)
        case .badRequest(let why): return Self.text(400, "Bad request: \(why).\n")
        case .forbidden(let why): return Self.text(403, "Refused: \(why).\n")
        }
        if path == LiveReload.eventsPath {
            return request.method == "GET" ? .events(channel) : .full(status: 200, headers: Self.headers("text/event-stream; charset=utf-8"), body: [])
        }

        let (site, index, errors, findings, generation) = served.withValue { s in
            (s.site, s.index, s.errors, s.findings, self.generation(s.generationNumber))
        }
        guard let site else {
            return Self.html(500, LiveReload.errorPage(errors, generation: generation))
        }
        let file = path.hasSuffix("/") ? String(path.dropFirst()) + "index.html" : String(path.dropFirst())
        let decorate = { (html: String) in Self.decorate(html, errors: errors, findings: findings, generation: generation) }
        // The same list of outputs `build` writes, looked up by path.
        if let i = index[file], let bytes = site.renderer.contents(of: site.outputs[i], in: site.outputs) {
            guard file.hasSuffix(".html") else {
                return .full(status: 200, headers: Self.headers(ContentType.of(file)), body: bytes)
            }
            return Self.html(200, decorate(String(decoding: bytes, as: UTF8.self)))
        }
        // Pretty URLs: /kyphoplasty/medicare/medical-necessity → …/medical-necessity/, as static hosts do.
        if !path.hasSuffix("/"), index[file + "/index.html"] != nil {
            let location = path + "/" + (query.map { "?" + $0 } ?? "")
            return .full(status: 301, headers: Self.headers("text/plain; charset=utf-8") + [("Location", location)], body: Array("Moved to \(location)\n".utf8))
        }
        return Self.html(404, decorate(site.renderer.render404()))
    }

    /// The page with the live-reload script and, when there is anything to show, the panel: the
    /// errors of a failed rebuild, else the findings of the last good one.
    static func decorate(_ html: String, errors: [Diagnostic], findings: [Finding], generation: String) -> String {
        let panel = !errors.isEmpty ? LiveReload.overlay(errors) : findings.isEmpty ? "" : LiveReload.overlay(findings.map(\.diagnostic))
        return LiveReload.inject(panel + LiveReload.script(generation: generation, findings: errors.isEmpty ? findings.count : -1), into: html)
    }

    static func headers(_ type: String) -> [(String, String)] {
        [("Content-Type", type), ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")]
    }

    static func html(_ status: Int, _ text: String) -> HTTPServer.Response {
        .full(status: status, headers: headers("text/html; charset=utf-8"), body: Array(text.utf8))
    }

    static func text(_ status: Int, _ text: String, extra: [(String, String)] = []) -> HTTPServer.Response {
        .full(status: status, headers: headers("text/plain; charset=utf-8") + extra, body: Array(text.utf8))
    }

    /// `127.0.0.1:1313` → `127.0.0.1`, `[::1]:1313` → `::1`.
    static func hostName(_ header: String) -> String {
        if header.hasPrefix("["), let close = header.firstIndex(of: "]") {
            return String(header[header.index(after: header.startIndex)..<close])
        }
        return String(header.split(separator: ":", maxSplits: 1).first ?? "")
    }

    /// `localhost`, `*.localhost`, a dotted-quad `127.x.x.x` or `::1` — not `127.0.0.1.attacker.example`,
    /// a name an attacker's DNS could point at loopback.
    public static func isLoopback(_ host: String) -> Bool {
        let lower = host.lowercased()
        if lower == "localhost" || lower.hasSuffix(".localhost") || lower == "::1" { return true }
        let parts = lower.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127"
            && parts.allSatisfy { part in
                // ASCII digits only: `Character.isNumber` also accepts "١", "²" and "Ⅷ", which `Int` cannot read.
                !part.isEmpty && part.utf8.count <= 3 && part.utf8.allSatisfy { (0x30...0x39).contains($0) } && (Int(part) ?? 256) <= 255
            }
    }
}

/// Lets the HTTP server, made before the preview exists, call the preview once it does.
private final class HandlerBox: Sendable {
    private let server = Locked<PreviewServer?>(nil)

    func connect(_ preview: PreviewServer) { server.withValue { $0 = preview } }
    func disconnect() { server.withValue { $0 = nil } }

    func handle(_ request: HTTPServer.Request) -> HTTPServer.Response {
        server.current?.respond(request) ?? .full(status: 500, headers: [], body: [])
    }
}
