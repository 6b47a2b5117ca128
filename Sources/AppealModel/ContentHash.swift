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
    /// A 64-bit hash of a whole file's bytes: four independent lanes of eight bytes a step, so a
    /// page is hashed for far less than it costs to write it. Stable across runs and machines; not
    /// cryptographic (it tells whether a page changed, as `ContentHash` does).
    public static func pageHash(_ bytes: [UInt8]) -> PageHash {
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
        return PageHash(out)
    }

    /// `pageHash` as its 16 hex digits (the form the ledger and the page summaries write).
    public static func digest(_ bytes: [UInt8]) -> String { pageHash(bytes).description }
}

/// The hash of a whole file's bytes (`ContentHash.pageHash`) as the 8 bytes it is: a build keeps one
/// per page, so it is held as a number and spelled as 16 lower-case hex digits only where it is
/// written out (the ledger, the page summaries).
public struct PageHash: Hashable, Sendable, CustomStringConvertible {
    public let value: UInt64

    public init(_ value: UInt64) { self.value = value }

    /// Reads exactly 16 lower-case hex digits, the only spelling `description` makes; nil for anything
    /// else, so a hash written some other way never equals a page's.
    public init?(hex: some StringProtocol) { self.init(hexBytes: hex.utf8) }

    /// `init(hex:)` of text given as its UTF-8 bytes.
    public init?(hexBytes: some Sequence<UInt8>) {
        var value: UInt64 = 0, count = 0
        for byte in hexBytes {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            default: return nil
            }
            count += 1
            guard count <= 16 else { return nil }
            value = value << 4 | UInt64(digit)
        }
        guard count == 16 else { return nil }
        self.value = value
    }

    /// Appends the 16 hex digits to `out`.
    public func appendHex(to out: inout [UInt8]) {
        for shift in stride(from: 60, through: 0, by: -4) {
            let digit = UInt8(truncatingIfNeeded: value >> UInt64(shift)) & 0xF
            out.append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10)
        }
    }

    public var description: String {
        var out: [UInt8] = []
        out.reserveCapacity(16)
        appendHex(to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
