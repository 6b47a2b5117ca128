import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Lists a folder with `opendir`/`readdir`: a site's content folder holds tens of thousands of files,
/// and FileManager's enumerator spends most of its time rewriting path strings.
public enum DirectoryWalk {
    public struct Entry: Sendable, Equatable {
        /// Path relative to the listed folder, `/`-separated.
        public var path: String
        /// A folder, or a symbolic link to one (listed, not entered).
        public var isDirectory: Bool
    }

    /// Every entry under `root`, hidden ones included, in no particular order; folders are entered
    /// when `recursive`. Nil when `root` cannot be read as a folder.
    public static func entries(of root: String, recursive: Bool) -> [Entry]? {
        var out: [Entry] = []
        guard list(root, prefix: "", recursive: recursive, into: &out) else { return nil }
        return out
    }

    private static func list(_ folder: String, prefix: String, recursive: Bool, into out: inout [Entry]) -> Bool {
        guard let dir = opendir(folder) else { return false }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            let relative = prefix.isEmpty ? name : prefix + "/" + name
            var isDirectory: Bool
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): isDirectory = true
            case Int32(DT_REG): isDirectory = false
            default:
                // A link or a filesystem that does not fill d_type: ask stat, which follows links.
                var info = stat()
                isDirectory = stat(folder + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            }
            out.append(Entry(path: relative, isDirectory: isDirectory))
            if recursive && isDirectory && Int32(entry.pointee.d_type) == Int32(DT_DIR) {
                _ = list(folder + "/" + name, prefix: relative, recursive: true, into: &out)
            }
        }
        return true
    }
}
