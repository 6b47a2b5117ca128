import AppealModel
import Foundation

extension SiteRenderer {
    /// The one render loop: makes every output of `outputs` on every core and hands each to its
    /// consumers. `build` passes the writer and the page checker, `check` the checker alone.
    ///
    /// `reuse` is asked first and may take an output without rendering it (a page whose inputs did
    /// not change since the last build); otherwise the output is rendered and `consume` gets its
    /// bytes, valid for the call. The site-wide files go first (the sitemaps and hubs are the
    /// largest single jobs), then the cells in chunks. The first error stops the loop and is thrown.
    public func renderEach(_ outputs: SiteOutputs,
                           reuse: (@Sendable (SiteOutput, Int) throws(DiagnosticError) -> Bool)? = nil,
                           consume: @Sendable (SiteOutput, Int, [UInt8]) throws(DiagnosticError) -> Void,
                           cellsDone: (@Sendable (Int) -> Void)? = nil) throws(DiagnosticError) {
        let failure = Locked<DiagnosticError?>(nil)
        let done = Locked(0)
        let others = Array(outputs.cellCount..<outputs.count)
        // Small enough chunks for a smooth progress line, large enough that the counter's lock is cheap.
        let chunk = 64
        let chunks = (outputs.cellCount + chunk - 1) / chunk
        DispatchQueue.concurrentPerform(iterations: others.count + chunks) { job in
            guard failure.current == nil else { return }
            let range = job < others.count ? others[job]..<(others[job] + 1)
                : ((job - others.count) * chunk)..<min(outputs.cellCount, (job - others.count + 1) * chunk)
            // One pair of buffers per job, reused output after output.
            var bytes: [UInt8] = [], scratch: [UInt8] = []
            if job >= others.count {
                bytes.reserveCapacity(65_536)
                scratch.reserveCapacity(65_536)
            }
            do throws(DiagnosticError) {
                for i in range {
                    guard failure.current == nil else { return }
                    let output = outputs[i]
                    if let reuse, try reuse(output, i) { continue }
                    bytes.removeAll(keepingCapacity: true)
                    guard render(output, of: outputs, into: &bytes, scratch: &scratch) else {
                        throw DiagnosticError([.error("cannot make \(output.file)", at: Self.source(of: output, theme: theme))])
                    }
                    try consume(output, i, bytes)
                }
            } catch {
                failure.withValue { if $0 == nil { $0 = error } }
                return
            }
            if job >= others.count, let cellsDone {
                let finished = done.withValue { $0 += range.count; return $0 }
                cellsDone(finished)
            }
        }
        if let error = failure.current { throw error }
    }

    /// The file an output that could not be made comes from, when it has one.
    static func source(of output: SiteOutput, theme: Theme) -> SourceLocation? {
        if case .asset(let name) = output.kind { return SourceLocation(file: theme.assetsRoot + "/" + name) }
        return nil
    }
}
