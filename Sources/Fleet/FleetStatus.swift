import Drift

/// How soon someone has to act on one token of a fleet, the order a fleet list is read in.
///
/// A token with a fit takes the most urgent of its verifiers' `WindowForecast.Urgency`; a token
/// without one (fewer than two measurements since its last sync, or a jump with too few after it)
/// is `unmeasured`, which is listed last because nothing can be said about it yet.
public enum FleetStatus: String, Sendable, CaseIterable, Comparable {
    /// A code can be refused now, at the fitted offset, by at least one verifier.
    case failing
    /// The earliest end of some verifier's forecast range falls within the horizon.
    case resyncSoon = "resync-soon"
    case ok
    /// No fit, so no forecast.
    case unmeasured

    public init(_ urgency: WindowForecast.Urgency) {
        switch urgency {
        case .failing: self = .failing
        case .resyncSoon: self = .resyncSoon
        case .ok: self = .ok
        }
    }

    /// Most urgent first: the order of `allCases`.
    public static func < (left: FleetStatus, right: FleetStatus) -> Bool {
        allCases.firstIndex(of: left)! < allCases.firstIndex(of: right)!
    }
}
