import Drift
import Fleet
import History

/// The fleet as `skew fleet` and the fleet page read it from a history: every token (or the
/// `serials` named) fitted over its measurements since its last sync and forecast against each
/// verifier window. One function for both, so the page's table is the command's.
public enum FleetRead {
    public static func list(store: any HistoryStore, serials: [String] = [], windows: [(VerifierProfile, StepWindow)],
                            soon: Double, within: Double?, now: Double) throws -> FleetList {
        for token in serials { try store.requireToken(token) }
        // A few tokens are read one by one; the whole fleet in one pass.
        let histories = serials.isEmpty ? try store.sinceLastSyncOfEveryToken() : try Set(serials).sorted().map { token in
            try store.sinceLastSync(token: token)
        }
        let tokens = histories.map { history in
            FleetToken(token: history.token, methods: Set(history.measurements.map(\.method) + [history.sync?.method].compactMap { $0 }),
                       lastSync: history.sync?.time,
                       measurements: history.measurements.map { OffsetObservation(time: $0.time, offset: $0.offset, uncertainty: $0.uncertainty) },
                       windows: windows, soon: soon, now: now)
        }
        return FleetList(tokens, within: within, now: now)
    }
}
