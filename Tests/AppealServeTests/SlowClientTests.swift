import AppealBuild
import AppealModel
@testable import AppealServe
import AppealTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// A client that drips its headers is cut off at the deadline, and connections past the cap get a
/// 503 at once, so slow or many clients cannot hold the preview's threads (issue 17).
@Suite struct SlowClientTests {
    func start(maxConnections: Int = 64, headerDeadline: Double = 10) throws -> (PreviewServer, LoopbackClient) {
        var options = ServeOptions(content: Fixtures.path("mini"), theme: Fixtures.defaultTheme, date: Day(iso: "2026-11-29")!,
                                   host: "127.0.0.1", port: 0, pollInterval: 0.05)
        options.maxConnections = maxConnections
        options.headerDeadline = headerDeadline
        let server = try PreviewServer(options: options)
        server.start()
        return (server, LoopbackClient(port: server.port))
    }

    @Test func aClientDrippingItsHeadersIsCutOffAtTheDeadline() throws {
        let (server, client) = try start(headerDeadline: 1)
        defer { server.stop() }
        let fd = try client.connect(timeout: 5)
        defer { close(fd) }
        let started = Date()
        var closedAfter: Double?
        for byte in Array("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".utf8) + Array(repeating: UInt8(ascii: "a"), count: 40) {
            var b = byte
            if send(fd, &b, 1, Int32(MSG_NOSIGNAL)) != 1 { closedAfter = Date().timeIntervalSince(started); break }
            usleep(100_000)
            var peek = [UInt8](repeating: 0, count: 64)
            let n = recv(fd, &peek, peek.count, Int32(MSG_DONTWAIT))
            if n >= 0 { closedAfter = Date().timeIntervalSince(started); break }  // an answer or the close
        }
        let after = try #require(closedAfter, "the server kept the dripping client for 4 s")
        #expect(after >= 0.9 && after < 3, "cut off after \(after) s")
        // The preview still answers others.
        #expect(try client.request("/").status == 200)
    }

    @Test func connectionsPastTheCapGet503() throws {
        let (server, client) = try start(maxConnections: 3, headerDeadline: 5)
        defer { server.stop() }
        let idle = try (0..<3).map { _ in try client.connect(timeout: 5) }
        defer { idle.forEach { close($0) } }
        usleep(200_000)
        let refused = try client.request("/")
        #expect(refused.status == 503 && refused.body == "Too many connections.\n")
        idle.forEach { shutdown($0, Int32(SHUT_RDWR)) }
        // Once they go, the preview serves again.
        var status = 0
        for _ in 0..<50 where status != 200 {
            usleep(100_000)
            status = (try? client.request("/").status) ?? 0
        }
        #expect(status == 200)
    }
}
