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

/// Folder operations on whole trees, with `openat`-family calls relative to open folders.
public enum FileTree {
    /// Deletes `path` and everything under it, never following symbolic links (a link is removed,
    /// not what it points to). Quietly does nothing when `path` does not exist.
    public static func remove(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { unlink(path); return }
        // The top-level entries are removed on all cores: a site's output is a few wide folders.
        if let entries = DirectoryWalk.entries(of: path, recursive: false), entries.count > 1 {
            DispatchQueue.concurrentPerform(iterations: entries.count) { i in
                let entry = path + "/" + entries[i].path
                var info = stat()
                guard lstat(entry, &info) == 0 else { return }
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    let folder = open(entry, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    if folder >= 0 { empty(folder) }
                    rmdir(entry)
                } else {
                    unlink(entry)
                }
            }
        }
        let folder = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if folder >= 0 { empty(folder) }
        rmdir(path)
    }

    /// Removes the contents of the open folder `folder`, and closes it.
    private static func empty(_ folder: Int32) {
        guard let dir = fdopendir(folder) else { close(folder); return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            var isFolder = Int32(entry.pointee.d_type) == Int32(DT_DIR)
            if Int32(entry.pointee.d_type) == Int32(DT_UNKNOWN) {
                var info = stat()
                isFolder = fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            }
            if isFolder {
                let child = openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                if child >= 0 { empty(child) }
                unlinkat(folder, name, AT_REMOVEDIR)
            } else {
                unlinkat(folder, name, 0)
            }
        }
    }

    /// Whether `relative` names an existing file under the open folder `folder`.
    public static func exists(_ relative: String, in folder: Int32) -> Bool {
        var info = stat()
        return fstatat(folder, relative, &info, 0) == 0
    }
}
