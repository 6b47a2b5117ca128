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
    /// A 64-bit hash of a whole file's bytes, as 16 hex digits: four independent lanes of eight
    /// bytes a step, so a page is hashed for far less than it costs to write it. Stable across runs
    /// and machines; not cryptographic (it tells whether a page changed, as `ContentHash` does).
    public static func digest(_ bytes: [UInt8]) -> String {
        let m1: UInt64 = 0xBF58_476D_1CE4_E5B9, m2: UInt64 = 0x94D0_49BB_1331_11EB
        var h = (UInt64(bytes.count) ^ 0x9E37_79B9_7F4A_7C15, UInt64(0x6A09_E667_F3BC_C908), UInt64(0xBB67_AE85_84CA_A73B), UInt64(0x3C6E_F372_FE94_F82B))
        bytes.withUnsafeBytes { raw in
            let blocks = raw.count / 32
            for i in 0..<blocks {
                let o = i * 32
                h.0 = (h.0 ^ raw.loadUnaligned(fromByteOffset: o, as: UInt64.self).littleEndian &* m1) &* m2
                h.1 = (h.1 ^ raw.loadUnaligned(fromByteOffset: o + 8, as: UInt64.self).littleEndian &* m1) &* m2
                h.2 = (h.2 ^ raw.loadUnaligned(fromByteOffset: o + 16, as: UInt64.self).littleEndian &* m1) &* m2
                h.3 = (h.3 ^ raw.loadUnaligned(fromByteOffset: o + 24, as: UInt64.self).littleEndian &* m1) &* m2
                h.0 ^= h.0 >> 31; h.1 ^= h.1 >> 31; h.2 ^= h.2 >> 31; h.3 ^= h.3 >> 31
            }
            var tail: UInt64 = 0
            for i in (blocks * 32)..<raw.count {
                tail = tail &* 0x100_0000_01B3 ^ UInt64(raw[i])
            }
            h.0 = (h.0 ^ tail &* m1) &* m2
        }
        var out = h.0
        for lane in [h.1, h.2, h.3] {
            out = (out ^ (lane ^ lane >> 29) &* m1) &* m2
            out ^= out >> 32
        }
        let hex = String(out, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
