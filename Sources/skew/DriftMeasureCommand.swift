import ArgumentParser
import Drift
import Foundation
import History
import OTPCore
import Reports
import TimeSources
import Tokens

struct DriftMeasureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure",
        abstract: "Measure a clock's offset now and record it in the history.",
        discussion: """
            By default it measures the token on the reader: it polls GET INFO and times the moment the token's \
            second ticks over, bracketed by host timestamps, which gives the offset to a fraction of a \
            millisecond over a local reader, in two to three seconds. A Protectimus SLIM NFC is measured from \
            its code instead: the moment the code changes (read over NFC, located with the secret) gives the \
            offset to a few milliseconds, within one step. \
            --manual works with any token or app that shows codes: type the code on the display, then press \
            Enter the moment it changes. The precision is a person's reaction time (about ±0.25 s), and the \
            result says so.

            Examples:
              skew drift measure --ntp pool.ntp.org
              skew drift measure --family protectimus -s slim.b32
              skew drift measure --manual -s phone-app.b32
            """)

    @Flag(help: "Measure by watching the display (any TOTP token or app; needs the secret).")
    var manual = false

    @OptionGroup var readerOptions: ReaderOptions

    @Option(help: "Second ticks to time after the first (more average out scheduling noise; each costs a second).")
    var edges = 2

    @OptionGroup var tokenOptions: TokenMeasureOptions

    @OptionGroup var secret: SecretOptions

    @Option(help: "How far to search for the code each side of now: steps (3000), or a duration (1d) in steps of --period.")
    var range = "3000"

    @Option(help: "NTP server (HOST[:PORT]) to measure the host clock against; the offset is then also given against true time.")
    var ntp: String?

    @Flag(help: "Do not record the measurement in the history.")
    var noRecord = false

    @OptionGroup var historyOptions: HistoryOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (0...10).contains(edges) else { throw ValidationError("--edges \(edges): give 0 to 10") }
    }

    func run() throws {
        // Open the history first: a database that cannot be written should stop us before measuring.
        let store = noRecord ? nil : try historyOptions.open()
        let hostOffset = try ntp.map { server in try SNTPClient(server: server).measure() }
        let measurement = manual ? try measureByHand() : try measureToken()
        let reference = hostOffset.map { "ntp:\($0.server)" } ?? "host"
        try store?.record(HistoryEvent(token: measurement.token, kind: .measurement, time: measurement.observation.time,
                                       offset: measurement.observation.offset,
                                       uncertainty: measurement.observation.uncertainty, reference: reference,
                                       hostOffset: hostOffset?.offset, method: measurement.method))
        try output.emit(OffsetReport(token: measurement.token, method: measurement.method, observation: measurement.observation,
                                     ntp: hostOffset, reference: reference, measuringSeconds: measurement.seconds, notes: measurement.notes))
    }

    /// What any way of measuring yields.
    struct Measured {
        var token: String
        var method: String
        var observation: OffsetObservation
        var seconds: Double?
        var notes: [String]
    }

    private func measureByHand() throws -> Measured {
        let (secret, parameters, _) = try secret.resolve()
        let result = try ManualMeasurement(secret: secret, parameters: parameters,
                                           range: try RangeText.steps(range, period: parameters.period)).run()
        return Measured(token: "secret:\(secret.fingerprint)", method: "manual", observation: result.observation,
                        seconds: nil, notes: result.notes)
    }

    private func measureToken() throws -> Measured {
        let connection = try readerOptions.connect()
        defer { connection.close() }
        let token = try connection.detect(family: tokenOptions.familyOption.chosen)
        let steps = try RangeText.steps(range) { try TokenAccount(secret).parameters.period }
        let measured = try token.measureOffset(OffsetRequest(fineEdges: edges, account: { try TokenAccount(secret) }, range: steps,
                                                             pollInterval: tokenOptions.pollMs / 1000))
        return Measured(token: measured.token, method: measured.method, observation: measured.observation, seconds: measured.seconds,
                        notes: measured.notes)
    }
}

/// The conversation of a manual measurement: read the code, then time the change.
struct ManualMeasurement {
    let secret: Secret
    let parameters: OTPParameters
    let range: Int64

    struct Result {
        var observation: OffsetObservation
        var notes: [String]
    }

    func run() throws -> Result {
        let search = CodeSearch(secret: secret, parameters: parameters)
        Console.info("Type the code the display shows now, then press Enter:")
        let (typed, typedAt) = try readLine(prompt: "code")
        let located = try Locator.locate(codes: [typed], search: search, time: typedAt, range: range)
        guard let match = located.matches.first else {
            throw CLIFailure(message: "the code \(typed) is not within ±\(range) steps of now for this secret and parameters. Fix: check the secret, --algorithm/--digits/--period, or widen --range; `skew diagnose` looks for other explanations.",
                             exitCode: .negative)
        }
        guard located.matches.count == 1 else {
            throw CLIFailure(message: "the code \(typed) matches \(located.matches.count) steps within ±\(range); narrow --range so the match is unique.",
                             exitCode: .negative)
        }
        Console.info("Found: the display is \(match.offsetSteps) step(s) from the host clock. Now watch it: press Enter the moment the code changes.")
        let (_, pressedAt) = try readLine(prompt: "Enter")
        Console.info("Type the new code, then press Enter:")
        let (next, _) = try readLine(prompt: "new code")
        let newStep = match.counter + 1
        guard let expected = TOTP(secret: secret, parameters: parameters).code(counter: newStep),
              (try? Locator.parseCode(next, digits: parameters.digits)) == UInt64(expected) else {
            throw CLIFailure(message: "the new code is not the one after \(typed): the change was missed or the press came more than one step late. Fix: run the measurement again and press Enter as the code changes.",
                             exitCode: .negative)
        }
        let observation = HumanReaction.observation(stepStart: Double(parameters.startOfStep(newStep)), pressed: pressedAt)
        return Result(observation: observation, notes: [
            "Measured by a person pressing Enter: the offset is good to about ±\(formatSeconds(HumanReaction.sigma)) s (reaction time), not better.",
        ])
    }

    /// A line from standard input and the host time it arrived.
    private func readLine(prompt: String) throws -> (String, Double) {
        guard let line = Swift.readLine() else {
            throw CLIFailure(message: "standard input ended while waiting for the \(prompt). Fix: run skew drift --manual in a terminal.",
                             exitCode: .badInput)
        }
        return (line.trimmingCharacters(in: .whitespaces), HostClock.now())
    }
}
