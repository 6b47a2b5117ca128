import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Notices edits by comparing the size, inode and modification time (to the nanosecond) of every
/// file under a few folders. A snapshot of a content folder of a few hundred files costs about a
/// millisecond; the preview takes one when `FileEvents` (inotify) wakes it, and at the latest every
/// polling interval, which alone is used where kernel events are not available.
struct ContentWatcher: Sendable {
    struct Stamp: Equatable, Sendable {
        var size: Int64
        var inode: UInt64
        var seconds: Int
        var nanoseconds: Int
    }

    /// Folders to watch, as the user named them.
    let roots: [String]

    /// Every watched file by path (`Content/sections/lede.md`), skipping editors' hidden, swap and backup files.
    func snapshot() -> [String: Stamp] {
        var stamps: [String: Stamp] = [:]
        for root in roots {
            guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
            for case let relative as String in walker {
                let name = relative.split(separator: "/").last.map(String.init) ?? relative
                if Self.isScratch(name) {
                    // Skips hidden folders (.git, .DS_Store folders) without walking into them.
                    if name.hasPrefix(".") { walker.skipDescendants() }
                    continue
                }
                let path = root + "/" + relative
                var info = stat()
                guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
                #if canImport(Darwin)
                let time = info.st_mtimespec
                #else
                let time = info.st_mtim
                #endif
                stamps[path] = Stamp(size: Int64(info.st_size), inode: UInt64(info.st_ino), seconds: Int(time.tv_sec), nanoseconds: Int(time.tv_nsec))
            }
        }
        return stamps
    }

    /// Files an editor writes beside the real one while saving (`.lede.md.swp`, `lede.md~`, vim's `4913`).
    static func isScratch(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~") || name.hasSuffix(".swp") || name.hasSuffix(".swx") || name.hasSuffix(".tmp")
            || name == "4913" || name.hasPrefix("#")
    }

    /// Paths added, removed or changed between two snapshots, sorted.
    static func changes(from old: [String: Stamp], to new: [String: Stamp]) -> [String] {
        var changed = Set<String>()
        for (path, stamp) in new where old[path] != stamp { changed.insert(path) }
        for path in old.keys where new[path] == nil { changed.insert(path) }
        return changed.sorted()
    }
}
