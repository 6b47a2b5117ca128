import AppealFiles
import AppealModel
import AppealRender
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A fingerprint of a build's inputs taken from file metadata alone (path, size, modification time,
/// inode) plus the options and the program, as make does. Equal to the last build's: nothing to
/// read, parse or render.
enum InputStamp {
    static func of(_ options: BuildOptions) -> String? {
        var hash = ContentHash()
        hash.add(options.date.description)
        hash.add(options.baseURL ?? "")
        hash.add(SiteBuilder.programIdentity)
        hash.add(OutputFingerprints.formatVersion)
        for root in [options.content, options.theme] {
            guard let entries = DirectoryWalk.entries(of: root, recursive: true) else { return nil }
            hash.add(root)
            for file in entries.map(\.path).sorted() {
                var info = stat()
                guard stat(root + "/" + file, &info) == 0 else { return nil }
                hash.add(file)
                hash.add(Int(info.st_size))
                hash.add(Int(info.st_mtim.tv_sec))
                hash.add(Int(info.st_mtim.tv_nsec))
                hash.add(Int(info.st_ino))
            }
        }
        return hash.description
    }
}
