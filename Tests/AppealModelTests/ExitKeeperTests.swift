import AppealModel
import Testing

/// Issue 16: `ExitKeeper` keeps nothing unless a command turned it on (the command line's `build`
/// does; a test process, like the preview, never does), so a process that builds again and again
/// frees each build as before.
@Suite struct ExitKeeperTests {
    final class Tracked: Sendable {}

    @Test func whileOffWhatIsHandedOverIsFreed() {
        weak var watched: Tracked?
        do {
            let value = Tracked()
            watched = value
            ExitKeeper.keep(value)
            ExitKeeper.keep((value, [value]))
            #expect(watched != nil)
        }
        #expect(watched == nil, "freed once its last user is done")
    }
}
