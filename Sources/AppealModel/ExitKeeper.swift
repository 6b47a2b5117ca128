/// What a command keeps, rather than frees, when the process exits as soon as the command is done.
/// At 100,000 pages a build's tables (the manifests, the ledgers, the plan, the checker's) took
/// 0.2–0.3 s on one core to free one allocation at a time, after the output was already in place;
/// the exit gives the whole heap back at once.
///
/// Off unless a command turns it on (`appealpress build`): the preview and the tests build again and
/// again in one process, and free as usual. Only memory is kept: what is handed over has no work
/// left for its deinit (files written and closed, locks released) once a build has returned.
public enum ExitKeeper {
    private static let state = Locked<(on: Bool, kept: [any Sendable])>((false, []))

    /// From now on, `keep` keeps what it is given until the process exits.
    public static func keepUntilExit() { state.withValue { $0.on = true } }

    /// Keeps `value` alive until the process exits when that is turned on; otherwise does nothing
    /// (the value is freed as usual once its last user is done).
    public static func keep(_ value: any Sendable) {
        state.withValue { if $0.on { $0.kept.append(value) } }
    }
}
