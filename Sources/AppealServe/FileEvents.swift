import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Wakes the preview's watcher as soon as the kernel reports a change under the watched folders
/// (inotify on Linux), instead of after a fixed polling interval. It only says "something changed":
/// what changed is still worked out by comparing `ContentWatcher` snapshots, so a missed or
/// coalesced event costs at most one polling interval, never a missed edit. On systems without
/// inotify, or when it cannot be set up (no watches left), `wait` simply sleeps: polling as before.
final class FileEvents: @unchecked Sendable {
    // The descriptor and the watched-folder table are used by the one watcher thread only.
    private var fd: Int32 = -1
    private var watched: [Int32: String] = [:]
    /// Files written to and not yet closed (watch, name), with when they were last written: a save
    /// still under way. A file written to and left open for long (a log) is not waited for.
    private var writing: [String: Date] = [:]
    private static let stillWriting: TimeInterval = 1

    /// True when the kernel reports changes; false when `wait` only sleeps.
    var isActive: Bool { fd >= 0 }

    init(roots: [String]) {
        #if os(Linux)
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        for root in roots { watchTree(root) }
        if watched.isEmpty { close(fd); fd = -1 }
        #endif
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    #if os(Linux)
    private static let mask = UInt32(IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO
                                     | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)

    /// Watches `folder` and every folder under it, skipping hidden ones (.git) as the snapshot does.
    private func watchTree(_ folder: String) {
        var stack = [folder]
        while let dir = stack.popLast() {
            let wd = inotify_add_watch(fd, dir, Self.mask | UInt32(IN_ONLYDIR))
            guard wd >= 0 else { continue }
            watched[wd] = dir
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for name in names where !name.hasPrefix(".") {
                var info = stat()
                let path = dir + "/" + name
                if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { stack.append(path) }
            }
        }
    }
    #endif

    /// Blocks until the kernel reports a change or `timeout` seconds pass. True when events were
    /// read (all pending ones are drained, and new folders are watched too).
    func wait(timeout: Double) -> Bool {
        #if os(Linux)
        guard fd >= 0 else {
            usleep(UInt32(max(0, timeout) * 1_000_000))
            return false
        }
        guard ready(within: timeout) else { return false }
        drain()
        return true
        #else
        usleep(UInt32(max(0, timeout) * 1_000_000))
        return false
        #endif
    }

    /// Waits for a save that woke `wait` to be complete: until no file is still open for writing and
    /// the kernel has reported nothing more for `quiet` seconds, and at most `limit` seconds. An
    /// editor's save is a burst of events (write and close, or write a copy and rename it) that comes
    /// in well under a millisecond, so this usually returns after one quiet interval. False when the
    /// limit was reached first (a file kept open for writing); without kernel events it pauses 30 ms.
    @discardableResult
    func settle(quiet: Double = 0.001, limit: Double = 0.05) -> Bool {
        #if os(Linux)
        guard fd >= 0 else { usleep(30_000); return true }
        let start = Date()
        while Date().timeIntervalSince(start) < limit {
            // A file written to and not closed yet waits longer than a quiet moment does.
            let now = Date()
            writing = writing.filter { now.timeIntervalSince($0.value) < Self.stillWriting }
            if ready(within: writing.isEmpty ? quiet : 0.005) {
                drain()
            } else if writing.isEmpty {
                return true
            }
        }
        return false
        #else
        usleep(30_000)
        return true
        #endif
    }

    #if os(Linux)
    private func ready(within timeout: Double) -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        // poll counts whole milliseconds: a wait rounds up to one at least.
        return poll(&poller, 1, Int32(max(1, (timeout * 1000).rounded(.up)))) > 0
    }
    #endif

    /// Reads every pending event; a folder created under a watched one is watched from now on.
    func drain() {
        #if os(Linux)
        guard fd >= 0 else { return }
        let size = 64 * 1024
        var buffer = [UInt8](repeating: 0, count: size)
        while true {
            // Only read what is there: a read must never wait for the next save.
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 0) > 0 else { return }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, size) }
            guard n > 0 else { return }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= n {
                let (wd, mask, length, name) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int, String) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    let start = offset + MemoryLayout<inotify_event>.size
                    let bytes = raw[start..<min(n, start + Int(event.len))].prefix { $0 != 0 }
                    return (event.wd, event.mask, Int(event.len), String(decoding: bytes, as: UTF8.self))
                }
                if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0, let parent = watched[wd], !name.hasPrefix(".") {
                    watchTree(parent + "/" + name)
                }
                if mask & UInt32(IN_IGNORED) != 0 { watched[wd] = nil }
                // Editors keep swap files open and write them as you type: those are never waited for.
                if mask & UInt32(IN_ISDIR) == 0, !ContentWatcher.isScratch(name) {
                    let key = "\(wd)/\(name)"
                    if mask & UInt32(IN_MODIFY) != 0 { writing[key] = Date() }
                    if mask & UInt32(IN_CLOSE_WRITE | IN_DELETE | IN_MOVED_FROM) != 0 { writing[key] = nil }
                }
                offset += MemoryLayout<inotify_event>.size + length
            }
        }
        #endif
    }
}
