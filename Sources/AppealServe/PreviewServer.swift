import AppealBuild
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

/// The preview: validates and plans the site in memory, renders each page when a browser asks for
/// it, watches the content and theme folders, and tells open tabs to reload after every rebuild.
///
/// A rebuild is one `SiteBuilder.prepare` (load, validate, plan: about 0.2 s for the bundled
/// 1,068-page site in a release build), not a full build: pages are rendered on request, so an
/// edit is visible as soon as the plan is ready. A rebuild with errors keeps the last good site
/// and shows the errors over it.
public final class PreviewServer: @unchecked Sendable {
    public let options: ServeOptions
    public let port: UInt16
    /// `http://127.0.0.1:1313/`; also the base URL the site is rendered with, so every link stays local.
    public let url: String
    let loopbackOnly: Bool

    private let http: HTTPServer
    private let channel: EventChannel
    private let watcher: ContentWatcher
    private let instance = String(UInt32.random(in: 0...UInt32.max), radix: 16)

    private let lock = NSLock()
    private var renderer: SiteRenderer?
    private var outputs: [String: SiteOutput] = [:]
    private var errors: [Diagnostic] = []
    private var generationNumber = 0
    private var stopped = false
    private let rebuildLock = NSLock()
    private let watcherDone = DispatchSemaphore(value: 0)
    private var watching = false

    /// Binds the port; nothing is served until `start`.
    public init(options: ServeOptions) throws(ServeError) {
        self.options = options
        let ports: [UInt16] = options.port.map { [$0] } ?? Array(ServeOptions.defaultPort..<(ServeOptions.defaultPort + 10))
        let channel = EventChannel(hello: "{}")
        self.channel = channel
        var server: HTTPServer?
        var failure: ServeError?
        let box = HandlerBox()
        for port in ports {
            do {
                server = try HTTPServer(host: options.host, port: port) { box.handle($0) }
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
        box.server = self
    }

    var generation: String { "\(instance)-\(generationNumber)" }

    /// Builds the site once, then serves it and watches for edits until `stop`. Returns the first build's report.
    @discardableResult
    public func start(onRebuild: @escaping @Sendable (RebuildReport) -> Void = { _ in }) -> RebuildReport {
        // Taken before the first build, so an edit saved while it runs is not missed.
        let before = watcher.snapshot()
        let first = rebuild(changed: [])
        http.start()
        lock.withLock { watching = true }
        Thread { [self] in
            var last = before
            var lastPing = Date()
            while !isStopped {
                usleep(UInt32(options.pollInterval * 1_000_000))
                var now = watcher.snapshot()
                if now != last {
                    // A save can be several writes (write, then rename); wait for them to settle.
                    usleep(30_000)
                    now = watcher.snapshot()
                    let changed = ContentWatcher.changes(from: last, to: now)
                    last = now
                    if !changed.isEmpty && !isStopped { onRebuild(rebuild(changed: changed)) }
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

    private var isStopped: Bool { lock.withLock { stopped } }

    /// Stops serving and watching; open tabs keep their page and reconnect when `serve` runs again.
    public func stop() {
        let wasWatching = lock.withLock { () -> Bool in
            defer { stopped = true }
            return watching && !stopped
        }
        http.stop()
        channel.close()
        if wasWatching { _ = watcherDone.wait(timeout: .now() + 2) }
    }

    /// Validates and plans the site again; on success serves it, otherwise keeps the last good one
    /// and shows the errors. Either way every open tab is told to reload.
    @discardableResult
    public func rebuild(changed: [String]) -> RebuildReport {
        rebuildLock.lock()
        defer { rebuildLock.unlock() }
        let start = Date()
        let options = BuildOptions(content: self.options.content, theme: self.options.theme, output: "", date: self.options.date, baseURL: url)
        var built: (SiteRenderer, [Diagnostic])?
        var problems: [Diagnostic] = []
        let previous = lock.withLock { renderer }
        do { built = try SiteBuilder.prepare(options, reusing: previous) } catch { problems = error.diagnostics }
        let newOutputs = built?.0.outputs()
        let seconds = Date().timeIntervalSince(start)

        let (report, event) = lock.withLock { () -> (RebuildReport, String) in
            let hadErrors = !errors.isEmpty
            generationNumber += 1
            if let (newRenderer, _) = built, let newOutputs {
                renderer = newRenderer
                outputs = newOutputs
                errors = []
            } else {
                errors = problems.filter { $0.severity == .error }
            }
            let plan = renderer?.plan
            let report = RebuildReport(changed: changed, ok: built != nil, diagnostics: built?.1 ?? problems, pages: plan?.cells.count ?? 0,
                                       thinPages: plan?.cells.filter(\.thin).count ?? 0, seconds: seconds, tabs: 0,
                                       recovered: built != nil && hadErrors, generation: generation)
            return (report, Self.eventData(report))
        }
        var result = report
        result.tabs = channel.broadcast(event: "reload", data: event)
        return result
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

        let (renderer, outputs, errors, generation) = lock.withLock { (self.renderer, self.outputs, self.errors, self.generation) }
        guard let renderer else {
            return Self.html(500, LiveReload.errorPage(errors, generation: generation))
        }
        let file = path.hasSuffix("/") ? String(path.dropFirst()) + "index.html" : String(path.dropFirst())
        if let output = outputs[file], let bytes = renderer.contents(of: output) {
            guard file.hasSuffix(".html") else {
                return .full(status: 200, headers: Self.headers(ContentType.of(file)), body: bytes)
            }
            return Self.html(200, decorate(String(decoding: bytes, as: UTF8.self), errors: errors, generation: generation))
        }
        // Pretty URLs: /kyphoplasty/medicare/medical-necessity → …/medical-necessity/, as static hosts do.
        if !path.hasSuffix("/"), outputs[file + "/index.html"] != nil {
            let location = path + "/" + (query.map { "?" + $0 } ?? "")
            return .full(status: 301, headers: Self.headers("text/plain; charset=utf-8") + [("Location", location)], body: Array("Moved to \(location)\n".utf8))
        }
        return Self.html(404, decorate(renderer.render404(), errors: errors, generation: generation))
    }

    func decorate(_ html: String, errors: [Diagnostic], generation: String) -> String {
        LiveReload.inject((errors.isEmpty ? "" : LiveReload.overlay(errors)) + LiveReload.script(generation: generation), into: html)
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
            && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) && Int($0)! <= 255 }
    }
}

/// Lets the HTTP server, made before the preview exists, call the preview once it does.
private final class HandlerBox: @unchecked Sendable {
    weak var server: PreviewServer?

    func handle(_ request: HTTPServer.Request) -> HTTPServer.Response {
        server?.respond(request) ?? .full(status: 500, headers: [], body: [])
    }
}
