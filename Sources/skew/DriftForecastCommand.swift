import ArgumentParser
import Drift
import Foundation
import OTPCore
import Reports
import TimeSources

struct DriftForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Fit the drift since the token's last sync and forecast when it leaves a verifier's window.",
        discussion: """
            With --verifier, the forecast follows that verifier's profile: for one that learns nothing, the date a \
            code can first be refused; for one that re-centres on every accepted code (entra, privacyidea), the \
            longest the token may lie unused after a sign-in now. Exit 1 when a code can already be refused.

            Examples:
              skew drift forecast 86596220000001 --window-steps 1
              skew drift forecast 86596220000001 --verifier entra --verifier okta -f json
            """)

    @Argument(help: "Token serial, or secret:FINGERPRINT.")
    var token: String

    @Option(help: "The verifier's window as ±SECONDS of clock offset (e.g. 30 or ±90).")
    var window: String?

    @Option(help: "The verifier's window in steps each side (use with --period).")
    var windowSteps: Int?

    @Option(help: "The token's step length in seconds (for --window-steps and --verifier).")
    var period = 30

    @OptionGroup var verifierOptions: VerifierOptions

    @Option(parsing: .unconditional, help: "Fit only measurements from this time on: Unix seconds or ISO 8601 (also across a jump).")
    var since: String?

    @Option(parsing: .unconditional, help: "Forecast from this time (default now): Unix seconds or ISO 8601.")
    var at: String?

    @OptionGroup var historyOptions: HistoryOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let windowSeconds = try resolveWindow()
        let windows = try VerifierOptions.windows(try verifierOptions.profiles(), period: period)
        let now = try at.map { text throws(InputError) in try Timestamp.parse(text, input: "--at") } ?? HostClock.now()
        let store = try historyOptions.openForReading()
        try store.requireToken(token)
        let start = try since.map { text throws(InputError) in try Timestamp.parse(text, input: "--since") }
        let split = try store.sinceLastSync(token: token)
        let observations = split.measurements.filter { $0.time >= start ?? -.infinity }
            .map { OffsetObservation(time: $0.time, offset: $0.offset, uncertainty: $0.uncertainty) }
        let segment: DriftSegment
        do {
            // With --since the person chose the start: the fit spans any jump after it, flagged.
            segment = start == nil ? try DriftSegment(observations) : DriftSegment(spanning: try DriftFit(observations))
        } catch let failure {
            throw CLIFailure(message: "\(token): \(failure.message)", exitCode: failure.exitCode)
        }
        let fit = segment.fit
        let forecast = windowSeconds.map { Forecast(fit: fit, window: $0, now: now) }
        let outlooks = windows.map { profile, window in
            VerifierOutlook(profile: profile,
                            forecast: WindowForecast(fit: fit, window: window, learnsDrift: profile.learnsDrift.followsEveryUse, now: now))
        }
        try output.emit(DriftReport(token: token, lastSync: split.sync, since: start, segment: segment, excluded: split.excluded, forecast: forecast,
                                    verifiers: outlooks, now: now))
        if forecast?.status == .outside || outlooks.contains(where: \.failingNow) { throw QuietExit(exitCode: .negative) }
    }

    /// A year each side: far beyond any verifier, and small enough for every date the forecast computes.
    private static let longestWindow = 31_536_000.0

    private func resolveWindow() throws -> Double? {
        if let window {
            guard windowSteps == nil else {
                throw UsageError(input: "--window", problem: "both --window and --window-steps were given", fix: "give one of them")
            }
            let trimmed = window.hasPrefix("±") ? String(window.dropFirst()) : window.hasPrefix("+-") ? String(window.dropFirst(2)) : window
            guard let seconds = Double(trimmed), seconds > 0, seconds <= Self.longestWindow else {
                throw UsageError(input: "--window", problem: "'\(window)' is not a number of seconds above 0 and up to a year (31536000)",
                                 fix: "give the window as seconds each side, such as 30 or ±90")
            }
            return seconds
        }
        if let windowSteps {
            guard (1...1_000_000).contains(windowSteps), (1...86_400).contains(period),
                  Double(windowSteps) * Double(period) <= Self.longestWindow else {
                throw UsageError(input: "--window-steps", problem: "the window must be 1 to 1000000 steps of 1 to 86400 s, a year at most",
                                 fix: "for a verifier that accepts ±1 step of 30 s, give --window-steps 1 --period 30")
            }
            // A clock off by less than N·period always lands within N steps; a little more works only sometimes.
            return Double(windowSteps * period)
        }
        return nil
    }
}
