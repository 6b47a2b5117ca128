import AppealFiles
import AppealModel
import Foundation
#if canImport(Glibc)
import Glibc
#else
#error("AppealPress builds on Linux only: the output swap needs renameat2 (see Package.swift)")
#endif

/// Writes a build into a staging folder beside the output and swaps it in only when the whole build
/// succeeded, so a failed or killed build leaves the previous output complete and untouched.
///
/// A file whose bytes did not change is hard-linked from the previous output instead of written:
/// its mtime stays, so `rsync` or an S3 sync uploads only what really changed.
///
/// The output the swap replaces is kept beside it as `.<name>.previous` and becomes the next build's
/// staging folder: it already holds every page that has not changed since the build before last, so
/// an edit rebuild touches only the files that differ instead of relinking and deleting the whole
/// site. It is never the live folder, so changing it cannot break what is being served.
public final class OutputWriter: Sendable {
    public let output: String
    public let staging: String
    /// Where the replaced output is kept for the next build to recycle.
    public let previousOutput: String

    /// Held (flock) from init to commit or abandon, so two builds never share a staging area.
    private let lockFile: Int32
    /// The staging and previous output folders, open, so each file is reached from its folder rather
    /// than by walking the whole path again (-1 when there is no previous output).
    private let stagingFolder: Int32
    private let outputFolder: Int32
    /// The manifest of the output this build replaces (nil when it has none, or one that cannot be read).
    public let previous: OutputManifest?
    /// The manifest's files of a recycled staging folder (empty when staging started empty).
    private let recycled: [String: OutputManifest.Entry]

    private struct State {
        var written = 0
        var unchanged = 0
        var files: [String: OutputManifest.Entry] = [:]
        var open = true
    }

    private let state = Locked(State())

    public struct Summary: Sendable, Equatable {
        public var written: Int
        public var unchanged: Int
        public var removed: Int

        public init(written: Int, unchanged: Int, removed: Int) {
            self.written = written
            self.unchanged = unchanged
            self.removed = removed
        }
    }

    /// Prepares a staging folder, reading the output's manifest. Fails when `output` exists, is not
    /// empty and was not written by AppealPress.
    public convenience init(output: String) throws(DiagnosticError) {
        try self.init(output: output, previous: OutputManifest.read(folder: output))
    }

    /// Prepares a staging folder; `previous` is the output's manifest as the caller read it
    /// (`OutputManifest.read`), nil when it has none.
    public init(output: String, previous: OutputManifest?) throws(DiagnosticError) {
        var path = output
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        let fm = FileManager.default
        // A symbolic link (Public -> /var/www/site) is followed, so the folder it points to is the one
        // replaced, and the link keeps pointing at the new build.
        path = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        guard absolute != "/", absolute != fm.homeDirectoryForCurrentUser.path else {
            throw DiagnosticError([.error("refusing to use \(absolute) as the output folder", at: SourceLocation(file: path))])
        }
        if let existing = try? fm.contentsOfDirectory(atPath: path) {
            if existing.contains(where: { !$0.hasPrefix(".") }), !existing.contains(OutputManifest.fileName) {
                throw DiagnosticError([.error("output folder has files AppealPress did not write", at: SourceLocation(file: path),
                                              hint: "choose an empty or new folder with --output, or empty this one")])
            }
            // Hidden files (.gitkeep, .htaccess) are carried over; a hidden folder (.git of a
            // gh-pages checkout, .well-known) would be lost in the swap, so refuse instead.
            for entry in existing where entry.hasPrefix(".") && entry != OutputManifest.fileName {
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: path + "/" + entry, isDirectory: &isDir), isDir.boolValue {
                    throw DiagnosticError([.error("output folder holds the hidden folder \(entry), which a build would remove",
                                                  at: SourceLocation(file: path + "/" + entry),
                                                  hint: "build into a separate folder and copy it over, or move \(entry) out")])
                }
            }
        }
        self.output = path
        self.previous = previous
        let parent = (absolute as NSString).deletingLastPathComponent
        let name = (absolute as NSString).lastPathComponent
        staging = parent + "/." + name + ".staging-\(getpid())"
        previousOutput = parent + "/." + name + ".previous"
        try? fm.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let lockFile = open(parent + "/." + name + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lockFile >= 0 else {
            // Not another build: the folder cannot be written at all (read-only, no permission).
            throw DiagnosticError([.error("cannot write beside the output folder: \(String(cString: strerror(errno)))", at: SourceLocation(file: parent),
                                          hint: "build into a folder you can write, with --output")])
        }
        guard flock(lockFile, LOCK_EX | LOCK_NB) == 0 else {
            close(lockFile)
            throw DiagnosticError([.error("another build is writing this output folder", at: SourceLocation(file: path),
                                          hint: "wait for it to finish; the lock is \(parent)/.\(name).lock")])
        }
        // Staging folders of builds that were killed before they could clean up.
        for entry in (try? fm.contentsOfDirectory(atPath: parent)) ?? [] where entry.hasPrefix("." + name + ".staging-") {
            FileTree.remove(parent + "/" + entry)
        }
        // The output the last build replaced, when its manifest is intact, is taken as the staging folder.
        // Its manifest goes at once: a build killed from here on leaves a staging folder, removed whole
        // by the next build, never a recycled tree that claims to be complete.
        let kept = fm.fileExists(atPath: path + "/" + OutputManifest.fileName) ? OutputManifest.read(folder: previousOutput)?.files ?? [:] : [:]
        if !kept.isEmpty, rename(previousOutput, staging) == 0, unlink(staging + "/" + OutputManifest.fileName) == 0 {
            recycled = kept
        } else {
            recycled = [:]
            FileTree.remove(previousOutput)
            FileTree.remove(staging)
            do {
                try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
            } catch {
                close(lockFile)
                throw DiagnosticError([.error("cannot create \(staging): \(error.localizedDescription)", at: SourceLocation(file: path))])
            }
        }
        let stagingFolder = open(staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard stagingFolder >= 0 else {
            close(lockFile)
            throw DiagnosticError([.error("cannot open \(staging): \(String(cString: strerror(errno)))", at: SourceLocation(file: path))])
        }
        self.lockFile = lockFile
        self.stagingFolder = stagingFolder
        outputFolder = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        // Hidden files at the top of the output (.gitkeep, .htaccess, …) are not ours: carry them over,
        // replacing a recycled tree's copies.
        for entry in (try? fm.contentsOfDirectory(atPath: staging)) ?? [] where entry.hasPrefix(".") {
            unlinkat(stagingFolder, entry, 0)
        }
        for entry in (try? fm.contentsOfDirectory(atPath: path)) ?? [] where entry.hasPrefix(".") && entry != OutputManifest.fileName {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: path + "/" + entry, isDirectory: &isDir), !isDir.boolValue {
                _ = link(path + "/" + entry, staging + "/" + entry)
            }
        }
    }

    /// A file beside the output, named after it (`.Public` + `suffix`): not part of the site, so never
    /// deployed with it.
    public func beside(_ suffix: String) -> String { String(previousOutput.dropLast(".previous".count)) + suffix }

    /// `beside` for an output folder no writer holds yet: the same path.
    public static func beside(output: String, _ suffix: String) -> String {
        var path = output
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        path = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        return (absolute as NSString).deletingLastPathComponent + "/." + (absolute as NSString).lastPathComponent + suffix
    }

    /// The fingerprint the previous build recorded for `relative` (nil when it had none, or no such file).
    public func previousFingerprint(_ relative: String) -> String? { previous?.files[relative]?.fingerprint }

    /// The text of the previous build's file at `relative`, if there is one.
    public func previousText(_ relative: String) -> String? {
        guard let relative = Self.safeRelativePath(relative), let data = FileManager.default.contents(atPath: output + "/" + relative) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Stages the previous build's file at `relative` unchanged (a hard link, so no bytes are
    /// written and its mtime stays). False when there is no such file.
    public func carryOver(_ relative: String, fingerprint: String? = nil) throws(DiagnosticError) -> Bool {
        guard let relative = Self.safeRelativePath(relative) else { return false }
        if let fingerprint, recycled[relative]?.fingerprint == fingerprint, FileTree.exists(relative, in: stagingFolder) {
            // Already in the recycled staging folder, made from the same inputs: nothing to do.
            try claim(relative, fingerprint: fingerprint)
            state.withValue { $0.unchanged += 1 }
            return true
        }
        try makeParent(of: relative)
        clearRecycled(relative)
        guard outputFolder >= 0, linkat(outputFolder, relative, stagingFolder, relative, 0) == 0 else { return false }
        try claim(relative, fingerprint: fingerprint)
        state.withValue { $0.unchanged += 1 }
        return true
    }

    /// Lists `relative` in the manifest with its fingerprint; a second claim on a path is an error.
    private func claim(_ relative: String, fingerprint: String?) throws(DiagnosticError) {
        let earlier = state.withValue { $0.files.updateValue(OutputManifest.Entry(fingerprint: fingerprint), forKey: relative) }
        guard earlier == nil else {
            throw DiagnosticError([.error("two outputs want the same file \(relative)", at: SourceLocation(file: output))])
        }
    }

    /// A relative path that stays inside the output folder, or nil.
    public static func safeRelativePath(_ path: String) -> String? {
        // One pass over the bytes: no empty, `.` or `..` segment, no backslash or NUL, not absolute.
        var length = 0, dots = 0
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "/"):
                if length == 0 || (length <= 2 && dots == length) { return nil }
                length = 0
                dots = 0
                continue
            case UInt8(ascii: "\\"), 0: return nil
            case UInt8(ascii: "."): dots += 1
            default: break
            }
            length += 1
        }
        if length == 0 || (length <= 2 && dots == length) { return nil }
        return path
    }

    public enum Outcome: Sendable { case written, unchanged }

    /// What `write` and `begin` do before any byte: refuse a path outside the output, list it in
    /// the manifest, make its folder, and clear what the recycled staging folder holds there. A
    /// hidden file at the top (`.htaccess`) was linked in from the live output when staging began:
    /// it is unlinked, never written through the link. Returns the normalised path.
    func prepare(_ relative: String, fingerprint: String?) throws(DiagnosticError) -> String {
        guard let safe = Self.safeRelativePath(relative) else {
            throw DiagnosticError([.error("refusing to write outside the output folder: \(relative)", at: SourceLocation(file: output))])
        }
        try claim(safe, fingerprint: fingerprint)
        try makeParent(of: safe)
        clearRecycled(safe)
        if !safe.contains("/"), safe.hasPrefix(".") { unlinkat(stagingFolder, safe, 0) }
        return safe
    }

    /// Stages `bytes` at `relative`, listed in the manifest with `fingerprint` (the inputs it was made
    /// from; nil for files without one, listed so a no-op build can check they exist). Thread-safe.
    @discardableResult
    public func write(_ relative: String, _ data: [UInt8], fingerprint: String? = nil) throws(DiagnosticError) -> Outcome {
        let relative = try prepare(relative, fingerprint: fingerprint)
        if outputFolder >= 0, Self.fileEquals(relative, in: outputFolder, data), linkat(outputFolder, relative, stagingFolder, relative, 0) == 0 {
            state.withValue { $0.unchanged += 1 }
            return .unchanged
        }
        guard Self.writeFile(relative, in: stagingFolder, data) else {
            throw DiagnosticError([.error("cannot write \(staging)/\(relative): \(String(cString: strerror(errno)))", at: SourceLocation(file: output))])
        }
        state.withValue { $0.written += 1 }
        return .written
    }

    /// A file staged piece by piece (`begin`), for an output too large to hold whole (the ledger of a
    /// large site): the same outcome as `write` with all the pieces at once. Not thread-safe: one
    /// thread appends to it, then `finish`es it.
    public final class StagedFile {
        private let writer: OutputWriter
        private let relative: String
        private var fd: Int32
        /// The previous output's file at the same path, read alongside to tell whether the bytes changed; -1 once they differ.
        private var before: Int32
        private var buffer: [UInt8] = []

        fileprivate init(writer: OutputWriter, relative: String, fd: Int32, before: Int32) {
            self.writer = writer
            self.relative = relative
            self.fd = fd
            self.before = before
        }

        deinit { cancel() }

        /// Stages the next piece of the file.
        public func append(_ bytes: ArraySlice<UInt8>) throws(DiagnosticError) {
            guard fd >= 0 else { return }
            if before >= 0 {
                buffer.removeAll(keepingCapacity: true)
                buffer.append(contentsOf: repeatElement(0, count: bytes.count))
                if !Self.readFully(before, into: &buffer) || !buffer.elementsEqual(bytes) { forget() }
            }
            let ok = bytes.withUnsafeBytes { OutputWriter.writeFully(fd, $0) }
            guard ok else { throw writer.cannotWrite(relative) }
        }

        /// Closes the staged file: `.unchanged` (and the previous output's file linked in its place)
        /// when its bytes are the previous build's.
        public func finish() throws(DiagnosticError) -> Outcome {
            guard fd >= 0 else { throw writer.cannotWrite(relative) }
            var sameBytes = false
            if before >= 0 {
                var probe: [UInt8] = [0]
                sameBytes = read(before, &probe, 1) == 0
                forget()
            }
            let closed = close(fd) == 0
            fd = -1
            guard closed else { throw writer.cannotWrite(relative) }
            return writer.settle(relative, sameBytes: sameBytes)
        }

        /// Closes what is open; a file not finished stays staged as far as it got (the build fails).
        func cancel() {
            forget()
            if fd >= 0 { close(fd) }
            fd = -1
        }

        private func forget() {
            if before >= 0 { close(before) }
            before = -1
        }

        /// Reads `buffer.count` bytes; false at an early end or an error.
        static func readFully(_ fd: Int32, into buffer: inout [UInt8]) -> Bool {
            var offset = 0
            let count = buffer.count
            while offset < count {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + offset, count - offset) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
    }

    /// Starts staging `relative` piece by piece, listed in the manifest with `fingerprint` as `write`
    /// lists it. Thread-safe.
    public func begin(_ relative: String, fingerprint: String? = nil) throws(DiagnosticError) -> StagedFile {
        let relative = try prepare(relative, fingerprint: fingerprint)
        let fd = openat(stagingFolder, relative, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw cannotWrite(relative) }
        let before = outputFolder >= 0 ? openat(outputFolder, relative, O_RDONLY | O_CLOEXEC) : -1
        return StagedFile(writer: self, relative: relative, fd: fd, before: before)
    }

    /// A staged file is complete: with the previous output's bytes, that file is linked in its place
    /// (its mtime stays, as `write` keeps it).
    fileprivate func settle(_ relative: String, sameBytes: Bool) -> Outcome {
        if sameBytes, outputFolder >= 0 {
            // Linked beside it, then renamed over it: the staged copy stays if the link cannot be made.
            let temporary = relative + ".appealpress-link"
            unlinkat(stagingFolder, temporary, 0)
            if linkat(outputFolder, relative, stagingFolder, temporary, 0) == 0 {
                if renameat(stagingFolder, temporary, stagingFolder, relative) == 0 {
                    state.withValue { $0.unchanged += 1 }
                    return .unchanged
                }
                unlinkat(stagingFolder, temporary, 0)
            }
        }
        state.withValue { $0.written += 1 }
        return .written
    }

    fileprivate func cannotWrite(_ relative: String) -> DiagnosticError {
        DiagnosticError([.error("cannot write \(staging)/\(relative): \(String(cString: strerror(errno)))", at: SourceLocation(file: output))])
    }

    /// Writes all of `buffer` to `fd`, again after an interrupted call.
    static func writeFully(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 { if errno == EINTR { continue }; return false }
            offset += n
        }
        return true
    }

    /// Writes `manifest` into `folder` in pieces of about 64 KB, never holding its whole text.
    static func writeManifest(_ manifest: OutputManifest, in folder: Int32) -> Bool {
        writeManifest(manifest, line: OutputManifest.recordLine(manifest.record), paths: manifest.files.keys.sorted(), in: folder)
    }

    /// `writeManifest` with the record's line and the sorted paths made beforehand.
    static func writeManifest(_ manifest: OutputManifest, line: [UInt8], paths: [String], in folder: Int32) -> Bool {
        let fd = openat(folder, OutputManifest.fileName, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        struct Failed: Error {}
        var out: [UInt8] = []
        out.reserveCapacity(70_000)
        do throws(Failed) {
            try manifest.encode(line: line, paths: paths, into: &out) { (buffer: inout [UInt8]) throws(Failed) in
                guard buffer.count >= 65_536 else { return }
                guard buffer.withUnsafeBytes({ writeFully(fd, $0) }) else { throw Failed() }
                buffer.removeAll(keepingCapacity: true)
            }
            guard out.withUnsafeBytes({ writeFully(fd, $0) }) else { throw Failed() }
        } catch {
            close(fd)
            return false
        }
        return close(fd) == 0
    }

    /// True when the file at `path` holds exactly `data` (a missing file is not equal).
    static func fileEquals(_ path: String, in folder: Int32, _ data: [UInt8]) -> Bool {
        let fd = openat(folder, path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, Int(info.st_size) == data.count else { return false }
        var buffer = [UInt8](repeating: 0, count: data.count)
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { return false }
            offset += n
        }
        return data == buffer
    }

    /// One open/write/close; no fsync per file (the swap at the end is what makes the build visible).
    static func writeFile(_ path: String, in folder: Int32 = AT_FDCWD, _ data: [UInt8]) -> Bool {
        let fd = openat(folder, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return data.withUnsafeBytes { writeFully(fd, $0) }
    }

    public func write(_ relative: String, text: String) throws(DiagnosticError) {
        try write(relative, Array(text.utf8))
    }

    /// Unlinks a recycled tree's file before its path gets new contents. Never written through: it may
    /// be a hard link to the live output's file.
    private func clearRecycled(_ relative: String) {
        guard !recycled.isEmpty, unlinkat(stagingFolder, relative, 0) != 0 else { return }
        if errno == EISDIR { FileTree.remove(staging + "/" + relative) }  // a folder there before, a file now
        else if errno == ENOTDIR { replaceRecycledFiles(above: relative) }  // a file there before, a folder now
    }

    /// Replaces each recycled file on the way to `relative` (`makeParent` took it for a folder) with a
    /// folder. Safe when two threads do it for files of the same folder: a folder is never unlinked.
    private func replaceRecycledFiles(above relative: String) {
        var end = relative.startIndex
        while let slash = relative[end...].firstIndex(of: "/") {
            let folder = String(relative[..<slash])
            var info = stat()
            if fstatat(stagingFolder, folder, &info, AT_SYMLINK_NOFOLLOW) == 0, (info.st_mode & S_IFMT) != S_IFDIR {
                unlinkat(stagingFolder, folder, 0)
            }
            _ = mkdirat(stagingFolder, folder, 0o755)
            end = relative.index(after: slash)
        }
    }

    private func makeParent(of relative: String) throws(DiagnosticError) {
        guard let slash = relative.lastIndex(of: "/") else { return }
        try makeFolder(relative[..<slash])
    }

    /// Creates `folder` in the staging area, and its parents when they are missing. A page's own
    /// folder is new and its parents usually exist: one mkdir call, no bookkeeping.
    private func makeFolder(_ folder: Substring) throws(DiagnosticError) {
        if mkdirat(stagingFolder, String(folder), 0o755) == 0 || errno == EEXIST { return }
        if errno == ENOENT, let slash = folder.lastIndex(of: "/") {
            try makeFolder(folder[..<slash])
            if mkdirat(stagingFolder, String(folder), 0o755) == 0 || errno == EEXIST { return }
        }
        if errno == ENOTDIR, !recycled.isEmpty {
            // A recycled tree's file where one of its parents goes.
            replaceRecycledFiles(above: folder + "/")
            var info = stat()
            if fstatat(stagingFolder, String(folder), &info, AT_SYMLINK_NOFOLLOW) == 0, (info.st_mode & S_IFMT) == S_IFDIR { return }
        }
        throw DiagnosticError([.error("cannot create folder \(folder): \(String(cString: strerror(errno)))", at: SourceLocation(file: output))])
    }

    /// Swaps the staged build in as the output, with `record` (a JSON object) in its manifest; the
    /// replaced output is kept as `previousOutput`.
    public func commit(record: Data = Data("{}".utf8)) throws(DiagnosticError) -> Summary {
        try commit(making: { record })
    }

    /// `commit` with the record made by `makeRecord` (a large site's takes a while to encode): on
    /// another thread while this one cleans the recycled tree and sorts the manifest's paths.
    public func commit(making makeRecord: @escaping @Sendable () -> Data) throws(DiagnosticError) -> Summary {
        let fm = FileManager.default
        let line = Locked<[UInt8]>([])
        let made = DispatchGroup()
        DispatchQueue.global().async(group: made) { let bytes = OutputManifest.recordLine(makeRecord()); line.withValue { $0 = bytes } }
        removeUnclaimedRecycledFiles()
        let (files, written, unchanged) = state.withValue { ($0.files, $0.written, $0.unchanged) }
        let paths = files.keys.sorted()
        let removed = countRemoved(files)
        made.wait()
        let record = line.withValue { l in defer { l = [] }; return l }
        guard Self.writeManifest(OutputManifest(files: files), line: record, paths: paths, in: stagingFolder) else {
            throw DiagnosticError([.error("cannot write \(OutputManifest.fileName): \(String(cString: strerror(errno)))", at: SourceLocation(file: output))])
        }
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: output, isDirectory: &isDir) {
            guard isDir.boolValue else {
                throw DiagnosticError([.error("output path exists and is not a folder", at: SourceLocation(file: output))])
            }
            FileTree.remove(previousOutput)
            Self.pause(at: "swap")
            // One atomic exchange: the output path always holds a complete site, the old one or the
            // new one. The old one is then at the staging path, and is moved aside to be recycled; a
            // build killed between the two steps leaves it there, and the next build removes it.
            if Self.exchange(staging, output) {
                Self.pause(at: "exchanged")
                _ = rename(staging, previousOutput)
            } else {
                // A file system without RENAME_EXCHANGE: two renames, and the output is missing only
                // between them (the next build restores it from `previousOutput`; see `restore`).
                guard rename(output, previousOutput) == 0, rename(staging, output) == 0 else {
                    let reason = String(cString: strerror(errno))
                    if !fm.fileExists(atPath: output) { _ = rename(previousOutput, output) }
                    throw DiagnosticError([.error("cannot replace output folder: \(reason)", at: SourceLocation(file: output))])
                }
            }
            releaseLock()
        } else {
            do {
                try fm.createDirectory(atPath: (output as NSString).deletingLastPathComponent.isEmpty ? "." : (output as NSString).deletingLastPathComponent,
                                       withIntermediateDirectories: true)
            } catch {}
            guard rename(staging, output) == 0 else {
                throw DiagnosticError([.error("cannot create output folder: \(String(cString: strerror(errno)))", at: SourceLocation(file: output))])
            }
            releaseLock()
        }
        // The list is in the manifest now: not held for the rest of the build (a dictionary entry a file).
        state.withValue { $0.files = [:] }
        return Summary(written: written, unchanged: unchanged, removed: removed)
    }

    /// Swaps two paths in one step (Linux `renameat2` with `RENAME_EXCHANGE`); false where the file
    /// system cannot.
    static func exchange(_ a: String, _ b: String) -> Bool {
        c_renameat2(AT_FDCWD, a, AT_FDCWD, b, 1 << 1) == 0  // RENAME_EXCHANGE
    }

    /// Cleans up after a killed build; every build calls it first, even one that then fails
    /// validation or has nothing to do. Puts back an output folder that is missing while the folder
    /// it replaced is kept beside it (what a kill between two renames leaves, where the swap cannot
    /// be atomic), and removes the staging folders of builds that are no longer running.
    public static func restore(output: String) {
        var path = output
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let parent = (absolute as NSString).deletingLastPathComponent, name = (absolute as NSString).lastPathComponent
        let kept = parent + "/." + name + ".previous"
        let fm = FileManager.default
        if !fm.fileExists(atPath: absolute), fm.fileExists(atPath: kept + "/" + OutputManifest.fileName) { _ = rename(kept, absolute) }
        for entry in (try? fm.contentsOfDirectory(atPath: parent)) ?? [] where entry.hasPrefix("." + name + ".staging-") {
            // A running build's staging folder is its own; one whose process is gone is left over.
            guard let pid = Int32(entry.dropFirst(name.count + 10)), kill(pid, 0) != 0, errno == ESRCH else { continue }
            FileTree.remove(parent + "/" + entry)
        }
    }

    /// A test hook: with `APPEALPRESS_TEST_PAUSE` naming this point, says so on stderr and waits, so a
    /// test can kill the build exactly here.
    public static func pause(at point: String) {
        guard let wanted = ProcessInfo.processInfo.environment["APPEALPRESS_TEST_PAUSE"], wanted == point else { return }
        FileHandle.standardError.write(Data("paused at \(point)\n".utf8))
        sleep(60)
    }

    /// Drops the staged build; the output stays as it was.
    public func abandon() {
        FileTree.remove(staging)
        releaseLock()
    }

    private func releaseLock() {
        let wasOpen = state.withValue { s in defer { s.open = false }; return s.open }
        guard wasOpen else { return }
        for fd in [stagingFolder, outputFolder, lockFile] where fd >= 0 { close(fd) }
    }

    deinit { releaseLock() }

    /// Files a recycled staging folder held that this build does not produce, and the folders they
    /// leave empty: the staged tree ends up as a fresh one would be.
    private func removeUnclaimedRecycledFiles() {
        let files = state.withValue { $0.files }
        for file in recycled.keys where files[file] == nil {
            guard unlinkat(stagingFolder, file, 0) == 0 else { continue }
            var folder = Substring(file)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                if unlinkat(stagingFolder, String(folder), AT_REMOVEDIR) != 0 { break }  // not empty: its parents are not either
            }
        }
    }

    /// Files of the previous output that this build does not produce.
    private func countRemoved(_ files: [String: OutputManifest.Entry]) -> Int {
        // The previous build listed every file it wrote: no need to walk its tree.
        if let previous { return previous.files.keys.filter { files[$0] == nil }.count }
        guard let entries = DirectoryWalk.entries(of: output, recursive: true) else { return 0 }
        return entries.filter { !$0.isDirectory && !$0.path.hasPrefix(".") && files[$0.path] == nil }.count
    }
}

@_silgen_name("renameat2")
private func c_renameat2(_ fromFolder: Int32, _ from: UnsafePointer<CChar>, _ toFolder: Int32, _ to: UnsafePointer<CChar>, _ flags: UInt32) -> Int32
