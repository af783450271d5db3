import Drift

/// One verifier's forecast for one token, as reports write it (drift forecast and fleet).
public struct VerifierOutlook: Encodable, Sendable {
    public var verifier: String
    /// The profile's name and source; left out of each token's row in a fleet report, which lists them once.
    public var name: String?
    public var periodSeconds: Int
    public var behindSteps: Int
    public var aheadSteps: Int
    public var learnsDrift: String
    /// `since-sync` (a date) or `idle-time` (how long it may lie unused after a use now).
    public var limit: String
    public var failingNow: Bool
    /// Seconds from now until a code can first be refused, with the range; nil: not at any rate within 2σ.
    public var firstFailureSeconds: Double?
    public var earliestSeconds: Double?
    public var latestSeconds: Double?
    /// The same as dates (for `idle-time`: if the token is used now and then left unused).
    public var firstFailure: ReportTime?
    public var earliest: ReportTime?
    public var latest: ReportTime?
    public var actBy: ReportTime?
    public var source: String?

    public init(profile: VerifierProfile, forecast: WindowForecast, describingProfile: Bool = true) {
        verifier = profile.id
        name = describingProfile ? profile.name : nil
        periodSeconds = Int(forecast.window.period)
        behindSteps = forecast.window.behind
        aheadSteps = forecast.window.ahead
        learnsDrift = profile.learnsDrift.rawValue
        limit = forecast.limit.rawValue
        failingNow = forecast.failingNow
        firstFailureSeconds = forecast.seconds
        earliestSeconds = forecast.earliestSeconds
        latestSeconds = forecast.latestSeconds
        firstFailure = forecast.seconds.map { ReportTime(forecast.now + $0) }
        earliest = forecast.earliestSeconds.map { ReportTime(forecast.now + $0) }
        latest = forecast.latestSeconds.map { ReportTime(forecast.now + $0) }
        actBy = forecast.actBy.map(ReportTime.init)
        source = describingProfile ? Self.source(profile) : nil
    }

    /// "document: REFERENCE (DATE)".
    public static func source(_ profile: VerifierProfile) -> String {
        "\(profile.source.kind.rawValue): \(profile.source.reference) (\(profile.source.date))"
    }

    /// "−2..+2 steps of 30 s".
    public var windowText: String { "−\(behindSteps)..+\(aheadSteps) steps of \(periodSeconds) s" }

    /// The limit in a few words, for a table cell: a date, or the longest idle time.
    public var limitText: String {
        if failingNow { return "failing now" }
        guard let seconds = firstFailureSeconds else { return earliestSeconds.map { "none at this rate (worst case \(Self.days($0)))" } ?? "none" }
        if limit == WindowForecast.Limit.idleTime.rawValue { return "idle ≤ \(Self.days(seconds))" }
        return firstFailure?.utc ?? ""
    }

    /// One sentence that says what the JSON fields say.
    public var sentence: String {
        let head = "\(verifier) (\(windowText), \(limit == WindowForecast.Limit.idleTime.rawValue ? "re-centres on every accepted code" : "learns no drift"))"
        if failingNow {
            return "\(head): a code can be refused now. Resync the token now."
        }
        let range = "between \(earliestSeconds.map(Self.days) ?? "?") and \(latestSeconds.map(Self.days) ?? "no limit")"
        let act = actBy.map { " Act by \($0.utc)." } ?? ""
        if limit == WindowForecast.Limit.idleTime.rawValue {
            guard let seconds = firstFailureSeconds else { return "\(head): at the fitted rate it may lie unused indefinitely (\(range)).\(act)" }
            return "\(head): after a sign-in now it may lie unused for at most \(Self.days(seconds)) (\(range)): sign in or resync before that.\(act)"
        }
        guard let firstFailure else { return "\(head): at the fitted rate it never leaves the window (\(range) from now).\(act)" }
        return "\(head): a code can first be refused at \(firstFailure.utc) (\(range) from now).\(act)"
    }

    /// "40.5 d" (or hours below two days).
    static func days(_ seconds: Double) -> String {
        seconds < 2 * 86_400 ? "\(String(seconds / 3600, decimals: 1)) h" : "\(String(seconds / 86_400, decimals: 1)) d"
    }
}
