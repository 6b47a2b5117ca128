import AppealModel
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The open Server-Sent Events streams (one per browser tab) and what to tell them. Sends happen
/// under the lock, and a stream leaves the set before its socket is closed, so an event can never
/// reach a recycled file descriptor.
final class EventChannel: Sendable {
    private struct State: Sendable {
        var clients = Set<Int32>()
        var closed = false
        /// The data of the last event, said as `hello` to each new stream.
        var current: String
    }

    private let state: Locked<State>

    init(hello: String) { state = Locked(State(current: hello)) }

    var count: Int { state.withValue { s in s.clients.count } }

    /// Says hello with the latest data and adds a stream whose headers were sent; false once the
    /// channel is closed. Under the same lock as `broadcast`, so a tab that connects while the site
    /// is rebuilt gets either the old hello and the reload event, or the new hello: never neither.
    func attach(_ fd: Int32) -> Bool {
        state.withValue { s in
            guard !s.closed, HTTPServer.send(fd, Array(("retry: 1000\n\n" + Self.format(event: "hello", data: s.current)).utf8)) else { return false }
            s.clients.insert(fd)
            return true
        }
    }

    func detach(_ fd: Int32) {
        state.withValue { s in _ = s.clients.remove(fd) }
    }

    /// Sends one event to every stream and returns how many got it. A tab that cannot take a small
    /// event at once is treated as gone: its socket is shut, which ends its connection thread.
    @discardableResult
    func broadcast(event: String, data: String) -> Int {
        let bytes = Array(Self.format(event: event, data: data).utf8)
        return state.withValue { s in
            s.current = data
            var delivered = 0
            for fd in s.clients {
                if HTTPServer.send(fd, bytes, nonBlocking: true) { delivered += 1 } else { shutdown(fd, Int32(SHUT_RDWR)) }
            }
            return delivered
        }
    }

    /// A comment line keeps idle streams open through proxies and finds tabs that went away.
    func ping() {
        let bytes = Array(": ping\n\n".utf8)
        state.withValue { s in
            for fd in s.clients where !HTTPServer.send(fd, bytes, nonBlocking: true) { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    /// Ends every stream; their connection threads detach and close them.
    func close() {
        state.withValue { s in
            s.closed = true
            for fd in s.clients { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    /// `event:` and one `data:` line per line of `data`, then the blank line that ends an event.
    static func format(event: String, data: String) -> String {
        "event: \(event)\n" + data.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)\n" }.joined() + "\n"
    }
}
