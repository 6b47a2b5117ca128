import AppealModel
import Foundation

/// Paths to the repository's fixtures and scratch copies of them.
public enum Fixtures {
    /// The repository root, found from this file's location.
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    public static func path(_ name: String) -> String { repository + "/Tests/Fixtures/" + name }

    public static var defaultTheme: String { repository + "/Themes/default" }

    /// A fresh, empty folder under the system temporary directory.
    public static func scratch(_ label: String = "appealpress") -> String {
        let dir = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A scratch copy of fixture `name`, with `changes` (relative path → new contents; nil deletes) applied.
    public static func copy(_ name: String, changing changes: [String: String?] = [:]) -> String {
        let dir = scratch(name) + "/content"
        try! FileManager.default.copyItem(atPath: path(name), toPath: dir)
        for (file, contents) in changes {
            let target = dir + "/" + file
            if let contents {
                try! FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try! contents.write(toFile: target, atomically: true, encoding: .utf8)
            } else {
                try? FileManager.default.removeItem(atPath: target)
            }
        }
        return dir
    }

    public static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}

extension [Diagnostic] {
    /// The first error whose message contains `text`.
    public func error(containing text: String) -> Diagnostic? {
        first { $0.severity == .error && $0.message.contains(text) }
    }
}
