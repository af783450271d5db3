/// When a drifting clock leaves a verifier's window, and when to resync before it does.
///
/// The window is ±`window` seconds of offset. The date is where the fitted line crosses the edge
/// it is heading for; the range comes from the rate ± 2σ and the offset ± 2σ (about 95 %). The
/// recommended resync is when the offset is expected to reach half the window at the fast end of
/// that range: it leaves room for verifiers whose window is narrower on one side and for rates
/// that change with temperature or battery age.
public struct Forecast: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        /// Outside the window already (at `now`).
        case outside
        /// Heading for an edge; `leaves` is set.
        case leaving
        /// The rate is zero within its uncertainty: it may never leave.
        case stable
    }

    public var window: Double
    public var status: Status
    /// Which edge it is heading for: +1 ahead, −1 behind, 0 when stable.
    public var direction: Int
    public var leaves: Double?
    public var earliest: Double?
    public var latest: Double?
    public var recommendedResync: Double?

    public init(fit: DriftFit, window: Double, now: Double) {
        self.window = window
        let current = fit.offset(at: now)
        let sign: Double = fit.rate > 0 ? 1 : -1
        if abs(current) >= window {
            status = .outside
            direction = current > 0 ? 1 : -1
            recommendedResync = now
            return
        }
        let slowRate = abs(fit.rate) - 2 * fit.rateUncertainty
        let fastRate = abs(fit.rate) + 2 * fit.rateUncertainty
        guard fit.rate != 0 else {
            status = .stable
            direction = 0
            earliest = Self.crossing(from: abs(current) + 2 * fit.offsetUncertainty, to: window, rate: fastRate, now: now)
            recommendedResync = Self.crossing(from: abs(current) + 2 * fit.offsetUncertainty, to: window / 2,
                                              rate: fastRate, now: now)
            return
        }
        // Distance to the edge it is heading for, measured in the direction of travel.
        let position = sign * current
        let spread = 2 * fit.offsetUncertainty
        leaves = Self.crossing(from: position, to: window, rate: abs(fit.rate), now: now)
        earliest = Self.crossing(from: position + spread, to: window, rate: fastRate, now: now)
        latest = slowRate > 0 ? Self.crossing(from: position - spread, to: window, rate: slowRate, now: now) : nil
        recommendedResync = Self.crossing(from: position + spread, to: window / 2, rate: fastRate, now: now)
        status = slowRate > 0 ? .leaving : .stable
        direction = slowRate > 0 ? Int(sign) : 0
        if status == .stable { leaves = nil }
    }

    /// When a position moving at `rate` (s/s) reaches `target`, or now if it is already there.
    private static func crossing(from position: Double, to target: Double, rate: Double, now: Double) -> Double? {
        if position >= target { return now }
        guard rate > 0 else { return nil }
        return now + (target - position) / rate
    }
}
