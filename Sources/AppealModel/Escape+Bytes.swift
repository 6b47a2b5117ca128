/// The escapers, appending to a byte buffer: a page is assembled as bytes, without a string per
/// value. The `String` versions in Escape.swift call these.
extension Escape {
    /// `text` HTML-escaped, appended to `out`: runs without special characters are copied whole, and
    /// the text is scanned eight bytes at a time.
    public static func html(_ text: String, into out: inout [UInt8]) {
        withBytes(text) { bytes in
            guard let base = bytes.baseAddress else { return }
            let count = bytes.count
            var run = 0, i = 0
            @inline(__always) func handle(_ j: Int) {
                let entity: StaticString
                switch base[j] {
                case 0x26: entity = "&amp;"
                case 0x3C: entity = "&lt;"
                case 0x3E: entity = "&gt;"
                case 0x22: entity = "&quot;"
                case 0x27: entity = "&#39;"
                default: return
                }
                if j > run { out += UnsafeBufferPointer(start: base + run, count: j - run) }
                out += UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount)
                run = j + 1
            }
            while i + 8 <= count {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if mayNeedHTMLEscape(word) { for j in i..<(i + 8) { handle(j) } }
                i += 8
            }
            while i < count { handle(i); i += 1 }
            if count > run { out += UnsafeBufferPointer(start: base + run, count: count - run) }
        }
    }

    /// Whether any of the eight bytes is `&`, `<`, `>`, `"` or `'` (the classic has-a-zero-byte test
    /// on the word XORed with each character; it has no false negatives).
    @inline(__always)
    static func mayNeedHTMLEscape(_ word: UInt64) -> Bool {
        @inline(__always) func hasZeroByte(_ x: UInt64) -> UInt64 { (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 }
        return (hasZeroByte(word ^ 0x2626_2626_2626_2626) | hasZeroByte(word ^ 0x3C3C_3C3C_3C3C_3C3C) | hasZeroByte(word ^ 0x3E3E_3E3E_3E3E_3E3E)
            | hasZeroByte(word ^ 0x2222_2222_2222_2222) | hasZeroByte(word ^ 0x2727_2727_2727_2727)) != 0
    }

    /// `text` as a JSON string literal safe inside `<script>`, appended to `out`.
    public static func jsonString(_ text: String, into out: inout [UInt8]) {
        out.append(0x22)
        withBytes(text) { bytes in
            let hex: StaticString = "0123456789abcdef"
            var run = 0, i = 0
            func flush(_ end: Int) { if end > run { out += UnsafeBufferPointer(rebasing: bytes[run..<end]) } }
            func unicodeEscape(_ value: UInt8) {
                out += [0x5C, 0x75, 0x30, 0x30, hex.utf8Start[Int(value >> 4)], hex.utf8Start[Int(value & 0xF)]]
            }
            while i < bytes.count {
                let byte = bytes[i]
                switch byte {
                case 0x22, 0x5C, 0x0A, 0x0D, 0x09, 0x3C, 0x3E, 0x26, 0x00..<0x20:
                    flush(i)
                    switch byte {
                    case 0x22: out += [0x5C, 0x22]
                    case 0x5C: out += [0x5C, 0x5C]
                    case 0x0A: out += [0x5C, 0x6E]
                    case 0x0D: out += [0x5C, 0x72]
                    case 0x09: out += [0x5C, 0x74]
                    default: unicodeEscape(byte)
                    }
                    run = i + 1
                case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    // U+2028 and U+2029 end a line in JavaScript.
                    flush(i)
                    out += Array((bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                    i += 2
                    run = i + 1
                default: break
                }
                i += 1
            }
            flush(bytes.count)
        }
        out.append(0x22)
    }

    /// `text` percent-encoded like `urlComponent`, appended to `out`.
    public static func urlComponent(_ text: String, into out: inout [UInt8]) {
        withBytes(text) { bytes in
            let hex: StaticString = "0123456789ABCDEF"
            for byte in bytes {
                if isUnreserved(byte) {
                    out.append(byte)
                } else {
                    out += [UInt8(ascii: "%"), hex.utf8Start[Int(byte >> 4)], hex.utf8Start[Int(byte & 0xF)]]
                }
            }
        }
    }

    /// Calls `body` with the UTF-8 bytes of `text`, copying only when the string is not stored as UTF-8.
    @inline(__always)
    static func withBytes(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        if text.utf8.withContiguousStorageIfAvailable(body) == nil {
            var copy = text
            copy.withUTF8(body)
        }
    }
}
