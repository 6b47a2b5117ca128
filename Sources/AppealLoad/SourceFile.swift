import AppealModel
import Foundation

/// A content file read as UTF-8 text, split into front matter and body when it is Markdown.
struct SourceFile {
    let path: String
    let text: String

    /// Reads `path`, reporting a missing file or invalid UTF-8 with the position of the first bad byte.
    static func read(_ path: String, diagnostics: inout Diagnostics) -> SourceFile? {
        guard let data = FileManager.default.contents(atPath: path) else {
            cannotRead(path, exists: FileManager.default.fileExists(atPath: path), diagnostics: &diagnostics)
            return nil
        }
        return decode(data, path: path, diagnostics: &diagnostics)
    }

    /// The error for a file that is not there (`exists` false) or cannot be read.
    static func cannotRead(_ path: String, exists: Bool, diagnostics: inout Diagnostics) {
        diagnostics.error("cannot read file", at: SourceLocation(file: path),
                          hint: exists ? "check its permissions" : "create it; see docs/content-model.md")
    }

    /// The file's bytes as text, as `read` gives them.
    static func decode(_ data: Data, path: String, diagnostics: inout Diagnostics) -> SourceFile? {
        guard let text = String(validating: data, as: UTF8.self) else {
            diagnostics.error("file is not valid UTF-8", at: Self.firstInvalidUTF8(data, file: path),
                              hint: "save the file as UTF-8 (in most editors: File → Save with Encoding → UTF-8)")
            return nil
        }
        // A byte-order mark and Windows line ends, alone or together (as some editors save).
        let unmarked = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        if let at = Self.firstControlCharacter(unmarked, file: path) {
            diagnostics.error("the file holds the control character \(at.character), which a page cannot show", at: at.location,
                              hint: "delete it (it is invisible in most editors; search for it by its code)")
            return nil
        }
        return SourceFile(path: path, text: unmarked.utf8.contains(0x0D) ? unmarked.replacingOccurrences(of: "\r\n", with: "\n") : unmarked)
    }

    /// The first C0 or C1 control character other than tab, line feed and carriage return (or DEL),
    /// with its line and column in characters.
    static func firstControlCharacter(_ text: String, file: String) -> (character: String, location: SourceLocation)? {
        // Most files hold none: one pass over the bytes before counting columns.
        guard text.utf8.contains(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F || $0 == 0xC2 }) else { return nil }
        var line = 1, column = 1
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || (0x7F...0x9F).contains(v) {
                let digits = String(v, radix: 16, uppercase: true)
                return ("U+" + String(repeating: "0", count: 4 - digits.count) + digits, SourceLocation(file: file, line: line, column: column))
            }
            if v == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        return nil
    }

    static func firstInvalidUTF8(_ data: Data, file: String) -> SourceLocation {
        let bytes = [UInt8](data)
        var line = 1, column = 1, i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            let valid = length > 0 && i + length <= bytes.count
                && (1..<length).allSatisfy { bytes[i + $0] >> 6 == 0b10 }
                && String(validating: bytes[i..<(i + length)], as: UTF8.self) != nil
            if !valid { return SourceLocation(file: file, line: line, column: column) }
            if b == 0x0A { line += 1; column = 1 } else { column += 1 }
            i += length
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// Front matter between a first line `---` and the next `---` line, and the Markdown after it.
    struct Split {
        var frontMatter: String?
        /// Lines before the front matter text (always 1: the opening `---`).
        var frontMatterLineOffset: Int
        var body: String
        /// The line on which the body starts.
        var bodyLine: Int
    }

    func splitFrontMatter(diagnostics: inout Diagnostics) -> Split {
        guard text.hasPrefix("---\n") || text == "---" else {
            return Split(frontMatter: nil, frontMatterLineOffset: 0, body: text, bodyLine: 1)
        }
        // Find the closing line (`---` or `...`) by bytes: files can be long and there are thousands.
        let bytes = Array(text.utf8)
        var lineStart = 4, line = 2
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let content = bytes[lineStart..<lineEnd]
            if content.elementsEqual("---".utf8) || content.elementsEqual("...".utf8) {
                let yaml = String(decoding: bytes[4..<max(4, lineStart - 1)], as: UTF8.self)
                let bodyStart = min(lineEnd + 1, bytes.count)
                return Split(frontMatter: lineStart == 4 ? "" : yaml, frontMatterLineOffset: 1,
                             body: String(decoding: bytes[bodyStart...], as: UTF8.self), bodyLine: line + 1)
            }
            lineStart = lineEnd + 1
            line += 1
        }
        diagnostics.error("front matter is not closed", at: SourceLocation(file: path, line: 1, column: 1),
                          hint: "end the YAML block with a line holding only `---`")
        return Split(frontMatter: "", frontMatterLineOffset: 1, body: "", bodyLine: line)
    }
}
