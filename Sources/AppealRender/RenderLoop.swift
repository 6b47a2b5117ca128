import AppealModel
import Foundation

extension SiteRenderer {
    /// The one render loop: makes every output of `outputs` on every core and hands each to its
    /// consumers. `build` passes the writer and the page checker, `check` the checker alone.
    ///
    /// `reuse` is asked first and may take an output without rendering it (a page whose inputs did
    /// not change since the last build); otherwise the output is rendered and `consume` gets its
    /// bytes, valid for the call. The site-wide files go first (hubs are the largest single jobs),
    /// then the cells in chunks; the summary outputs (sitemaps, ledger, change list) come last,
    /// made with what `history` says once everything else is made. The first error stops the loop
    /// and is thrown.
    public func renderEach(_ outputs: SiteOutputs,
                           reuse: (@Sendable (SiteOutput, Int) throws(DiagnosticError) -> Bool)? = nil,
                           consume: @Sendable (SiteOutput, Int, [UInt8]) throws(DiagnosticError) -> Void,
                           history: (() -> SiteHistory?)? = nil,
                           stream: Stream? = nil,
                           cellsDone: (@Sendable (Int) -> Void)? = nil) throws(DiagnosticError) {
        let failure = Locked<DiagnosticError?>(nil)
        try renderPhase(outputs, Array((outputs.cellCount..<outputs.count).filter { !outputs[$0].kind.isSummary }), cells: true,
                        history: nil, reuse: reuse, consume: consume, stream: nil, cellsDone: cellsDone, failure: failure)
        let summaries = (outputs.cellCount..<outputs.count).filter { outputs[$0].kind.isSummary }
        let made = history?()
        try renderPhase(outputs, summaries, cells: false, history: made, reuse: nil, consume: consume, stream: stream, cellsDone: nil, failure: failure)
    }

    /// Takes an output that is made in pieces (`renderPieces`: the ledger and the change lists)
    /// instead of `consume`: it is called with the output, its index and a function that makes the
    /// output, handing each piece to the function it is given.
    public typealias Stream = @Sendable (SiteOutput, Int, _ make: (_ emit: (ArraySlice<UInt8>) throws(DiagnosticError) -> Void) throws(DiagnosticError) -> Void)
        throws(DiagnosticError) -> Void

    private func renderPhase(_ outputs: SiteOutputs, _ others: [Int], cells: Bool, history: SiteHistory?,
                             reuse: (@Sendable (SiteOutput, Int) throws(DiagnosticError) -> Bool)?,
                             consume: @Sendable (SiteOutput, Int, [UInt8]) throws(DiagnosticError) -> Void,
                             stream: Stream?,
                             cellsDone: (@Sendable (Int) -> Void)?, failure: Locked<DiagnosticError?>) throws(DiagnosticError) {
        let done = Locked(0)
        // Small enough chunks for a smooth progress line, large enough that the counter's lock is cheap.
        let chunk = 64
        let chunks = cells ? (outputs.cellCount + chunk - 1) / chunk : 0
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
                    if let stream, output.kind == .ledger || output.kind == .changes || output.kind == .changesText {
                        try stream(output, i) { emit throws(DiagnosticError) in
                            _ = try renderPieces(output, of: outputs, history: history, emit: emit)
                        }
                        continue
                    }
                    bytes.removeAll(keepingCapacity: true)
                    guard render(output, of: outputs, history: history, into: &bytes, scratch: &scratch) else {
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
