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
        return parse([UInt8](data))
    }

    /// Reads the text form; nil unless every line is as `encoded()` writes it.
    public static func parse(_ bytes: [UInt8]) -> OutputManifest? {
        // Read as bytes: a 100,000-page site's manifest has 100,000 lines, and Character-wise
        // splitting of that much text costs more than the rest of a no-op build.
        let head = Array(header.utf8)
        guard bytes.starts(with: head), bytes.last == 0x0A else { return nil }
        var lines: [ArraySlice<UInt8>] = []
        lines.reserveCapacity(bytes.count / 64)
        var start = head.count
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A)!
            lines.append(bytes[start..<end])
            start = end + 1
        }
        guard lines.count >= 2, let record = lines.first, record.first == UInt8(ascii: "{") else { return nil }
        let trailer = String(decoding: lines[lines.count - 1], as: UTF8.self)
        guard trailer == "end \(lines.count - 2)" else { return nil }
        var files: [String: Entry] = [:]
        files.reserveCapacity(lines.count)
        for line in lines[1..<(lines.count - 1)] {
            guard let space = line.firstIndex(of: 0x20), space > line.startIndex, space + 1 < line.endIndex else { return nil }
            let fingerprint = String(decoding: line[line.startIndex..<space], as: UTF8.self)
            let path = String(decoding: line[(space + 1)...], as: UTF8.self)
            guard files.updateValue(Entry(fingerprint: fingerprint == "-" ? nil : fingerprint), forKey: path) == nil else { return nil }
        }
        return OutputManifest(files: files, record: Data(record))
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
        out += Self.header.utf8
        out += record.filter { $0 != 0x0A && $0 != 0x0D }
        out.append(0x0A)
        for path in files.keys.sorted() {
            files[path]!.appendFingerprint(to: &out)
            out.append(0x20)
            out += path.utf8
            out.append(0x0A)
            try flush(&out)
        }
        out += "end \(files.count)\n".utf8
    }
}
