import AppealLoad
import AppealModel
import AppealTestSupport

/// What loading a copy of fixture `name` with `changes` reports (empty when it loads).
func loadDiagnostics(_ name: String = "mini", changing changes: [String: String?]) -> [Diagnostic] {
    do {
        _ = try ContentLoader.load(from: Fixtures.copy(name, changing: changes))
        return []
    } catch {
        return error.diagnostics
    }
}
