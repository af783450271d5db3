import History
import Tokens

extension TokenOutcome {
    /// What the history keeps of this turn: the write as a sync, and the measurement taken after
    /// it (`--measure`) against `reference`. Nothing for a token this turn did not write.
    public func historyEvents(reference: ReferenceClock) -> [HistoryEvent] {
        (write.map { [HistoryEvent(sync: $0)] } ?? []) + (measurement.map { [HistoryEvent(measurement: $0, reference: reference)] } ?? [])
    }
}
