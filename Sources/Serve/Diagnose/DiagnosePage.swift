import Diagnose
import Foundation
import OTPCore
import Reports

/// The diagnose page: the codes a person saw, what the verifier expects, and the ranked explanations
/// with their plain words, fixes and the next observation, exactly as `skew diagnose` reports them.
enum DiagnosePage {
    static let page = ServePage(path: "/diagnose", title: "Diagnose", bodyAsset: "diagnose.html", scriptAsset: "diagnose.js") { router, _ in
        router.postJSON("/api/diagnose/run") { (request: DiagnoseRequest) in try request.run() }
    }
}

/// The diagnose page's form. The seed's settings are what the verifier expects; each code has its
/// own time, or, when at most one time is given for several codes, they were read one after another
/// (as `skew diagnose` with one `--at`).
public struct DiagnoseRequest: Decodable, Sendable {
    public struct SeenCode: Decodable, Sendable {
        public var code: String
        /// Unix seconds or ISO 8601; empty or nil is the moment of the request.
        public var at: String?
    }

    public var seed: SeedInput
    public var codes: [SeenCode]
    /// Clock offsets searched each way, in seconds (`skew diagnose --range`; default one day).
    public var rangeSeconds: Double?
    /// The token owner's zone, minutes east of UTC (the page sends the browser's).
    public var zoneOffsetMinutes: Int?
    public var factorySpanDays: Double?
    public var secretVariants: Bool?

    func run(now: Double = Date().timeIntervalSince1970) throws -> DiagnoseReport {
        guard (1...3).contains(codes.count) else {
            throw InputError(input: "codes", problem: codes.isEmpty ? "no code was given" : "\(codes.count) codes were given",
                             fix: "give one to three codes you saw")
        }
        let times = try codes.enumerated().map { index, seen throws(InputError) -> Double? in
            guard let text = seen.at?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return try Timestamp.parse(text, input: "time of code #\(index + 1)")
        }
        let given = times.compactMap { $0 }
        let consecutive = codes.count > 1 && given.count <= 1
        if !consecutive, given.count != codes.count, given.count > 0 {
            throw InputError(input: "times", problem: "\(given.count) times for \(codes.count) codes",
                             fix: "give a time for every code, or only for the first of codes read one after another")
        }
        let observations = try codes.enumerated().map { index, seen throws(InputError) in
            try Observation(code: seen.code.trimmingCharacters(in: .whitespaces),
                            time: consecutive ? given.first ?? now : times[index] ?? now, input: "code #\(index + 1)")
        }
        let (text, encoding, expected) = try secretText()
        var space = HypothesisSpace(expected: expected)
        space.range = rangeSeconds ?? 86_400
        guard space.range > 0, space.range <= 366 * 86_400 else {
            throw InputError(input: "range", problem: "\(space.range) s is outside 1 s…366 days", fix: "search up to a year each way, such as one day")
        }
        space.localOffset = Int64(zoneOffsetMinutes ?? 0) * 60
        let span = factorySpanDays ?? 30
        guard (0.0...3650).contains(span) else {
            throw InputError(input: "factory span", problem: "\(span) days is outside 0…3650", fix: "give how many days back a clock reset may have happened, such as 30")
        }
        space.factorySpan = span * 86_400
        space.secretVariants = secretVariants ?? true
        let started = ContinuousClock.now
        let diagnosis = try Diagnoser.diagnose(secretText: text, encoding: encoding, observations: observations,
                                               timing: consecutive ? .consecutive : .timed, space: space)
        let elapsed = ContinuousClock.now - started
        let decoded = try? SecretText.parse(text, encoding: encoding).secret
        if decoded == nil && diagnosis.best == nil {
            _ = try SecretText.parse(text, encoding: encoding, input: "seed")  // says why the seed does not decode
        }
        return DiagnoseReport(diagnosis: diagnosis.inPageWords, secret: decoded,
                              elapsed: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// The secret as typed (the diagnosis tries typo corrections of it), and the expected
    /// parameters. An otpauth URI's secret is re-encoded as base32, as `skew diagnose` does.
    private func secretText() throws(InputError) -> (String, SecretText.Encoding, OTPParameters) {
        let trimmed = seed.seed.trimmingCharacters(in: .whitespacesAndNewlines)
        if OTPAuthURI.isURI(trimmed) {
            let (secret, parameters, _) = try seed.resolve()
            return (Base32.encode(secret.bytes), .base32, parameters)
        }
        return (trimmed, seed.textEncoding, try seed.parameters(uri: nil))
    }
}
