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
        FileManager.default.createFile(atPath: out + "/.gitkeep", contents: Data())
        let writer = try OutputWriter(output: out)
        try writer.write("index.html", text: "x")
        _ = try writer.commit()
        #expect(FileManager.default.fileExists(atPath: out + "/.gitkeep"))

        let foreign = Fixtures.scratch() + "/site"
        try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: foreign + "/precious.txt", contents: Data("mine".utf8))
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
        FileManager.default.createFile(atPath: out + "/.git/config", contents: Data("x".utf8))
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
