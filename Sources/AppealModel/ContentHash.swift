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

extension ContentHash {
    /// A 64-bit hash of a whole file's bytes, eight bytes a step (a page is hashed as it is written,
    /// so this must cost far less than writing it), as 16 hex digits. Stable across runs and machines.
    public static func digest(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        bytes.withUnsafeBytes { raw in
            let words = raw.count / 8
            for i in 0..<words {
                let w = raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self).littleEndian
                h = (h ^ (w &* 0xBF58_476D_1CE4_E5B9)) &* 0x94D0_49BB_1331_11EB
                h ^= h >> 31
            }
            var tail: UInt64 = 0
            for i in (words * 8)..<raw.count { tail = tail << 8 | UInt64(raw[i]) }
            h = (h ^ tail) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
