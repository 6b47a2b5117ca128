import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A raw HTTP client for 127.0.0.1: it sends request targets exactly as written (`/../x` included,
/// which URLSession would normalise away) and reads event streams as they arrive. Every read has a
/// timeout, so a broken server fails a test instead of hanging it.
struct LoopbackClient {
    let port: UInt16

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Response {
        var status: Int
        /// Names lower-cased.
        var headers: [String: String]
        var body: String
    }

    func connect(timeout: Double) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw Failure(description: "connect to 127.0.0.1:\(port): \(String(cString: strerror(errno)))")
        }
        var time = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    static func write(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress!, bytes.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Sends one request and reads the response to the end of the connection.
    func request(_ target: String, method: String = "GET", host: String? = nil, timeout: Double = 10) throws -> Response {
        let fd = try connect(timeout: timeout)
        defer { close(fd) }
        Self.write(fd, "\(method) \(target) HTTP/1.1\r\nHost: \(host ?? "127.0.0.1:\(port)")\r\nUser-Agent: appealpress-tests\r\n\r\n")
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw Failure(description: "no complete response to \(method) \(target) within \(timeout) s") }
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw Failure(description: "malformed response: \(text.prefix(200))") }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let status = Int(lines[0].split(separator: " ")[1]) ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            if let colon = line.firstIndex(of: ":") {
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return Response(status: status, headers: headers, body: String(text[split.upperBound...]))
    }

    func events() throws -> EventStream {
        let fd = try connect(timeout: 10)
        Self.write(fd, "GET /__appealpress/events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n\r\n")
        return EventStream(fd: fd)
    }
}

/// One Server-Sent Events connection, read event by event.
final class EventStream {
    let fd: Int32
    private var buffer = ""
    private(set) var headers = ""

    init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }

    struct Event {
        var name: String
        var data: String
    }

    /// The next event (comments and `retry:` lines skipped), or a failure after the socket's timeout.
    func next() throws -> Event {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if headers.isEmpty, let end = buffer.range(of: "\r\n\r\n") {
                headers = String(buffer[..<end.lowerBound])
                buffer = String(buffer[end.upperBound...])
            }
            if !headers.isEmpty, let end = buffer.range(of: "\n\n") {
                let block = buffer[..<end.lowerBound]
                buffer = String(buffer[end.upperBound...])
                var name = "message", data: [String] = []
                for line in block.split(separator: "\n") {
                    if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                    if line.hasPrefix("data: ") { data.append(String(line.dropFirst(6))) }
                }
                if data.isEmpty { continue }
                return Event(name: name, data: data.joined(separator: "\n"))
            }
            let n = recv(fd, &chunk, chunk.count, 0)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw LoopbackClient.Failure(description: "event stream ended or timed out (buffer: \(buffer.prefix(300)))") }
            buffer += String(decoding: chunk[0..<n], as: UTF8.self)
        }
    }

    /// Events until one named `name` whose data satisfies `accept`.
    func next(_ name: String, where accept: (String) -> Bool = { _ in true }) throws -> Event {
        while true {
            let event = try next()
            if event.name == name && accept(event.data) { return event }
        }
    }
}

/// The data of a `hello` or `reload` event.
struct ReloadEvent: Decodable {
    var generation: String
    var ok: Bool
    var errors: Int
    var warnings: Int
    var pages: Int
    var changed: [String]

    init(_ event: EventStream.Event) throws {
        self = try JSONDecoder().decode(ReloadEvent.self, from: Data(event.data.utf8))
    }
}
