import Synchronization

/// A value that worker threads share, read and changed only under its lock: results filled in by
/// index, a counter, the first error. The one way this project guards shared state (the standard
/// library's `Mutex`, in a class so it can be shared by reference).
public final class Locked<Value: Sendable>: Sendable {
    @usableFromInline let mutex: Mutex<Value>

    public init(_ value: Value) { mutex = Mutex(value) }

    /// Runs `body` with the value, holding the lock.
    @inlinable public func withValue<Result, Failure: Error>(_ body: (inout sending Value) throws(Failure) -> sending Result) throws(Failure) -> sending Result {
        try mutex.withLock(body)
    }

    /// A copy of the value as it is now.
    @inlinable public var current: Value { mutex.withLock { $0 } }
}
