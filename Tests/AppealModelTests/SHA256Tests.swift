@testable import AppealModel
import Foundation
import Testing

/// Review records carry SHA-256 digests that `sha256sum` must agree with: FIPS 180-4's vectors.
@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        ("The quick brown fox jumps over the lazy dog", "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592"),
    ])
    func knownVectors(input: String, digest: String) {
        #expect(SHA256.hex(input) == digest)
    }

    @Test func aMillionAsAndBlockBoundaries() {
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // Lengths around the 55/56/64-byte padding boundaries give distinct digests, fed whole or in pieces.
        var seen = Set<String>()
        for n in [55, 56, 57, 63, 64, 65, 119, 120] {
            let bytes = [UInt8](repeating: 0x62, count: n)
            var pieces = SHA256()
            pieces.update(bytes.prefix(7))
            pieces.update(bytes.dropFirst(7))
            let whole = SHA256.hex(bytes)
            #expect(pieces.finalizeHex() == whole)
            #expect(seen.insert(whole).inserted)
        }
    }

    /// Fed in pieces of every size, contiguous or not, a message has the digest `sha256sum` gives it.
    @Test func piecesOfAnySizeGiveSha256sumsDigest() throws {
        var state: UInt64 = 3
        func next() -> UInt64 { state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return state >> 33 }
        for n in [0, 1, 63, 64, 65, 127, 128, 129, 200, 1_000, 4_097] {
            let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: next()) }
            let whole = SHA256.hex(bytes)
            var pieces = SHA256()
            var at = 0
            var odd = false
            while at < n {
                let take = min(n - at, Int(next() % 150))
                // Every other piece through a sequence without contiguous storage.
                if odd { pieces.update(bytes[at..<(at + take)].lazy.map { $0 }) } else { pieces.update(bytes[at..<(at + take)]) }
                odd.toggle()
                at += take
            }
            #expect(pieces.finalizeHex() == whole, "\(n) bytes")
            if [0, 65, 1_000, 4_097].contains(n) {
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("sha256-\(n)-\(getpid())")
                try Data(bytes).write(to: file)
                defer { try? FileManager.default.removeItem(at: file) }
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
                process.arguments = [file.path]
                let pipe = Pipe()
                process.standardOutput = pipe
                try process.run()
                process.waitUntilExit()
                let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                #expect(out.prefix(64) == whole, "\(n) bytes")
            }
        }
        // A text's digest is its UTF-8 bytes' digest.
        #expect(SHA256.hex("día") == SHA256.hex(Array("día".utf8)))
    }
}
