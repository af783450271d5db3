import ArgumentParser
import Foundation
import OTPCore
import Reports

struct LocateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "locate",
        abstract: "Find which step(s) within ±R produce observed code(s). Exit 0 when found, 1 when not.",
        discussion: """
            Examples:
              skew locate -s alice.txt --code 492039
              skew locate -s alice.txt --code 492039 --code 118214 --range 1000000
            """)

    @OptionGroup var secret: SecretOptions

    @Option(name: .customLong("code"), help: "An observed code; repeat for consecutive codes (one per step).")
    var codes: [String] = []

    @Option(help: "Search radius around the time the code was seen: steps (100), or a duration with s, m, h or d (1d).")
    var range = "100"

    @Option(parsing: .unconditional, help: "When the (first) code was seen: Unix seconds or ISO 8601 (default now).")
    var at: String?

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?

    @OptionGroup var output: OutputOptions

    func run() throws {
        guard !codes.isEmpty else {
            throw UsageError(input: "--code", problem: "no code was given", fix: "pass the code you saw with --code 123456")
        }
        let (secret, parameters, _) = try secret.resolve()
        let range = try RangeText.steps(self.range, period: parameters.period)
        guard range <= 1_000_000_000 else {
            throw UsageError(input: "--range", problem: "\(range) steps is outside 0…1000000000",
                             fix: "give a search radius in steps, such as 100 or 1000000")
        }
        let time = try at.map { text throws(InputError) in try Timestamp.parse(text, input: "--at") } ?? Date().timeIntervalSince1970
        let clock = ContinuousClock()
        let started = clock.now
        let result = try Locator.locate(codes: codes, search: CodeSearch(secret: secret, parameters: parameters),
                                        time: time, range: range, threads: threads, codeInput: "--code", rangeInput: "--range")
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        try output.emit(LocateReport(result: result, codes: codes, secret: secret, parameters: parameters,
                                     time: time, elapsed: seconds))
        if result.matches.isEmpty { throw QuietExit(exitCode: .negative) }
    }
}
