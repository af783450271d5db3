import Tokens

/// The events the token layer's results become, in one place for every front end that records
/// them (`skew sync`, `burn`, `provision` and the pages of `skew serve`).
extension HistoryEvent {
    /// A clock write (sync, burn, a provisioned token) as the sync it records: the offset read
    /// back after writing, against the reference the write used.
    public init(sync result: ClockWriteResult) {
        self.init(token: result.historyToken, kind: .sync, time: result.time, offset: result.offsetAfter, uncertainty: result.uncertainty,
                  reference: result.reference.name, hostOffset: result.reference.hostOffset?.offset, method: result.historyMethod)
    }

    /// A measured offset, against `reference` (the host clock, or the host corrected by NTP).
    public init(measurement: OffsetMeasurement, reference: ReferenceClock) {
        self.init(token: measurement.token, kind: .measurement, time: measurement.observation.time, offset: measurement.observation.offset,
                  uncertainty: measurement.observation.uncertainty, reference: reference.name, hostOffset: reference.hostOffset?.offset,
                  method: measurement.method)
    }
}
