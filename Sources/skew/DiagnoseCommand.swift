import ArgumentParser
import Diagnose
import Foundation
import OTPCore
import Reports

struct DiagnoseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        abstract: "Explain why codes are rejected: clock offsets, time zones, factory dates, algorithm, digits, period, T0, HOTP, secret typos. Exit 0 when something explains them, 1 when nothing does.",
        discussion: """
            Examples:
              skew diagnose -s alice.txt --code 492039
              skew diagnose -s alice.txt --code 492039 --at 2026-01-05T08:30:00Z \\
                --code 118214 --at 2026-01-05T08:31:10Z
              skew diagnose -s alice.txt --code 492039 --tz=-05:00 -o why.html
            """)

    @OptionGroup var secret: SecretOptions

    @Option(name: .customLong("code"), help: "A code you saw (one to three). Several codes without one --at each are consecutive codes.")
    var codes: [String] = []

    @Option(name: .customLong("at"), parsing: .unconditionalSingleValue, help: "When the code was seen: Unix seconds or ISO 8601 (default now). One per code, or one for consecutive codes.")
    var times: [String] = []

    @Option(help: "Algorithm the verifier expects (default: the secret's).")
    var expectAlgorithm: String?

    @Option(help: "Digits the verifier expects (default: the secret's).")
    var expectDigits: Int?

    @Option(help: "Period in seconds the verifier expects (default: the secret's).")
    var expectPeriod: Int?

    @Option(help: "Clock offsets searched each way: steps of the expected period (120), or a duration with s, m, h or d (1d).")
    var range = "1d"

    @Option(parsing: .unconditional, help: "The token owner's time zone, as +01:00, UTC-5 or a zone name (default: this host's zone).")
    var tz: String?

    @Option(help: "Days back that a reset to a factory date (1970-01-01, 2000-01-01) is searched.")
    var factorySpan = 30.0

    @Flag(help: "Do not try typo variants of the secret.")
    var noSecretVariants = false

    @Flag(help: "Also search hypotheses too unlikely to ever be named (slower; the same explanations and probabilities for one code).")
    var exhaustive = false

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let observations = try observedCodes()
        let (text, encoding, _, parameters) = try secret.resolveText()
        var expected = parameters
        if let expectAlgorithm {
            expected.algorithm = try hashAlgorithm(named: expectAlgorithm, option: "--expect-algorithm")
        }
        if let expectDigits { expected.digits = expectDigits }
        if let expectPeriod { expected.period = expectPeriod }
        expected = try expected.validated()
        guard (0.0...3650).contains(factorySpan) else {
            throw UsageError(input: "--factory-span", problem: "\(factorySpan) days is outside 0…3650",
                             fix: "give how many days back a clock reset may have happened, such as 30")
        }
        var space = HypothesisSpace(expected: expected)
        space.range = try RangeText.seconds(range, period: expected.period)
        guard space.range <= 366 * 86_400 else {
            throw UsageError(input: "--range", problem: "'\(range)' is more than 366 days",
                             fix: "give steps (120) or a duration up to 366d, such as 1d")
        }
        space.localOffset = try zoneOffset(at: observations[0].time)
        space.factorySpan = factorySpan * 86_400
        space.secretVariants = !noSecretVariants
        space.exhaustive = exhaustive
        let timing: ObservationTiming = observations.count > 1 && times.count <= 1 ? .consecutive : .timed
        let clock = ContinuousClock()
        let started = clock.now
        let diagnosis = try Diagnoser.diagnose(secretText: text, encoding: encoding, observations: observations,
                                               timing: timing, space: space,
                                               threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let given: Secret?
        do {
            given = try SecretText.parse(text, encoding: encoding).secret
        } catch {
            // A secret that does not decode is worth a diagnosis only when a correction of it explains the codes.
            guard diagnosis.best != nil else { throw error }
            given = nil
        }
        if let warning = given?.strengthWarning { Console.warning(warning) }
        try output.emit(DiagnoseReport(diagnosis: diagnosis.inCommandLineWords, secret: given, elapsed: seconds))
        if diagnosis.best == nil { throw QuietExit(exitCode: .negative) }
    }

    private func observedCodes() throws -> [Observation] {
        guard (1...3).contains(codes.count) else {
            throw UsageError(input: "--code", problem: codes.isEmpty ? "no code was given" : "\(codes.count) codes were given",
                             fix: "give one to three codes you saw, each with --code")
        }
        guard times.count <= 1 || times.count == codes.count else {
            throw UsageError(input: "--at", problem: "\(times.count) times for \(codes.count) codes",
                             fix: "give one --at per --code, or a single --at for codes read one after another")
        }
        let now = Date().timeIntervalSince1970
        return try codes.enumerated().map { index, code throws(InputError) in
            let time = times.isEmpty ? now : try Timestamp.parse(times[times.count == 1 ? 0 : index],
                                                                 input: times.count > 1 ? "--at #\(index + 1)" : "--at")
            return try Observation(code: code, time: time, input: codes.count > 1 ? "--code #\(index + 1)" : "--code")
        }
    }

    /// The zone offset (seconds east of UTC) of --tz or this host at `time`.
    private func zoneOffset(at time: Double) throws(UsageError) -> Int64 {
        let date = Date(timeIntervalSince1970: time)
        guard let tz else { return Int64(TimeZone.current.secondsFromGMT(for: date)) }
        if let zone = TimeZone(identifier: tz) { return Int64(zone.secondsFromGMT(for: date)) }
        var text = Substring(tz.uppercased())
        if text.hasPrefix("UTC") || text.hasPrefix("GMT") { text = text.dropFirst(3) }
        guard let sign = text.first, sign == "+" || sign == "-" else {
            throw UsageError(input: "--tz", problem: "'\(tz)' is not a time zone",
                             fix: "give an offset such as +01:00 or UTC-5, or a zone name such as Europe/Berlin")
        }
        let parts = text.dropFirst().split(separator: ":")
        guard (1...2).contains(parts.count), let hours = Int(parts[0]), hours <= 14,
              let minutes = parts.count == 2 ? Int(parts[1]) : 0, (0..<60).contains(minutes) else {
            throw UsageError(input: "--tz", problem: "'\(tz)' is not an offset from UTC",
                             fix: "give hours and minutes such as +05:30 (at most ±14:00)")
        }
        return (sign == "-" ? -1 : 1) * Int64(hours * 3600 + minutes * 60)
    }
}
