/// FNV-1a, 64-bit: a fast, stable fingerprint of content, used to tell whether a page's inputs changed
/// since the last build. Not cryptographic; collisions only cost a page that is not re-rendered, and
/// at 2^-64 per page they do not happen in practice.
public struct ContentHash: Hashable, Sendable, CustomStringConvertible {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public init(_ bytes: some Sequence<UInt8>) { add(bytes) }

    public mutating func add(_ bytes: some Sequence<UInt8>) {
        var h = value
        let done: Bool? = bytes.withContiguousStorageIfAvailable { buffer -> Bool in
            for byte in buffer { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return true
        }
        if done == nil {
            for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        value = (h ^ 0xFF) &* 0x100_0000_01b3
    }

    public mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add($0) }
    }

    public mutating func add(_ other: ContentHash) {
        withUnsafeBytes(of: other.value.littleEndian) { add($0) }
    }

    public mutating func add(_ n: Int) {
        withUnsafeBytes(of: Int64(n).littleEndian) { add($0) }
    }

    public var description: String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
