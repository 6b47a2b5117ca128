import AppealFiles
import AppealModel
import AppealRender
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The preview's theme, kept from one rebuild to the next while nothing under the theme folder
/// changed: reading its templates and words again is a fifth of a rebuild of the bundled site.
///
/// It is reused only when every file under the folder has the same bytes as when it was loaded (not
/// the same modification time), the same files and folders are there, and none is a symbolic link
/// (a link's target can change without anything in the folder changing): then `Theme.load` would
/// read exactly the same. A theme that failed to load is not kept, so its errors come from loading it again.
public final class ThemeCache: Sendable {
    enum Item: Equatable, Sendable {
        case folder(String)
        case file(String, Data?)
    }

    private struct Kept: Sendable {
        var root: String
        var items: [Item]
        var theme: Theme
    }

    private let kept = Locked<Kept?>(nil)
    private let counts = Locked((reused: 0, loaded: 0))

    public init() {}

    /// Themes reused, and loaded, so far.
    public var reused: Int { counts.current.reused }
    public var loaded: Int { counts.current.loaded }

    /// The theme at `root`: the kept one when nothing under `root` changed, else `Theme.load`.
    public func theme(at root: String) throws(DiagnosticError) -> Theme {
        let items = Self.items(under: root)
        if let items, let last = kept.current, last.root == root, last.items == items {
            counts.withValue { $0.reused += 1 }
            return last.theme
        }
        kept.withValue { $0 = nil }
        counts.withValue { $0.loaded += 1 }
        let theme = try Theme.load(from: root)
        // Kept only if nothing changed while it loaded.
        if let items, Self.items(under: root) == items { kept.withValue { $0 = Kept(root: root, items: items, theme: theme) } }
        return theme
    }

    /// Every folder and file under `root` (files with their bytes), sorted; nil when there is a
    /// symbolic link, or `root` cannot be listed.
    static func items(under root: String) -> [Item]? {
        var info = stat()
        guard lstat(root, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, let entries = DirectoryWalk.entries(of: root, recursive: true) else { return nil }
        var items: [Item] = []
        for entry in entries.sorted(by: { $0.path < $1.path }) {
            let path = root + "/" + entry.path
            guard lstat(path, &info) == 0 else { return nil }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: items.append(.folder(entry.path))
            case S_IFREG: items.append(.file(entry.path, FileManager.default.contents(atPath: path)))
            default: return nil
            }
        }
        return items
    }
}
