/// When a drifting token can first fail at a verifier whose window is given in steps.
///
/// For a verifier that learns nothing the answer is a date: the first moment the fitted offset
/// leaves the window's always-accepted range (`StepWindow.alwaysAccepted`). For one that re-centres
/// on every accepted code it is a length of time: the longest the token may lie unused after a use
/// now before its next code can fail (`StepWindow.roomAfterUse`), which depends on where within a
/// step the offset lies, not only on whole steps.
///
/// Both are kept as seconds after `now`. The range comes from the rate ± 2σ and the offset ± 2σ of
/// the fit (about 95 %); `actBy` is the earliest end of it, the date to resync (or, for a learning
/// verifier, to sign in) by.
public struct WindowForecast: Sendable, Equatable {
    public enum Limit: String, Sendable {
        /// A date: the verifier compares the token with its own clock, so drift since the last sync counts.
        case sinceSync = "since-sync"
        /// A length of idle time: each accepted code re-centres the verifier, so only drift since the last use counts.
        case idleTime = "idle-time"
    }

    public var window: StepWindow
    public var limit: Limit
    public var now: Double
    /// Seconds from `now` until a code can first fail at the fitted offset and rate; 0 when one can
    /// already; nil when the fitted rate never takes it out.
    public var seconds: Double?
    /// The range's short end: 0 when some code may already fail; nil when no rate within 2σ takes it out.
    public var earliestSeconds: Double?
    /// The range's long end; nil when the rate may be zero (or change sign) within 2σ.
    public var latestSeconds: Double?

    /// True when a code entered now (or, for a learning verifier, after any pause) can fail at the fitted offset.
    public var failingNow: Bool { seconds == 0 }
    /// The date to act by: the earliest end of the range.
    public var actBy: Double? { earliestSeconds.map { now + $0 } }

    public init(fit: DriftFit, window: StepWindow, learnsDrift: Bool, now: Double) {
        self.window = window
        self.now = now
        limit = learnsDrift ? .idleTime : .sinceSync
        let offset = fit.offset(at: now)
        let offsetSpread = 2 * fit.offsetUncertainty(at: now)
        let rates = [fit.rate - 2 * fit.rateUncertainty, fit.rate + 2 * fit.rateUncertainty]
        let rateMayVanish = rates[0] <= 0 && rates[1] >= 0
        // Each answer is monotonic in position and in |rate| on either side of zero, so the corners
        // of the offset × rate box bound the range.
        let corners: [(position: Double, low: Double, high: Double)]
        if learnsDrift {
            let room = window.roomAfterUse(at: offset)
            seconds = Self.exit(position: 0, rate: fit.rate, low: -room.down, high: room.up)
            let (downs, ups) = Self.roomRange(window, offset - offsetSpread, offset + offsetSpread)
            corners = downs.flatMap { down in ups.map { up in (0.0, -down, up) } }
        } else {
            let accepted = window.alwaysAccepted
            seconds = Self.exit(position: offset, rate: fit.rate, low: accepted.lowerBound, high: accepted.upperBound)
            corners = [offset - offsetSpread, offset + offsetSpread].map { ($0, accepted.lowerBound, accepted.upperBound) }
        }
        let times = corners.flatMap { corner in
            rates.map { Self.exit(position: corner.position, rate: $0, low: corner.low, high: corner.high) }
        }
        earliestSeconds = times.compactMap { $0 }.min()
        latestSeconds = rateMayVanish || times.contains(nil) ? nil : times.compactMap { $0 }.max()
    }

    /// Seconds until `position`, moving at `rate`, leaves `low...high`: 0 when outside, nil at rate 0.
    static func exit(position: Double, rate: Double, low: Double, high: Double) -> Double? {
        if position > high || position < low { return 0 }
        if rate > 0 { return (high - position) / rate }
        if rate < 0 { return (low - position) / rate }
        return nil
    }

    /// The smallest and largest room down and up after a use at an offset within `low...high`.
    /// When that range holds a step boundary the phase takes every value, so the room spans a whole step.
    static func roomRange(_ window: StepWindow, _ low: Double, _ high: Double) -> (downs: [Double], ups: [Double]) {
        if window.containsBoundary(low, high) {
            let period = window.period
            return ([Double(window.behind) * period - period, Double(window.behind) * period],
                    [Double(window.ahead) * period - period, Double(window.ahead) * period])
        }
        let first = window.roomAfterUse(at: low), second = window.roomAfterUse(at: high)
        return ([first.down, second.down], [first.up, second.up])
    }
}

extension WindowForecast {
    /// How soon someone has to act, the way a fleet report sorts and a monitor alerts.
    public enum Urgency: String, Sendable, Comparable {
        case ok
        /// The range's earliest end falls within the horizon.
        case resyncSoon = "resync-soon"
        /// A code can be refused already, at the fitted offset.
        case failing

        private var rank: Int { self == .ok ? 0 : self == .resyncSoon ? 1 : 2 }
        public static func < (left: Urgency, right: Urgency) -> Bool { left.rank < right.rank }
    }

    /// `failing` when a code can be refused now, `resyncSoon` when it can within `horizon` seconds
    /// (at the range's earliest end), else `ok`.
    public func urgency(horizon: Double) -> Urgency {
        if failingNow { return .failing }
        if let earliestSeconds, earliestSeconds <= horizon { return .resyncSoon }
        return .ok
    }
}
