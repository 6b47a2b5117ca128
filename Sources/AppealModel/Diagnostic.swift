/// A place in a source file; line and column count from 1.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        line > 0 ? "\(file):\(line):\(max(column, 1))" : file
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// One problem found in the content or theme, printed like a compiler message.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        case warning, error
        public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
    }

    public var severity: Severity
    public var location: SourceLocation?
    public var message: String
    public var hint: String?
    /// The source line under the location, when it was read (see `withExcerpt`); printed under the message.
    public var excerpt: SourceExcerpt?

    public init(_ severity: Severity, _ message: String, at location: SourceLocation?, hint: String? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
        self.hint = hint
    }

    public static func error(_ message: String, at location: SourceLocation?, hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, message, at: location, hint: hint)
    }

    public static func warning(_ message: String, at location: SourceLocation?, hint: String? = nil) -> Diagnostic {
        Diagnostic(.warning, message, at: location, hint: hint)
    }

    public var description: String {
        var text = location.map { "\($0): " } ?? ""
        text += "\(severity.rawValue): \(Self.printable(message))"
        if let excerpt { text += "\n" + excerpt.rendered }
        if let hint { text += "\n    hint: \(Self.printable(hint, keepingLines: true))" }
        return text
    }

    /// This diagnostic with the excerpt of its line in `fileText` (the text of its file).
    public func withExcerpt(from fileText: String) -> Diagnostic {
        var copy = self
        copy.excerpt = location.flatMap { SourceExcerpt.at($0, in: fileText) }
        return copy
    }

    /// Content quoted in a message cannot drive the terminal: control characters (an escape
    /// sequence, a carriage return) print as `\u{1B}`-style text.
    static func printable(_ text: String, keepingLines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { ($0.value < 0x20 && !(keepingLines && $0 == "\n")) || (0x7F...0x9F).contains($0.value) }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if (scalar.value < 0x20 && !(keepingLines && scalar == "\n")) || (0x7F...0x9F).contains(scalar.value) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// JSON for scripts: `{ "severity", "file", "line", "column", "message", "hint", "excerpt" }`, every key
/// present, `null` where there is no file, position, hint or excerpt; an excerpt is `{ "line", "text",
/// "caret" }`, the source line as printed and the caret's place in it (from 1). Read back the same way (a build's manifest keeps them).
extension Diagnostic: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKeys.self)
        guard let severity = Severity(rawValue: try c.decode(String.self, forKey: .severity)) else {
            throw DecodingError.dataCorruptedError(forKey: .severity, in: c, debugDescription: "unknown severity")
        }
        let file = try c.decodeIfPresent(String.self, forKey: .file)
        let line = try c.decodeIfPresent(Int.self, forKey: .line) ?? 0
        let column = try c.decodeIfPresent(Int.self, forKey: .column) ?? 0
        self.init(severity, try c.decode(String.self, forKey: .message), at: file.map { SourceLocation(file: $0, line: line, column: column) },
                  hint: try c.decodeIfPresent(String.self, forKey: .hint))
        excerpt = try c.decodeIfPresent(SourceExcerpt.self, forKey: .excerpt)
    }

    enum JSONKeys: String, CodingKey { case severity, file, line, column, message, hint, excerpt }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONKeys.self)
        try c.encode(severity.rawValue, forKey: .severity)
        try c.encode(location?.file, forKey: .file)
        try c.encode(location.flatMap { $0.line > 0 ? $0.line : nil }, forKey: .line)
        try c.encode(location.flatMap { $0.line > 0 ? max($0.column, 1) : nil }, forKey: .column)
        try c.encode(message, forKey: .message)
        try c.encode(hint, forKey: .hint)
        try c.encode(excerpt, forKey: .excerpt)
    }
}

/// Collects every problem of a pass so they are reported together, not one at a time.
public struct Diagnostics: Sendable {
    public private(set) var all: [Diagnostic] = []

    public init() {}

    public var hasErrors: Bool { all.contains { $0.severity == .error } }
    public var errors: [Diagnostic] { all.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }

    public mutating func error(_ message: String, at location: SourceLocation?, hint: String? = nil) {
        all.append(.error(message, at: location, hint: hint))
    }

    public mutating func warning(_ message: String, at location: SourceLocation?, hint: String? = nil) {
        all.append(.warning(message, at: location, hint: hint))
    }

    public mutating func append(_ diagnostic: Diagnostic) { all.append(diagnostic) }
    public mutating func append(contentsOf other: Diagnostics) { all.append(contentsOf: other.all) }
    public mutating func append(contentsOf other: [Diagnostic]) { all.append(contentsOf: other) }

    /// By file and position (the order an editor works through a file in), duplicates removed.
    public var sorted: [Diagnostic] {
        var seen = Set<Diagnostic>()
        return all.filter { seen.insert($0).inserted }.sorted {
            let a = $0.location ?? SourceLocation(file: ""), b = $1.location ?? SourceLocation(file: "")
            return a == b ? $0.message < $1.message : a < b
        }
    }
}

/// Thrown when a pass found errors; carries every diagnostic of that pass.
public struct DiagnosticError: Error, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
