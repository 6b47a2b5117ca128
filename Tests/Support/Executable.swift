import AppealModel
import Foundation

/// The built `appealpress` executable, run as an editor would run it.
public enum Executable {
    /// The executable sits next to the test bundle in the build folder.
    public static let path: String? = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("appealpress").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs to the end and returns the exit status, stdout and stderr.
    public static func run(_ arguments: [String], environment: [String: String]? = nil, in directory: String? = nil) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        guard let path else { throw Failure(description: "appealpress not built") }
        process.executableURL = URL(fileURLWithPath: path)
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes at once: a full stderr pipe must not block the process while stdout is read.
        let errData = Locked<Data?>(nil)
        let reader = Thread {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            errData.withValue { $0 = data }
        }
        reader.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errData.current == nil { usleep(1_000) }
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: errData.current ?? Data(), as: UTF8.self))
    }
}
