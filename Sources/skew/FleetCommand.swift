import ArgumentParser
import Drift
import Fleet
import History
import OTPCore
import Reports
import Serve
import TimeSources

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
        let fleet = try FleetRead.list(store: store, serials: serial, windows: windows, soon: soonSeconds, within: withinSeconds, now: now)
        try output.emit(FleetReport(database: store.location, now: now, soonSeconds: soonSeconds, withinSeconds: withinSeconds,
                                    profiles: windows.map(\.0), fleet: fleet))
        switch fleet.worstStatus {
        case .failing: throw QuietExit(exitCode: .negative)
        case .resyncSoon: throw QuietExit(exitCode: .attention)
        case .ok, .unmeasured, nil: return
        }
    }
}
