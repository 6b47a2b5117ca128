import AppealModel
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small HTTP/1.1 server on plain sockets, for a preview on this machine: GET and HEAD, one
/// request per connection, a thread per connection (a browser opens a handful), and long-lived
/// event streams. No dependency, nothing to build: see README ("Why plain sockets").
final class HTTPServer: Sendable {
    struct Request: Sendable {
        var method: String
        var target: String
        /// Header names lower-cased.
        var headers: [String: String]
    }

    enum Response: Sendable {
        case full(status: Int, headers: [(String, String)], body: [UInt8])
        /// A Server-Sent Events stream: the connection stays open and `channel` writes to it.
        case events(EventChannel)
    }

    typealias Handler = @Sendable (Request) -> Response

    let port: UInt16
    private let listener: Int32
    private let handler: Handler
    private let state = Locked((stopping: false, started: false))
    /// Open connections (event streams included), against `limits.connections`.
    private let open = Locked(0)
    let limits: Limits

    /// What one client may take: a browser needs a handful of connections and sends its headers at
    /// once; a client that drips them a byte at a time is cut off at the deadline.
    struct Limits: Sendable {
        var connections = 64
        /// Seconds from accepting a connection to the end of its request headers.
        var headerDeadline = 10.0
    }
    private let acceptDone = DispatchSemaphore(value: 0)

    /// Binds and listens; `port` 0 picks a free port (read it back from `port`).
    init(host: String, port: UInt16, limits: Limits = Limits(), handler: @escaping Handler) throws(ServeError) {
        self.handler = handler
        self.limits = limits
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw ServeError("cannot resolve host `\(host)`", hint: "use an address such as 127.0.0.1, ::1 or localhost")
        }
        defer { freeaddrinfo(list) }
        var fd: Int32 = -1
        var failure = "no address"
        var info: UnsafeMutablePointer<addrinfo>? = first
        while let ai = info {
            let candidate = socket(ai.pointee.ai_family, ai.pointee.ai_socktype, ai.pointee.ai_protocol)
            if candidate >= 0 {
                var yes: Int32 = 1
                setsockopt(candidate, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
                if bind(candidate, ai.pointee.ai_addr, ai.pointee.ai_addrlen) == 0, listen(candidate, 64) == 0 {
                    fd = candidate
                    break
                }
                failure = String(cString: strerror(errno))
                close(candidate)
            }
            info = ai.pointee.ai_next
        }
        guard fd >= 0 else {
            throw ServeError("cannot listen on \(host):\(port): \(failure)",
                             hint: failure.contains("in use") ? "another server uses that port; pick another with --port" : nil)
        }
        listener = fd
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        let family = storage.ss_family
        self.port = withUnsafePointer(to: storage) { pointer -> UInt16 in
            if family == sa_family_t(AF_INET6) {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
    }

    func start() {
        state.withValue { $0.started = true }
        Thread { [self] in
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 {
                    if errno == EINTR || errno == ECONNABORTED { continue }
                    if isStopping { break }
                    if errno == EMFILE || errno == ENFILE { usleep(50_000); continue }
                    break
                }
                if isStopping { close(client); break }
                let admitted = open.withValue { n -> Bool in
                    guard n < limits.connections else { return false }
                    n += 1
                    return true
                }
                guard admitted else {
                    // Over the cap: answer at once and close; the short-lived thread only drains
                    // the request so the close is clean (at most 0.2 s).
                    Self.setTimeout(client, SO_SNDTIMEO, seconds: 1)
                    Self.send(client, Self.head(status: 503, headers: [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", "22"), ("Retry-After", "1")])
                              + Array("Too many connections.\n".utf8))
                    Thread { [self] in finish(client) }.start()
                    continue
                }
                Thread { [self] in
                    serve(client)
                    open.withValue { $0 -= 1 }
                }.start()
            }
            acceptDone.signal()
        }.start()
    }

    private var isStopping: Bool { state.current.stopping }

    /// Stops accepting and waits (briefly) for the accept loop to end. Event streams are closed by their channel.
    func stop() {
        let (first, running) = state.withValue { s -> (Bool, Bool) in defer { s.stopping = true }; return (!s.stopping, s.started) }
        guard first else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        if running { _ = acceptDone.wait(timeout: .now() + 2) }
        close(listener)
    }

    // MARK: One connection

    private func serve(_ fd: Int32) {
        Self.setTimeout(fd, SO_RCVTIMEO, seconds: 5)
        Self.setTimeout(fd, SO_SNDTIMEO, seconds: 10)
        var noSigPipe: Int32 = 1
        #if canImport(Darwin)
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &noSigPipe, socklen_t(MemoryLayout<Int32>.size))
        #else
        _ = noSigPipe
        #endif
        guard let request = readRequest(fd) else {
            Self.send(fd, Self.head(status: 400, headers: [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", "12")]) + Array("Bad request\n".utf8))
            finish(fd)
            return
        }
        switch handler(request) {
        case .full(let status, let headers, let body):
            var all = headers
            all.append(("Content-Length", String(body.count)))
            Self.send(fd, Self.head(status: status, headers: all) + (request.method == "HEAD" ? [] : body))
            finish(fd)
        case .events(let channel):
            let headers = [("Content-Type", "text/event-stream; charset=utf-8"), ("Cache-Control", "no-store"), ("X-Accel-Buffering", "no")]
            guard Self.send(fd, Self.head(status: 200, headers: headers, close: false)), channel.attach(fd) else {
                close(fd)
                return
            }
            // The browser never sends on this connection; a read returns when it goes away or the channel shuts it.
            Self.setTimeout(fd, SO_RCVTIMEO, seconds: 0)
            var scratch = [UInt8](repeating: 0, count: 512)
            while true {
                let n = recv(fd, &scratch, scratch.count, 0)
                if n > 0 { continue }
                if n < 0 && errno == EINTR { continue }
                break
            }
            channel.detach(fd)
            close(fd)
        }
    }

    /// Reads the request line and headers (at most 16 KB); nil when they are malformed or too long.
    private func readRequest(_ fd: Int32) -> Request? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        let end: Int
        let deadline = Date().addingTimeInterval(limits.headerDeadline)
        while true {
            if let found = Self.headerEnd(buffer) { end = found; break }
            guard buffer.count < 16_384 else { return nil }
            // Each read waits at most until the whole header's deadline, however slowly bytes come.
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return nil }
            Self.setTimeout(fd, SO_RCVTIMEO, seconds: min(5, max(left, 0.01)))  // 0 would mean "no limit"
            let n = recv(fd, &chunk, chunk.count, 0)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            buffer += chunk[0..<n]
        }
        guard let text = String(validating: buffer[0..<end], as: UTF8.self) else { return nil }
        let lines = text.components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1."), !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Request(method: String(parts[0]), target: String(parts[1]), headers: headers)
    }

    static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i
        }
        return nil
    }

    /// Half-closes, then reads whatever the client still sends for a moment, so closing does not
    /// reset the connection before the client has read the response.
    private func finish(_ fd: Int32) {
        shutdown(fd, Int32(SHUT_WR))
        Self.setTimeout(fd, SO_RCVTIMEO, seconds: 0.2)
        var scratch = [UInt8](repeating: 0, count: 4096)
        var drained = 0
        while drained < 65_536 {
            let n = recv(fd, &scratch, scratch.count, 0)
            if n <= 0 { break }
            drained += n
        }
        close(fd)
    }

    static let reasons: [Int: String] = [
        200: "OK", 301: "Moved Permanently", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
        405: "Method Not Allowed", 500: "Internal Server Error", 503: "Service Unavailable",
    ]

    static func head(status: Int, headers: [(String, String)], close: Bool = true) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(reasons[status] ?? "Status")\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if close { text += "Connection: close\r\n" }
        return Array((text + "\r\n").utf8)
    }

    /// Writes all bytes; false when the peer is gone. With `nonBlocking`, a full socket buffer counts as gone.
    @discardableResult
    static func send(_ fd: Int32, _ bytes: [UInt8], nonBlocking: Bool = false) -> Bool {
        #if canImport(Glibc)
        let flags = Int32(MSG_NOSIGNAL) | (nonBlocking ? Int32(MSG_DONTWAIT) : 0)
        #else
        let flags = nonBlocking ? MSG_DONTWAIT : 0
        #endif
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { socketSend(fd, $0.baseAddress! + offset, bytes.count - offset, flags) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    static func setTimeout(_ fd: Int32, _ option: Int32, seconds: Double) {
        var time = timeval(tv_sec: .init(seconds), tv_usec: .init((seconds - Double(Int(seconds))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, option, &time, socklen_t(MemoryLayout<timeval>.size))
    }
}

/// The C `send`, out of reach inside `HTTPServer`, whose own `send` shadows it.
private func socketSend(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int, _ flags: Int32) -> Int {
    send(fd, bytes, count, flags)
}

/// Why the preview could not start.
public struct ServeError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var hint: String?

    init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    public var description: String { "error: \(message)" + (hint.map { "\n    hint: \($0)" } ?? "") }
}
