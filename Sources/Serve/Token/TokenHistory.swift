import Drift
import Foundation
import History
import Reports

/// The token page's history panel: every recorded event of the token, and the drift fit since the
/// last sync with its forecast against a ±`forecastWindowSeconds` verifier window, as `skew drift
/// forecast TOKEN --window 30 -f json` reports it, from the history the server was started with
/// (`ServeSettings.history`); a token without enough measurements gets the reason instead of a fit.
struct TokenHistory: Encodable {
    struct Event: Encodable, Sendable {
        var id: Int64?
        var kind: String
        var time: ReportTime
        var offsetSeconds: Double
        var uncertaintySeconds: Double
        var method: String
        var excluded: Bool
    }

    /// One 30-second step each side: the window most verifiers use.
    static let forecastWindowSeconds = 30.0

    var token: String
    var path: String
    var events: [Event] = []
    var drift: DriftReport?
    /// Why there is no fit (no history yet, too few measurements since the last sync).
    var driftUnavailable: String?

    init(token: String, history: HistoryLocation, now: Double = Date().timeIntervalSince1970) {
        self.token = token
        self.path = history.description
        guard history.exists else {
            driftUnavailable = "no history at \(path) yet: the measurements and syncs recorded for this token appear here"
            return
        }
        do {
            let store = try history.openForReading()
            events = try store.events(token: token).map {
                Event(id: $0.id, kind: $0.kind.rawValue, time: ReportTime($0.time), offsetSeconds: $0.offset,
                      uncertaintySeconds: $0.uncertainty, method: $0.method, excluded: $0.excludedReason != nil)
            }
            let split = try store.sinceLastSync(token: token)
            let observations = split.measurements.map { OffsetObservation(time: $0.time, offset: $0.offset, uncertainty: $0.uncertainty) }
            let segment = try DriftSegment(observations)
            drift = DriftReport(token: token, lastSync: split.sync, segment: segment, excluded: split.excluded,
                                forecast: Forecast(fit: segment.fit, window: Self.forecastWindowSeconds, now: now), now: now)
        } catch {
            driftUnavailable = String(describing: error)
        }
    }
}
