import AppealModel
import Foundation

/// The hidden file (`.appealpress-output`) a build leaves in its output folder: it marks the folder
/// as AppealPress's, lists every file the build wrote with the fingerprint of its inputs, and keeps
/// the build's own record (what it found, its counts) for the next build to read.
///
/// The format, version 2, is text so a diff of two outputs stays readable:
///
///     AppealPress output manifest, version 2. A build replaces this folder whole.
///     {"findings":[…],"pages":1068,…}          ← the build's record, one JSON line
///     3f1c0a9e2b7d4e61 kyphoplasty/medicare/medical-necessity/index.html
///     - robots.txt                             ← a file made every build, without a fingerprint
///     end 1107                                 ← the number of file lines, so a cut file is seen
///
/// Anything else — another version, a missing line, a cut or corrupt file — reads as no manifest:
/// the next build then renders every page, never carries over a wrong one.
public struct OutputManifest: Sendable, Equatable {
    public static let fileName = ".appealpress-output"
    public static let version = 2

    public struct Entry: Sendable, Equatable {
        /// A fingerprint as 16 hex digits (what `ContentHash` spells) is kept as the number it is: a
        /// build holds one per file until it writes the manifest.
        private enum Stored: Sendable, Equatable {
            case none
            case hex(PageHash)
            case text(String)
        }

        private var stored: Stored

        /// The fingerprint of the file's inputs; nil for files made every build and carried over by bytes.
        public var fingerprint: String? {
            get {
                switch stored {
                case .none: return nil
                case .hex(let h): return h.description
                case .text(let t): return t
                }
            }
            set { stored = Self.store(newValue) }
        }

        public init(fingerprint: String?) { stored = Self.store(fingerprint) }

        /// The entry of a manifest line's fingerprint field (`-` for none): `init(fingerprint:)` of
        /// its text, without making the text of a 16-digit one.
        init(fingerprintBytes bytes: UnsafeBufferPointer<UInt8>) {
            if bytes.count == 1, bytes[0] == UInt8(ascii: "-") {
                stored = .none
            } else if let hash = PageHash(hexBytes: bytes) {
                stored = .hex(hash)
            } else {
                stored = .text(String(decoding: bytes, as: UTF8.self))
            }
        }

        /// Whether the fingerprint is `other` (nil: none), without spelling it out.
        public func has(fingerprint other: String?) -> Bool { stored == Self.store(other) }

        /// Appends the fingerprint as the manifest writes it (`-` for none).
        func appendFingerprint(to out: inout [UInt8]) {
            switch stored {
            case .none: out.append(UInt8(ascii: "-"))
            case .hex(let h): h.appendHex(to: &out)
            case .text(let t): out += t.utf8
            }
        }

        private static func store(_ text: String?) -> Stored {
            guard let text else { return .none }
            return PageHash(hex: text).map { .hex($0) } ?? .text(text)
        }
    }

    /// Every file of the output, by path inside it.
    public var files: [String: Entry]
    /// The build's record, a JSON object (AppealBuild's `BuildRecord`); the writer only carries it.
    public var record: Data

    public init(files: [String: Entry] = [:], record: Data = Data("{}".utf8)) {
        self.files = files
        self.record = record
    }

    static let header = "AppealPress output manifest, version \(version). A build replaces this folder whole.\n"

    /// The manifest of `folder`, or nil when it has none or one this version cannot read.
    public static func read(folder: String) -> OutputManifest? {
        guard let data = FileManager.default.contents(atPath: folder + "/" + fileName) else { return nil }
        return data.withUnsafeBytes { raw in parse(UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count)) }
    }

    /// Reads the text form; nil unless every line is as `encoded()` writes it.
    public static func parse(_ bytes: [UInt8]) -> OutputManifest? {
        bytes.withUnsafeBufferPointer { parse($0) }
    }

    /// `parse` of bytes in place: a 100,000-page site's manifest is 23 MB, read once per build.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> OutputManifest? {
        // Read as bytes: a 100,000-page site's manifest has 100,000 lines, and Character-wise
        // splitting of that much text costs more than the rest of a no-op build.
        let head = Array(header.utf8)
        guard let base = bytes.baseAddress, bytes.count > head.count, bytes.starts(with: head), bytes.last == 0x0A else { return nil }
        /// The end of the line that starts at `start` (the index of its newline; there is one: the last byte is).
        func offset(_ p: UnsafeMutableRawPointer) -> Int { UnsafeRawPointer(base).distance(to: UnsafeRawPointer(p)) }
        func lineEnd(_ start: Int) -> Int { offset(memchr(base + start, 0x0A, bytes.count - start)!) }
        let recordEnd = lineEnd(head.count)
        guard recordEnd > head.count, bytes[head.count] == UInt8(ascii: "{"), recordEnd + 1 < bytes.count else { return nil }
        // The last line is the trailer: `end` and the number of file lines.
        var trailerStart = bytes.count - 1
        while trailerStart > recordEnd + 1, bytes[trailerStart - 1] != 0x0A { trailerStart -= 1 }
        // As many entries as file lines: a guess from the size would give the table twice the room.
        var lineCount = 0, at = recordEnd + 1
        while at < trailerStart { at = lineEnd(at) + 1; lineCount += 1 }
        var files: [String: Entry] = [:]
        files.reserveCapacity(lineCount)
        var start = recordEnd + 1, count = 0
        while start < trailerStart {
            let end = lineEnd(start)
            guard let space = memchr(base + start, 0x20, end - start).map(offset), space > start, space + 1 < end else { return nil }
            let path = String(decoding: UnsafeBufferPointer(rebasing: bytes[(space + 1)..<end]), as: UTF8.self)
            guard files.updateValue(Entry(fingerprintBytes: UnsafeBufferPointer(rebasing: bytes[start..<space])), forKey: path) == nil else { return nil }
            count += 1
            start = end + 1
        }
        let trailer = String(decoding: UnsafeBufferPointer(rebasing: bytes[trailerStart..<(bytes.count - 1)]), as: UTF8.self)
        guard trailer == "end \(count)" else { return nil }
        return OutputManifest(files: files, record: Data(UnsafeBufferPointer(rebasing: bytes[head.count..<recordEnd])))
    }

    /// The text form, files sorted by path.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Self.header.utf8.count + record.count + files.count * 96)
        encode(into: &out) { _ in }
        return out
    }

    /// `encoded()` made into `out`, `flush` called after each line: a writer can take the text a
    /// piece at a time instead of holding all of it (100,000 lines at 100,000 pages).
    public func encode<E: Error>(into out: inout [UInt8], flush: (inout [UInt8]) throws(E) -> Void) throws(E) {
        try encode(line: Self.recordLine(record), paths: files.keys.sorted(), into: &out, flush: flush)
    }

    /// The record as its line holds it: without line breaks.
    static func recordLine(_ record: Data) -> [UInt8] {
        record.withUnsafeBytes { raw in
            guard raw.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return [UInt8](raw) }
            return raw.filter { $0 != 0x0A && $0 != 0x0D }
        }
    }

    /// `encode` with its two costly parts made beforehand (by the writer, on two threads): the
    /// record's line (`recordLine`) and the paths of `files`, sorted.
    func encode<E: Error>(line: [UInt8], paths: [String], into out: inout [UInt8], flush: (inout [UInt8]) throws(E) -> Void) throws(E) {
        out += Self.header.utf8
        out += line
        out.append(0x0A)
        for path in paths {
            files[path]!.appendFingerprint(to: &out)
            out.append(0x20)
            out += path.utf8
            out.append(0x0A)
            try flush(&out)
        }
        out += "end \(files.count)\n".utf8
    }
}
