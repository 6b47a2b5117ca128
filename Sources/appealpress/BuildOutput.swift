import AppealBuild
import AppealModel
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one updating line `build` draws on a terminal: stage, pages done, pages per second. Drawn on
/// stderr only when stderr is a terminal, so logs and pipes never see it.
final class ProgressLine: Sendable {
    private struct State: Sendable {
        var lastDraw = Date.distantPast
        var lastStage: BuildProgress.Stage?
        var renderStart: Date?
        var drawn = false
    }

    private let state = Locked(State())

    /// A progress line for this process, or nil when stderr is not an interactive terminal.
    static func forTerminal(environment: [String: String] = ProcessInfo.processInfo.environment) -> ProgressLine? {
        guard isatty(STDERR_FILENO) == 1, environment["TERM"] != "dumb" else { return nil }
        return ProgressLine()
    }

    func update(_ progress: BuildProgress) {
        state.withValue { s in
            let now = Date()
            if progress.stage == .rendering && s.renderStart == nil { s.renderStart = now }
            // Redraw at most ~12 times a second, and at every change of stage.
            guard progress.stage != s.lastStage || now.timeIntervalSince(s.lastDraw) >= 0.08 else { return }
            s.lastStage = progress.stage
            s.lastDraw = now
            var text = progress.stage.rawValue
            if progress.total > 0 {
                let width = String(progress.total).count
                text += "  " + String(repeating: " ", count: max(0, width - String(progress.done).count)) + "\(progress.done)/\(progress.total) pages"
                if let start = s.renderStart, now.timeIntervalSince(start) > 0.05 {
                    text += String(format: "  %.0f pages/s", Double(progress.done) / now.timeIntervalSince(start))
                }
            } else {
                text += "…"
            }
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
            s.drawn = true
        }
    }

    /// Clears the line so the summary and any messages start on a clean one.
    func finish() {
        state.withValue { s in
            if s.drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
            s.drawn = false
        }
    }
}

/// With `APPEALPRESS_TIMINGS` set, `build` ends with one line on stderr giving the wall time of each
/// stage, for profiling: `loading 0.31 s · planning 0.04 s · rendering 2.10 s · …`.
final class StageTimer: Sendable {
    private let stages = Locked<[(BuildProgress.Stage, Date)]>([])

    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> StageTimer? {
        environment["APPEALPRESS_TIMINGS"].map { _ in StageTimer() }
    }

    func update(_ progress: BuildProgress) {
        stages.withValue { list in if list.last?.0 != progress.stage { list.append((progress.stage, Date())) } }
    }

    func finish() {
        let end = Date()
        let stages = self.stages.current
        let text = stages.enumerated().map { i, s in
            String(format: "%@ %.2f s", s.0.rawValue, (i + 1 < stages.count ? stages[i + 1].1 : end).timeIntervalSince(s.1))
        }.joined(separator: " · ")
        FileHandle.standardError.write(Data(("timings: " + text + "\n").utf8))
    }
}

/// The object `build --json` prints on stdout: one per run, success or not.
struct BuildSummaryJSON: Encodable {
    var ok: Bool
    var output: String
    var pages: Int
    var thin: Int
    var files: Int
    var written: Int
    var unchanged: Int
    var removed: Int
    var warnings: [Diagnostic]
    var errors: [Diagnostic]
    var seconds: Double

    init(output: String, report: BuildReport) {
        ok = report.committed
        self.output = output
        pages = report.pages
        thin = report.thinPages
        files = report.files
        written = report.written
        unchanged = report.unchanged
        removed = report.removed
        // The checks' findings are warnings, unless --strict turned them into a failed build.
        let findings = report.check.diagnostics
        warnings = report.committed ? findings : []
        errors = report.committed ? [] : findings
        seconds = (report.seconds * 1000).rounded() / 1000
    }

    init(output: String, failure: [Diagnostic], seconds: Double) {
        ok = false
        self.output = output
        (pages, thin, files, written, unchanged, removed) = (0, 0, 0, 0, 0, 0)
        warnings = failure.filter { $0.severity == .warning }
        errors = failure.filter { $0.severity == .error }
        self.seconds = (seconds * 1000).rounded() / 1000
    }

    var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{\"ok\":false}"
    }
}

