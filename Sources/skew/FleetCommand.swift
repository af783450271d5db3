import ArgumentParser
import Drift
import History
import OTPCore
import Reports
import TimeSources
import TokenProtocol
import Tokens

struct FleetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Every token in the history: its drift, and when each verifier can first refuse it.",
        discussion: """
            Each token is fitted over its measurements since its last sync and forecast against each --verifier \
            (default oathtool-w1: ±1 step, no drift learning). Status: failing (a code can be refused now), \
            resync-soon (within --soon), ok, or unmeasured (fewer than two measurements since the last sync). \
            Most urgent first. Exit 1 when any token is failing, 2 when any is resync-soon and none failing, else 0.

            Examples:
              skew fleet
              skew fleet --verifier entra --within 90d -f csv -o resync.csv
            """)

    @OptionGroup var verifierOptions: VerifierOptions

    @Option(help: "The tokens' step length in seconds.")
    var period = 30

    @Option(help: "List only tokens a verifier can refuse within this time (such as 90d).")
    var within: String?

    @Option(help: "A token is resync-soon when a verifier can refuse it within this time.")
    var soon = "30d"

    @Option(help: "Only this token (serial, or secret:FINGERPRINT); repeat for several.")
    var serial: [String] = []

    @Option(parsing: .unconditional, help: "Forecast from this time (default now): Unix seconds or ISO 8601.")
    var at: String?

    @OptionGroup var historyOptions: HistoryOptions
    @OptionGroup var output: OutputOptions

    /// Used when no --verifier is given: the most common window, and the strictest common one.
    static let defaultVerifier = "oathtool-w1"

    func run() throws {
        let soonSeconds = try DurationText.seconds(soon, input: "--soon")
        let withinSeconds = try within.map { text throws(UsageError) in try DurationText.seconds(text, input: "--within") }
        let windows = try VerifierOptions.windows(try verifierOptions.profiles(defaults: [Self.defaultVerifier]), period: period)
        let now = try at.map { text throws(InputError) in try Timestamp.parse(text, input: "--at") } ?? HostClock.now()
        let store = try historyOptions.openForReading()
        for token in serial { try store.requireToken(token) }
        // A few tokens are read one by one; the whole fleet in one pass.
        let histories = serial.isEmpty ? try store.sinceLastSyncOfEveryToken() : try Set(serial).sorted().map { token in
            try store.sinceLastSync(token: token)
        }
        var rows: [FleetReport.Row] = []
        for history in histories {
            let row = Self.row(token: history.token, sync: history.sync, measurements: history.measurements, windows: windows, soon: soonSeconds, now: now)
            if let withinSeconds {
                guard let actBy = row.actBy, actBy.unix <= now + withinSeconds else { continue }
            }
            rows.append(row)
        }
        rows.sort(by: Self.moreUrgent)
        let report = FleetReport(database: store.location, now: now, soonSeconds: soonSeconds, withinSeconds: withinSeconds,
                                 profiles: windows.map(\.0), rows: rows)
        try output.emit(report)
        if report.counts["failing", default: 0] > 0 { throw QuietExit(exitCode: .negative) }
        if report.counts["resync-soon", default: 0] > 0 { throw QuietExit(exitCode: .attention) }
    }

    static func row(token: String, sync: HistoryEvent?, measurements: [HistoryEvent], windows: [(VerifierProfile, StepWindow)],
                    soon: Double, now: Double) -> FleetReport.Row {
        let (family, model) = describe(token: token, methods: Set(measurements.map(\.method) + [sync?.method].compactMap { $0 }))
        let observations = measurements.map { OffsetObservation(time: $0.time, offset: $0.offset, uncertainty: $0.uncertainty) }
        let fit: DriftFit
        do {
            fit = try DriftSegment(observations).fit
        } catch {
            return FleetReport.Row(token: token, family: family, model: model, sync: sync, measurements: measurements, fit: nil,
                                   problem: error.description, verifiers: [], urgency: nil, now: now)
        }
        let forecasts = windows.map { profile, window in
            (profile, WindowForecast(fit: fit, window: window, learnsDrift: profile.learnsDrift.followsEveryUse, now: now))
        }
        let urgency = forecasts.map { $0.1.urgency(horizon: soon) }.max() ?? .ok
        return FleetReport.Row(token: token, family: family, model: model, sync: sync, measurements: measurements, fit: fit, problem: nil,
                               verifiers: forecasts.map { VerifierOutlook(profile: $0.0, forecast: $0.1, describingProfile: false) }, urgency: urgency, now: now)
    }

    /// The family the history's methods say (the Tokens layer knows which family records which),
    /// `manual` for a token only measured by hand, with the model its serial names.
    static func describe(token: String, methods: Set<String>) -> (family: String, model: String?) {
        guard let family = TokenFamily.recorded(methods: methods) else { return (methods == ["manual"] ? "manual" : "unknown", nil) }
        return (family.rawValue, family.recordedModel(token: token))
    }

    /// Failing first, then resync-soon, ok and unmeasured; within a status the earliest act-by first.
    static func moreUrgent(_ left: FleetReport.Row, _ right: FleetReport.Row) -> Bool {
        let order = ["failing", "resync-soon", "ok", "unmeasured"]
        let (leftRank, rightRank) = (order.firstIndex(of: left.status) ?? 4, order.firstIndex(of: right.status) ?? 4)
        if leftRank != rightRank { return leftRank < rightRank }
        let (leftDate, rightDate) = (left.actBy?.unix ?? .infinity, right.actBy?.unix ?? .infinity)
        return leftDate != rightDate ? leftDate < rightDate : left.token < right.token
    }
}
