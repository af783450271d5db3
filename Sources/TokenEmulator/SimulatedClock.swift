/// The virtual token's clock: a straight line against the host clock, so tests know the truth.
/// `time(atHost:)` = anchorToken + (host − anchorHost) × (1 + driftPPM / 10⁶).
public struct SimulatedClock: Sendable, Equatable, Codable {
    public var anchorHost: Double
    public var anchorToken: Double
    public var driftPPM: Double

    /// A clock `offset` seconds ahead of the host at `start`, gaining `driftPPM` from then on.
    public init(offset: Double, driftPPM: Double, start: Double) {
        anchorHost = start
        anchorToken = start + offset
        self.driftPPM = driftPPM
    }

    public func time(atHost host: Double) -> Double {
        anchorToken + (host - anchorHost) * (1 + driftPPM / 1_000_000)
    }

    /// A time write: the clock shows exactly `time` at `host` and its second starts there (the
    /// sub-second phase restarts); the rate is unchanged.
    public mutating func set(to time: UInt32, atHost host: Double) {
        anchorHost = host
        anchorToken = Double(time)
    }

    enum CodingKeys: String, CodingKey {
        case anchorHost = "anchor_host", anchorToken = "anchor_token", driftPPM = "drift_ppm"
    }
}
