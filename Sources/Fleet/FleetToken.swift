import Drift
import Tokens

/// One token of a fleet: what its history since the last sync says, and when each verifier can
/// first refuse it.
///
/// Built from plain values (not history rows) so that any history store, and any page or command
/// that lists a fleet, gets the same answer; `FleetTokenTests` pins the rules.
public struct FleetToken: Sendable {
    /// One verifier's forecast for this token.
    public struct Outlook: Sendable {
        public var profile: VerifierProfile
        public var forecast: WindowForecast
    }

    /// The token's name in the history (a serial, or `secret:FINGERPRINT`).
    public var token: String
    /// The family whose methods recorded it; nil for a token only measured by hand or by unknown methods.
    public var family: TokenFamily?
    /// True when every recorded method is `manual` (a token measured by hand, which has no family).
    public var manualOnly: Bool
    /// The model its name says, when the family can tell.
    public var model: String?
    /// The last sync's time (Unix seconds), nil when none is recorded.
    public var lastSync: Double?
    /// The measurements since that sync, oldest first.
    public var measurements: [OffsetObservation]
    /// The fit over the segment after the last jump; nil when there is none (`problem` says why).
    public var fit: DriftFit?
    /// Why there is no fit.
    public var problem: DriftFit.Failure?
    /// One forecast per verifier asked, in the order asked; empty without a fit.
    public var outlooks: [Outlook]
    public var status: FleetStatus
    /// The forecast time the fleet is seen from (Unix seconds).
    public var now: Double

    /// Fits the measurements and forecasts each verifier's window from `now`; `soon` is the
    /// horizon (seconds) within which a possible refusal makes the token `resyncSoon`.
    public init(token: String, methods: Set<String>, lastSync: Double?, measurements: [OffsetObservation],
                windows: [(VerifierProfile, StepWindow)], soon: Double, now: Double) {
        self.token = token
        family = TokenFamily.recorded(methods: methods)
        manualOnly = methods == ["manual"]
        model = family?.recordedModel(token: token)
        self.lastSync = lastSync
        self.measurements = measurements
        self.now = now
        do {
            let fit = try DriftSegment(measurements).fit
            self.fit = fit
            outlooks = windows.map { profile, window in
                Outlook(profile: profile, forecast: WindowForecast(fit: fit, window: window, learnsDrift: profile.learnsDrift.followsEveryUse, now: now))
            }
            status = FleetStatus(outlooks.map { $0.forecast.urgency(horizon: soon) }.max() ?? .ok)
        } catch {
            problem = error
            outlooks = []
            status = .unmeasured
        }
    }

    /// The family's name, `manual` for a token only measured by hand, else `unknown`.
    public var familyName: String { family?.rawValue ?? (manualOnly ? "manual" : "unknown") }

    /// The earliest act-by date over the verifiers (Unix seconds); nil when none can refuse it at any rate within 2σ.
    public var actBy: Double? { outlooks.compactMap(\.forecast.actBy).min() }

    /// The most urgent status first; within a status the earliest act-by, then the name.
    public static func moreUrgent(_ left: FleetToken, _ right: FleetToken) -> Bool {
        if left.status != right.status { return left.status < right.status }
        let (leftDate, rightDate) = (left.actBy ?? .infinity, right.actBy ?? .infinity)
        return leftDate != rightDate ? leftDate < rightDate : left.token < right.token
    }
}
