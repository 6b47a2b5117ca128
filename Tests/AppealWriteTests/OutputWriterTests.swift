import AppealModel
import AppealTestSupport
import AppealWrite
import Foundation
import Testing

@Suite struct OutputWriterTests {
    func attributes(_ path: String) -> (inode: Int, modified: Date) {
        let a = try! FileManager.default.attributesOfItem(atPath: path)
        return ((a[.systemFileNumber] as! NSNumber).intValue, a[.modificationDate] as! Date)
    }

    @Test func refusesPathsThatLeaveTheOutputFolder() throws {
        for bad in ["../escape.html", "/etc/passwd", "a/../../b", "a//b", "./a", "a\\b", ""] {
            #expect(OutputWriter.safeRelativePath(bad) == nil, "\(bad)")
        }
        #expect(OutputWriter.safeRelativePath("kyphoplasty/medicare/index.html") != nil)
        let out = Fixtures.scratch() + "/Public"
        let writer = try OutputWriter(output: out)
        #expect(throws: DiagnosticError.self) { try writer.write("../outside.html", text: "x") }
        writer.abandon()
        #expect(!FileManager.default.fileExists(atPath: out + "/../outside.html"))
    }

    @Test func unchangedFilesKeepTheirInodeAndMtimeAndStaleFilesGo() throws {
        let out = Fixtures.scratch() + "/Public"
        let first = try OutputWriter(output: out)
        try first.write("a/index.html", text: "same")
        try first.write("b/index.html", text: "old")
        try first.write("gone.html", text: "bye")
        #expect(try first.commit() == .init(written: 3, unchanged: 0, removed: 0))
        let before = attributes(out + "/a/index.html")

        let second = try OutputWriter(output: out)
        #expect(try second.write("a/index.html", Array("same".utf8)) == .unchanged)
        #expect(try second.write("b/index.html", Array("new".utf8)) == .written)
        #expect(try second.commit() == .init(written: 1, unchanged: 1, removed: 1))
        let after = attributes(out + "/a/index.html")
        #expect(after.inode == before.inode)
        #expect(after.modified == before.modified)
        #expect(Fixtures.read(out + "/b/index.html") == "new")
        #expect(!FileManager.default.fileExists(atPath: out + "/gone.html"))
    }

    @Test func anAbandonedBuildLeavesThePreviousOutputIntact() throws {
        let out = Fixtures.scratch() + "/Public"
        let first = try OutputWriter(output: out)
        try first.write("index.html", text: "v1")
        _ = try first.commit()
        let second = try OutputWriter(output: out)
        try second.write("index.html", text: "v2")
        second.abandon()
        #expect(Fixtures.read(out + "/index.html") == "v1")
        #expect(!FileManager.default.fileExists(atPath: second.staging))
    }

    @Test func keepsHiddenFilesAndRefusesForeignFolders() throws {
        let out = Fixtures.scratch() + "/Public"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: out + "/.gitkeep", contents: Data())
        let writer = try OutputWriter(output: out)
        try writer.write("index.html", text: "x")
        _ = try writer.commit()
        #expect(FileManager.default.fileExists(atPath: out + "/.gitkeep"))

        let foreign = Fixtures.scratch() + "/site"
        try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: foreign + "/precious.txt", contents: Data("mine".utf8))
        #expect(throws: DiagnosticError.self) { _ = try OutputWriter(output: foreign) }
        #expect(Fixtures.read(foreign + "/precious.txt") == "mine")
    }
}

@Suite struct OutputLockTests {
    @Test func twoBuildsCannotWriteOneOutputAtOnce() throws {
        let out = Fixtures.scratch() + "/Public"
        let first = try OutputWriter(output: out)
        do {
            _ = try OutputWriter(output: out)
            Issue.record("expected the second writer to be refused")
        } catch {
            #expect(error.diagnostics.error(containing: "another build is writing this output folder") != nil)
        }
        try first.write("index.html", text: "x")
        _ = try first.commit()
        // Once the first build is done, the next one may start.
        let next = try OutputWriter(output: out)
        next.abandon()
    }

    @Test func stagingLeftByAKilledBuildIsRemoved() throws {
        let parent = Fixtures.scratch()
        let stale = parent + "/.Public.staging-999999"
        try FileManager.default.createDirectory(atPath: stale + "/a", withIntermediateDirectories: true)
        let writer = try OutputWriter(output: parent + "/Public")
        #expect(!FileManager.default.fileExists(atPath: stale))
        writer.abandon()
    }
}

@Suite struct OutputFolderSafetyTests {
    @Test func aHiddenFolderInTheOutputIsNeverSwappedAway() throws {
        let out = Fixtures.scratch() + "/Public"
        try FileManager.default.createDirectory(atPath: out + "/.git", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: out + "/.git/config", contents: Data("x".utf8))
        do {
            _ = try OutputWriter(output: out)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.diagnostics.error(containing: "hidden folder .git") != nil)
        }
        #expect(Fixtures.read(out + "/.git/config") == "x")
    }

    @Test func aSymlinkedOutputKeepsPointingAtTheNewBuild() throws {
        let parent = Fixtures.scratch()
        try FileManager.default.createDirectory(atPath: parent + "/real", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: parent + "/Public", withDestinationPath: parent + "/real")
        for version in ["v1", "v2"] {
            let writer = try OutputWriter(output: parent + "/Public")
            try writer.write("index.html", text: version)
            _ = try writer.commit()
        }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: parent + "/Public") == parent + "/real")
        #expect(Fixtures.read(parent + "/real/index.html") == "v2")
    }
}

/// The output a swap replaces is kept as `.Public.previous` and recycled as the next staging folder.
@Suite struct RecycledStagingTests {
    /// One build: each file either carried over by fingerprint or written.
    func build(_ out: String, _ files: [(path: String, fingerprint: String, text: String)]) throws -> OutputWriter.Summary {
        let writer = try OutputWriter(output: out)
        for file in files {
            if writer.previousFingerprint(file.path) == file.fingerprint, try writer.carryOver(file.path, fingerprint: file.fingerprint) { continue }
            try writer.write(file.path, Array(file.text.utf8), fingerprint: file.fingerprint)
        }
        return try writer.commit()
    }

    /// Every file under `root` with its contents, hidden top-level entries aside; and every folder.
    func tree(_ root: String) -> (files: [String: String], folders: Set<String>) {
        var files: [String: String] = [:], folders = Set<String>()
        for case let path as String in FileManager.default.enumerator(atPath: root)! where !path.hasPrefix(".") {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDir)
            if isDir.boolValue { folders.insert(path) } else { files[path] = Fixtures.read(root + "/" + path) }
        }
        return (files, folders)
    }

    @Test func threeBuildsEndWithTheTreeAFreshBuildWrites() throws {
        let parent = Fixtures.scratch()
        let out = parent + "/Public", fresh = parent + "/Fresh"
        _ = try build(out, [("a/index.html", "A1", "a1"), ("b/index.html", "B1", "b1"), ("c/x/index.html", "C1", "c1")])
        _ = try build(out, [("a/index.html", "A1", "a1"), ("b/index.html", "B2", "b2"), ("c/x/index.html", "C1", "c1")])
        #expect(FileManager.default.fileExists(atPath: parent + "/.Public.previous/b/index.html"))
        let aInode = (try FileManager.default.attributesOfItem(atPath: out + "/a/index.html")[.systemFileNumber] as! NSNumber).intValue

        // The third build recycles the first one's tree: `a` is already right there, `b` comes from
        // the live output, `c` goes (with its folders), `d` is new.
        let third: [(path: String, fingerprint: String, text: String)] = [("a/index.html", "A1", "a1"), ("b/index.html", "B2", "b2"), ("d/index.html", "D1", "d1")]
        #expect(try build(out, third) == .init(written: 1, unchanged: 2, removed: 1))
        _ = try build(fresh, third)
        #expect(tree(out).files == tree(fresh).files)
        #expect(tree(out).folders == tree(fresh).folders)
        #expect((try FileManager.default.attributesOfItem(atPath: out + "/a/index.html")[.systemFileNumber] as! NSNumber).intValue == aInode)
        // The replaced output, kept for the next build, is the second build as it was.
        #expect(Fixtures.read(parent + "/.Public.previous/b/index.html") == "b2")
        #expect(Fixtures.read(parent + "/.Public.previous/c/x/index.html") == "c1")
    }

    @Test func changingARecycledFileNeverWritesThroughToTheLiveOutput() throws {
        let out = Fixtures.scratch() + "/Public"
        _ = try build(out, [("a/index.html", "A1", "same"), ("index.html", "H1", "home")])
        _ = try build(out, [("a/index.html", "A1", "same"), ("index.html", "H2", "home 2")])
        // `.Public.previous/a/index.html` is a hard link to the live file: the third build must
        // replace it in staging, not write into it; abandoning must leave the live output alone.
        let writer = try OutputWriter(output: out)
        try writer.write("a/index.html", Array("changed".utf8), fingerprint: "A2")
        writer.abandon()
        #expect(Fixtures.read(out + "/a/index.html") == "same")
        #expect(Fixtures.read(out + "/index.html") == "home 2")
        // With the recycled tree gone, the next build starts from an empty staging folder.
        #expect(try build(out, [("a/index.html", "A2", "changed")]) == .init(written: 1, unchanged: 0, removed: 1))
        #expect(Fixtures.read(out + "/a/index.html") == "changed")
    }
}

/// The manifest is one versioned format; anything it cannot read is "no previous output".
@Suite struct OutputManifestTests {
    static let sample = OutputManifest(files: ["a/index.html": .init(fingerprint: "00ff"), "robots.txt": .init(fingerprint: nil)],
                                       record: Data(#"{"pages":1}"#.utf8))

    @Test func roundTripsFilesFingerprintsAndRecord() throws {
        let text = Self.sample.encoded()
        #expect(String(decoding: text, as: UTF8.self).hasPrefix("AppealPress output manifest, version 2."))
        #expect(OutputManifest.parse(text) == Self.sample)
    }

    static func damage(_ what: String, _ s: String) -> String {
        switch what {
        case "another version": return s.replacingOccurrences(of: "version 2.", with: "version 3.")
        case "the old marker format": return "AppealPress writes this folder; a build replaces it whole. Input fingerprints of its pages:\n00ff a/index.html\n"
        case "cut short": return String(s.dropLast(12))
        case "a wrong file count": return s.replacingOccurrences(of: "end 2", with: "end 3")
        case "no record line": return s.replacingOccurrences(of: #"{"pages":1}"# + "\n", with: "")
        case "a line without a fingerprint": return s.replacingOccurrences(of: "- robots.txt", with: "robots.txt")
        case "a file listed twice": return s.replacingOccurrences(of: "- robots.txt", with: "00ff a/index.html")
        default: return String(decoding: [0xFF, 0x00, 0x0A], as: UTF8.self)
        }
    }

    @Test(arguments: ["another version", "the old marker format", "cut short", "a wrong file count", "no record line",
                      "a line without a fingerprint", "a file listed twice", "binary garbage"])
    func anUnreadableManifestIsNoManifest(_ what: String) {
        let damaged = Self.damage(what, String(decoding: Self.sample.encoded(), as: UTF8.self))
        #expect(damaged != String(decoding: Self.sample.encoded(), as: UTF8.self), "the damage changes the file")
        #expect(OutputManifest.parse(Array(damaged.utf8)) == nil, "\(what)")
    }

    /// A corrupt manifest still marks the folder as ours, but nothing is carried over by fingerprint.
    @Test func aWriterWithACorruptManifestCarriesNothingOver() throws {
        let out = Fixtures.scratch() + "/Public"
        let first = try OutputWriter(output: out)
        try first.write("a/index.html", Array("old".utf8), fingerprint: "A1")
        _ = try first.commit()
        try Data("AppealPress output manifest, version 2. garbage".utf8).write(to: URL(fileURLWithPath: out + "/" + OutputManifest.fileName))
        let second = try OutputWriter(output: out)
        #expect(second.previous == nil)
        #expect(second.previousFingerprint("a/index.html") == nil)
        try second.write("a/index.html", Array("new".utf8), fingerprint: "A1")
        let summary = try second.commit()
        #expect(summary.written == 1)
        #expect(Fixtures.read(out + "/a/index.html") == "new")
        #expect(OutputManifest.read(folder: out)?.files["a/index.html"]?.fingerprint == "A1")
    }
}

/// Issue 16: a large output (the ledger) staged piece by piece has the outcome `write` gives it
/// whole: unchanged bytes keep the previous file (its inode and mtime), any difference is written.
@Suite struct StagedFileTests {
    func inode(_ path: String) -> Int {
        ((try! FileManager.default.attributesOfItem(atPath: path))[.systemFileNumber] as! NSNumber).intValue
    }

    func stage(_ writer: OutputWriter, _ file: String, _ pieces: [String], fingerprint: String? = nil) throws -> OutputWriter.Outcome {
        let staged = try writer.begin(file, fingerprint: fingerprint)
        for piece in pieces { try staged.append(Array(piece.utf8)[...]) }
        return try staged.finish()
    }

    @Test func piecesHaveTheOutcomeOfTheWholeFile() throws {
        let out = Fixtures.scratch() + "/Public"
        let first = try OutputWriter(output: out)
        #expect(try stage(first, "same.json", ["{\"a\":", "1}", "\n"], fingerprint: "00000000000000ff") == .written)
        for name in ["longer", "shorter", "edited", "empty"] { try first.write(name + ".json", text: "0123456789") }
        #expect(try first.commit() == .init(written: 5, unchanged: 0, removed: 0))
        #expect(Fixtures.read(out + "/same.json") == "{\"a\":1}\n")
        let kept = inode(out + "/same.json")

        let second = try OutputWriter(output: out)
        #expect(second.previousFingerprint("same.json") == "00000000000000ff")
        // The same bytes cut into other pieces: unchanged, the previous file linked in.
        #expect(try stage(second, "same.json", ["{", "\"a\":1", "}\n"]) == .unchanged)
        #expect(try stage(second, "longer.json", ["01234", "56789", "!"]) == .written)
        #expect(try stage(second, "shorter.json", ["01234", "5678"]) == .written)
        #expect(try stage(second, "edited.json", ["01234", "x6789"]) == .written)
        #expect(try stage(second, "empty.json", []) == .written)
        #expect(try stage(second, "new/deep/file.json", ["a", "b"]) == .written)
        #expect(throws: DiagnosticError.self) { _ = try second.begin("../outside.json") }
        #expect(throws: DiagnosticError.self) { _ = try second.begin("same.json") }
        #expect(try second.commit() == .init(written: 5, unchanged: 1, removed: 0))
        #expect(inode(out + "/same.json") == kept)
        #expect(Fixtures.read(out + "/same.json") == "{\"a\":1}\n")
        #expect(Fixtures.read(out + "/longer.json") == "0123456789!")
        #expect(Fixtures.read(out + "/shorter.json") == "012345678")
        #expect(Fixtures.read(out + "/edited.json") == "01234x6789")
        #expect(Fixtures.read(out + "/empty.json") == "")
        #expect(Fixtures.read(out + "/new/deep/file.json") == "ab")
        #expect(!((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).contains { $0.hasSuffix(".appealpress-link") })
    }

    @Test func manifestFingerprintsAsNumbersReadAndWriteTheSame() throws {
        for fingerprint in ["0123456789abcdef", "0000000000000000", "not-hex", "0123456789ABCDEF", "0123456789abcdef0", nil] as [String?] {
            let entry = OutputManifest.Entry(fingerprint: fingerprint)
            #expect(entry.fingerprint == fingerprint)
            #expect(entry.has(fingerprint: fingerprint))
            #expect(!entry.has(fingerprint: "fedcba9876543210"))
            #expect(entry == OutputManifest.Entry(fingerprint: fingerprint))
        }
        #expect(OutputManifest.Entry(fingerprint: "0123456789abcdef") != OutputManifest.Entry(fingerprint: "0123456789ABCDEF"))
        let manifest = OutputManifest(files: ["a/index.html": .init(fingerprint: "00000000000000ab"), "b.txt": .init(fingerprint: nil),
                                              "c.html": .init(fingerprint: "odd-fingerprint")], record: Data("{\"pages\":1}".utf8))
        let text = String(decoding: manifest.encoded(), as: UTF8.self)
        #expect(text.hasSuffix("{\"pages\":1}\n00000000000000ab a/index.html\n- b.txt\nodd-fingerprint c.html\nend 3\n"))
        #expect(OutputManifest.parse(manifest.encoded()) == manifest)
    }
}

/// The manifest a commit writes in pieces is the text `encoded()` makes.
@Suite struct ManifestPiecesTests {
    @Test func committedManifestIsTheEncodedOne() throws {
        let out = Fixtures.scratch() + "/Public"
        let writer = try OutputWriter(output: out)
        // Enough files for several 64 KB pieces.
        for i in 0..<3_000 { try writer.write("page-\(i)/a-long-enough-name-for-the-manifest/index.html", Array("\(i)".utf8), fingerprint: String(format: "%016llx", UInt64(i) * 0x9E37_79B9)) }
        try writer.write("robots.txt", text: "x")
        _ = try writer.commit(record: Data("{\"pages\":3000}".utf8))
        let bytes = [UInt8](try #require(FileManager.default.contents(atPath: out + "/" + OutputManifest.fileName)))
        #expect(bytes.count > 3 * 65_536)
        let manifest = try #require(OutputManifest.parse(bytes))
        #expect(manifest.files.count == 3_001)
        #expect(manifest.files["page-7/a-long-enough-name-for-the-manifest/index.html"]?.fingerprint == String(format: "%016llx", UInt64(7) * 0x9E37_79B9))
        #expect(manifest.files["robots.txt"]?.fingerprint == nil)
        #expect(manifest.encoded() == bytes)
        var pieces: [[UInt8]] = [], out2: [UInt8] = []
        manifest.encode(into: &out2) { buffer in
            if buffer.count > 1_000 { pieces.append(buffer); buffer.removeAll() }
        }
        #expect(Array((pieces + [out2]).joined()) == bytes)
    }
}

/// A recycled staging folder (the output two builds back) may hold a file where a folder is now
/// wanted: every way of staging a file below it (written whole, in pieces, carried over) replaces it.
@Suite struct RecycledFileBecomesFolderTests {
    /// Build 1 has `x` and `y` as files; build 2 neither (so build 1's tree is recycled by build 3);
    /// build 3 puts files below `x/` and `y/`.
    @Test func aRecycledFileWhereAFolderIsWantedIsReplaced() throws {
        let out = Fixtures.scratch() + "/Public"
        let first = try OutputWriter(output: out)
        try first.write("x", text: "a file")
        try first.write("y", text: "a file too")
        try first.write("keep.txt", text: "k")
        _ = try first.commit()
        let second = try OutputWriter(output: out)
        try second.write("keep.txt", text: "k")
        _ = try second.commit()
        let third = try OutputWriter(output: out)
        try third.write("x/index.html", text: "whole")
        let staged = try third.begin("y/deep/ledger.json")
        try staged.append(Array("in ".utf8)[...])
        try staged.append(Array("pieces".utf8)[...])
        #expect(try staged.finish() == .written)
        try third.write("keep.txt", text: "k")
        _ = try third.commit()
        #expect(Fixtures.read(out + "/x/index.html") == "whole")
        #expect(Fixtures.read(out + "/y/deep/ledger.json") == "in pieces")
        #expect(OutputManifest.read(folder: out)?.files.keys.sorted() == ["keep.txt", "x/index.html", "y/deep/ledger.json"])
    }
}

/// Issue 16 (fourth pass): the manifest is read in place, its fingerprints straight from the bytes.
/// It reads every file as the line-splitting reader it replaced did: the same manifest, or none.
@Suite struct ManifestReadingTests {
    /// The reader as it was before (lines split into an array, each fingerprint made a string first).
    static func reference(_ bytes: [UInt8]) -> OutputManifest? {
        let head = Array("AppealPress output manifest, version 2. A build replaces this folder whole.\n".utf8)
        guard bytes.starts(with: head), bytes.last == 0x0A else { return nil }
        var lines: [ArraySlice<UInt8>] = []
        var start = head.count
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A)!
            lines.append(bytes[start..<end])
            start = end + 1
        }
        guard lines.count >= 2, let record = lines.first, record.first == UInt8(ascii: "{") else { return nil }
        guard String(decoding: lines[lines.count - 1], as: UTF8.self) == "end \(lines.count - 2)" else { return nil }
        var files: [String: OutputManifest.Entry] = [:]
        for line in lines[1..<(lines.count - 1)] {
            guard let space = line.firstIndex(of: 0x20), space > line.startIndex, space + 1 < line.endIndex else { return nil }
            let fingerprint = String(decoding: line[line.startIndex..<space], as: UTF8.self)
            let path = String(decoding: line[(space + 1)...], as: UTF8.self)
            guard files.updateValue(.init(fingerprint: fingerprint == "-" ? nil : fingerprint), forKey: path) == nil else { return nil }
        }
        return OutputManifest(files: files, record: Data(record))
    }

    static let sample = OutputManifest(files: ["a/index.html": .init(fingerprint: "00000000000000ab"), "b.txt": .init(fingerprint: nil),
                                               "c d.html": .init(fingerprint: "odd-fingerprint"), "é/x.html": .init(fingerprint: "0123456789ABCDEF"),
                                               "-": .init(fingerprint: "-x")],
                                       record: Data(#"{"pages":3,"site":"00ff"}"#.utf8))

    @Test func readsWhatItWritesAsBefore() throws {
        let bytes = Self.sample.encoded()
        #expect(OutputManifest.parse(bytes) == Self.sample)
        #expect(Self.reference(bytes) == Self.sample)
        #expect(OutputManifest.parse(bytes)?.files["a/index.html"]?.has(fingerprint: "00000000000000ab") == true)
        let empty = OutputManifest(files: [:], record: Data("{}".utf8))
        #expect(OutputManifest.parse(empty.encoded()) == empty)
        #expect(OutputManifest.parse(empty.encoded()) == Self.reference(empty.encoded()))
    }

    /// Every cut and every byte changed in turn: the same answer as the reader it replaced.
    @Test func aDamagedManifestReadsAsBefore() {
        let bytes = Self.sample.encoded()
        var cases: [[UInt8]] = (0...bytes.count).map { Array(bytes.prefix($0)) }
        for n in bytes.indices {
            for replacement: UInt8 in [0x0A, 0x20, UInt8(ascii: "{"), UInt8(ascii: "-"), UInt8(ascii: "9"), 0xFF] where bytes[n] != replacement {
                var changed = bytes
                changed[n] = replacement
                cases.append(changed)
            }
        }
        cases.append(bytes + Array("x\n".utf8))
        cases.append(Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "end 5", with: "end 05").utf8))
        var readable = 0
        for damaged in cases {
            let now = OutputManifest.parse(damaged), before = Self.reference(damaged)
            #expect(now == before, "\(String(decoding: damaged, as: UTF8.self))")
            if now != nil { readable += 1 }
        }
        #expect(readable > 0 && readable < cases.count / 2)
    }

    /// A record with line breaks (JSON may have them) is written on one line, as before; a commit
    /// whose record is made on another thread writes what `encoded()` makes.
    @Test func aCommitWritesTheRecordOnOneLine() throws {
        let out = Fixtures.scratch() + "/Public"
        let writer = try OutputWriter(output: out)
        for i in 0..<2_000 { try writer.write("p-\(i)/index.html", Array("\(i)".utf8), fingerprint: String(format: "%016llx", UInt64(i))) }
        let record = Data("{\"pages\":\n2000,\r\n\"site\":\"x\"}".utf8)
        _ = try writer.commit(making: { record })
        let bytes = [UInt8](try #require(FileManager.default.contents(atPath: out + "/" + OutputManifest.fileName)))
        let manifest = try #require(OutputManifest.parse(bytes))
        #expect(manifest.record == Data("{\"pages\":2000,\"site\":\"x\"}".utf8))
        #expect(manifest.files.count == 2_000)
        #expect(OutputManifest(files: manifest.files, record: record).encoded() == bytes)
    }
}
