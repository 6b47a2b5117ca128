import AppealFiles
import AppealModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A fingerprint of a build's inputs taken from file metadata alone (path, size, modification time,
/// inode) plus the options and the program, as make does. Equal to the last build's: nothing to
/// read, parse or render.
enum InputStamp {
    /// The manifest entry holding the stamp and the page counts of the build that recorded it.
    static let key = "**"

    static func of(_ options: BuildOptions) -> String? {
        var hash = ContentHash()
        hash.add(options.date.description)
        hash.add(options.baseURL ?? "")
        hash.add(PageFingerprints.programIdentity)
        hash.add(PageFingerprints.formatVersion)
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

    /// `stamp:pages:thin`, as recorded in the manifest.
    static func entry(_ stamp: String, pages: Int, thin: Int) -> String { "\(stamp):\(pages):\(thin)" }

    /// The page counts recorded with `stamp`, when the manifest holds that same stamp.
    static func counts(in manifest: [String: String], matching stamp: String) -> (pages: Int, thin: Int)? {
        let parts = (manifest[key] ?? "").split(separator: ":")
        guard parts.count == 3, parts[0] == stamp, let pages = Int(parts[1]), let thin = Int(parts[2]) else { return nil }
        return (pages, thin)
    }
}
