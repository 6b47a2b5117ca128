import AppealModel
import Foundation

/// What the loader found at a path: its bytes, nothing, or something it cannot read (a folder, a
/// file without read permission). A parse is reused only when every file it read is in the same state.
enum FileState: Equatable, Sendable {
    case missing
    case unreadable
    case bytes(Data)

    static func of(_ path: String) -> FileState {
        if let data = FileManager.default.contents(atPath: path) { return .bytes(data) }
        return FileManager.default.fileExists(atPath: path) ? .unreadable : .missing
    }
}

/// Parses of content files kept from one load to the next (the preview's rebuilds), so a save
/// parses only what it changed.
///
/// A parse is the value one file (or a few: a value's text in other languages) gives and
/// everything its load reported: diagnostics, unfinished-text marks, review digests, references to
/// check. It is reused only when the bytes of every file it read are the same as last time (not
/// the modification time, which an editor can keep), the files it only looked for are still there
/// or still missing, and what else it depends on (the site's languages, the text scanner, the
/// matrix's dimensions and sections, whether reviews.yaml names the file) is equal. A reused parse
/// therefore gives exactly what parsing again would.
///
/// Only the parses of the files the last load read are kept: each load drops the others.
public final class LoadCache: Sendable {
    struct Entry: @unchecked Sendable {
        var files: [FileState]
        var probes: [Bool]
        /// `any Hashable & Sendable`, compared by casting to the caller's context type.
        var context: any Hashable & Sendable
        var value: any Sendable
        var generation: Int
    }

    struct State: Sendable {
        var root: String?
        var entries: [String: Entry] = [:]
        var generation = 0
        var reused = 0
        var parsed = 0
    }

    private let state = Locked(State())

    public init() {}

    /// Parses reused by loads so far.
    public var reused: Int { state.current.reused }
    /// Parses done (not reused) by loads so far.
    public var parsed: Int { state.current.parsed }
    /// Parses held now.
    public var count: Int { state.current.entries.count }

    /// Starts a load of `root`; a cache that held another folder's parses forgets them.
    func begin(root: String) {
        state.withValue { s in
            if s.root != root { s.entries = [:]; s.root = root }
            s.generation += 1
        }
    }

    /// Ends a load: parses it did not use (files deleted, or parsed again) are dropped.
    func end() {
        state.withValue { s in
            let generation = s.generation
            s.entries = s.entries.filter { $0.value.generation == generation }
        }
    }

    func lookup<Context: Hashable & Sendable>(_ slot: String, files: [FileState], probes: [Bool], context: Context) -> (any Sendable)? {
        state.withValue { s -> (any Sendable)? in
            guard var entry = s.entries[slot], entry.files == files, entry.probes == probes,
                  let old = entry.context as? Context, old == context else { return nil }
            entry.generation = s.generation
            s.entries[slot] = entry
            s.reused += 1
            return entry.value
        }
    }

    func store<Context: Hashable & Sendable>(_ slot: String, files: [FileState], probes: [Bool], context: Context, value: any Sendable) {
        state.withValue { s in
            s.entries[slot] = Entry(files: files, probes: probes, context: context, value: value, generation: s.generation)
            s.parsed += 1
        }
    }
}

/// What every memoized parse depends on besides its own files and its caller's context.
struct ParseContext<Extra: Hashable & Sendable>: Hashable, Sendable {
    var languages: [String]
    var scanner: TextScanner.Settings?
    /// For each file read: whether reviews.yaml names it (its digest is kept then).
    var recorded: [Bool]
    var extra: Extra
}

extension TextScanner {
    /// What a scanner is made from: two scanners made from equal settings find the same marks.
    struct Settings: Hashable, Sendable {
        var bannedPhrases: [String]
        var ownHost: String?
    }
}

struct NoContext: Hashable, Sendable {}

extension ContentLoader {
    /// A loader for one file's parse: this one's settings, and nothing found yet. What it finds
    /// joins this loader with `absorb`.
    func child() -> ContentLoader {
        var local = ContentLoader(root: root)
        local.recordedFiles = recordedFiles
        local.scanner = scanner
        local.scannerSettings = scannerSettings
        local.languageCodes = languageCodes
        local.globalHashLog = []
        return local
    }

    /// Adds what a child loader found, as if this loader had done its work at this point.
    mutating func absorb(_ local: ContentLoader) {
        diagnostics.append(contentsOf: local.diagnostics)
        selectorReferences += local.selectorReferences
        inputs.formUnion(local.inputs)
        digests.merge(local.digests) { a, _ in a }
        textMarks += local.textMarks
        fragmentDigests.merge(local.fragmentDigests) { a, _ in a }
        fragmentsWithFor.formUnion(local.fragmentsWithFor)
        for (kind, files) in local.unreadable { unreadable[kind, default: [:]].merge(files) { a, _ in a } }
        for part in local.globalHashLog ?? [] { hashGlobal(part) }
    }

    /// Adds `part` to the site-wide fingerprint (a child loader keeps a list, replayed by `absorb`).
    mutating func hashGlobal(_ part: String) {
        if globalHashLog != nil { globalHashLog!.append(part) } else { globalHash.add(part) }
    }

    /// Runs `parse` in a child loader and absorbs what it found, or, when `cache` holds a parse of
    /// the same `slot` made from the same bytes of `files` (relative paths), the same answer for
    /// each of `probes` (paths only looked for) and the same context, absorbs that parse's findings
    /// and returns its value without parsing. `parse` must read `files` only through `contentFile(_:)`
    /// and look for `probes` only through `exists(_:)`, and depend on nothing of this loader but
    /// what a child copies and `extra` says.
    mutating func memoized<Value: Sendable, Extra: Hashable & Sendable>(_ slot: String, files: [String], probes: [String] = [], extra: Extra,
                                                                      _ parse: (inout ContentLoader) -> Value) -> Value {
        let states = files.map { FileState.of(path($0)) }
        let found = probes.map { FileManager.default.fileExists(atPath: path($0)) }
        let context = ParseContext(languages: languageCodes, scanner: scannerSettings, recorded: files.map { recordedFiles.contains($0) }, extra: extra)
        if let cache, let hit = cache.lookup(slot, files: states, probes: found, context: context) as? (Value, ContentLoader) {
            absorb(hit.1)
            return hit.0
        }
        var local = child()
        for (file, state) in zip(files, states) { local.preread[path(file)] = state }
        for (file, exists) in zip(probes, found) { local.probed[path(file)] = exists }
        let value = parse(&local)
        // What the cache keeps is only what the parse found (`absorb` reads nothing else): not the
        // bytes a second time, nor this load's list of reviewed files or scanner.
        local.preread = [:]
        local.probed = [:]
        local.recordedFiles = []
        local.scanner = nil
        local.scannerSettings = nil
        cache?.store(slot, files: states, probes: found, context: context, value: (value, local))
        absorb(local)
        return value
    }

    mutating func memoized<Value: Sendable>(_ slot: String, files: [String], probes: [String] = [], _ parse: (inout ContentLoader) -> Value) -> Value {
        memoized(slot, files: files, probes: probes, extra: NoContext(), parse)
    }

    /// Reads a content file (an absolute path): from the bytes a memoized parse was keyed on when
    /// it is one of its files, so what is parsed is what was compared.
    mutating func contentFile(_ file: String) -> SourceFile? {
        switch preread[file] {
        case .bytes(let data)?: return SourceFile.decode(data, path: file, diagnostics: &diagnostics)
        case .missing?: SourceFile.cannotRead(file, exists: false, diagnostics: &diagnostics); return nil
        case .unreadable?: SourceFile.cannotRead(file, exists: true, diagnostics: &diagnostics); return nil
        case nil: return SourceFile.read(file, diagnostics: &diagnostics)
        }
    }

    /// Whether a path exists, as a memoized parse found it when it is one of its files or probes.
    func exists(_ file: String) -> Bool {
        if let state = preread[file] { return state != .missing }
        if let found = probed[file] { return found }
        return FileManager.default.fileExists(atPath: file)
    }
}
