import AppealFiles
import AppealTestSupport
import Foundation
import Testing

@Suite struct FileTreeTests {
    /// root/a.md, root/.hidden, root/sub/b.md, root/sub/deeper/c.md, and root/linked -> a folder outside.
    func makeTree() throws -> (root: String, outside: String) {
        let fm = FileManager.default
        let base = Fixtures.scratch("files")
        let root = base + "/root", outside = base + "/outside"
        try fm.createDirectory(atPath: root + "/sub/deeper", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: outside, withIntermediateDirectories: true)
        for file in ["a.md", ".hidden", "sub/b.md", "sub/deeper/c.md"] {
            #expect(fm.createFile(atPath: root + "/" + file, contents: Data(file.utf8)))
        }
        #expect(fm.createFile(atPath: outside + "/keep.txt", contents: Data("keep".utf8)))
        try fm.createSymbolicLink(atPath: root + "/linked", withDestinationPath: outside)
        return (root, outside)
    }

    @Test func walkListsEveryEntryAndDoesNotEnterLinkedFolders() throws {
        let (root, _) = try makeTree()
        let all = try #require(DirectoryWalk.entries(of: root, recursive: true)).sorted { $0.path < $1.path }
        #expect(all.map(\.path) == [".hidden", "a.md", "linked", "sub", "sub/b.md", "sub/deeper", "sub/deeper/c.md"])
        #expect(all.filter(\.isDirectory).map(\.path) == ["linked", "sub", "sub/deeper"])
        let top = try #require(DirectoryWalk.entries(of: root, recursive: false)).map(\.path).sorted()
        #expect(top == [".hidden", "a.md", "linked", "sub"])
        #expect(DirectoryWalk.entries(of: root + "/a.md", recursive: true) == nil)
        #expect(DirectoryWalk.entries(of: root + "/missing", recursive: false) == nil)
    }

    @Test func removeDeletesTheTreeButNotWhatALinkPointsTo() throws {
        let (root, outside) = try makeTree()
        FileTree.remove(root)
        #expect(!FileManager.default.fileExists(atPath: root))
        #expect(FileManager.default.contents(atPath: outside + "/keep.txt") == Data("keep".utf8))
        FileTree.remove(root)  // already gone: nothing to do, no crash
    }

    @Test func existsIsRelativeToAnOpenFolder() throws {
        let (root, _) = try makeTree()
        let folder = open(root, O_RDONLY | O_DIRECTORY)
        defer { close(folder) }
        #expect(FileTree.exists("sub/deeper/c.md", in: folder))
        #expect(!FileTree.exists("sub/nope.md", in: folder))
    }
}
