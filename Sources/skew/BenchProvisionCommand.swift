import ArgumentParser
import Benchmarks
import Foundation
import OTPCore
import PCSC
import Reports
import SeedFiles
import Tokens

/// Times what `skew provision` does to each token once it is on the reader, without the person:
/// connect, detect, burn a fresh random seed with the reference time (config then seed, one
/// session) and check the clock with one reading. Every run writes the token: use a virtual one.
struct BenchProvisionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provision",
        abstract: "Per-token time of a provisioning burn (write, verify, clock) on the token on the reader; it rewrites the token every run.",
        discussion: """
            Examples:
              skew bench provision --runs 10
            """)

    @OptionGroup var readerOptions: ReaderOptions

    @Option(help: "Burns to time of each kind.")
    var runs = 20

    @OptionGroup var output: OutputOptions

    func run() throws {
        guard (1...10_000).contains(runs) else {
            throw InputError(input: "--runs", problem: "\(runs) is outside 1…10000", fix: "give a count such as 20")
        }
        let context = try PCSCContext()
        var serial = ""
        var reader = ""
        let seconds = try (0..<runs).map { _ in
            // A token arrives at any moment, not just after the last burn's whole second.
            HostTokenClock().sleep(Double.random(in: 0..<1))
            let started = HostTokenClock().monotonic()
            let connection = try readerOptions.connect(in: context, waiting: 0)
            defer { connection.close() }
            let token = try connection.detect(family: nil)
            let request = try BurnRequest(seed: try Secret(bytes: try SecureRandom.bytes(20)), parameters: OTPParameters(),
                                          displayTimeout: .seconds30, model: nil, dryRun: false, showSecrets: false, preciseReadback: false)
            let result = try token.setClock(try token.planBurn(request, reference: ReferenceClock(hostOffset: nil, clock: HostTokenClock())))
            guard result.verified else { throw CLIFailure(message: result.unverified.commandLineMessage, exitCode: .negative) }
            (serial, reader) = (token.identity.serial ?? token.identity.family.displayName, connection.reader)
            return HostTokenClock().monotonic() - started
        }
        try output.emit(TokenBenchReport(
            reader: reader, serial: serial,
            rows: [TokenBenchReport.Row(measure: "provision: connect, detect, burn, one-reading check", timings: Timings(seconds), targetSeconds: 1.5)],
            notes: ["Monotonic clock from connecting to the verified read-back, \(runs) burns, each with a new random seed and its own connection, started at a random moment (an untimed pause of 0 to 1 s between burns).",
                    "Most of a burn is waiting for the whole second of the reference clock the config is sent on (0 to 1 s away).",
                    "Not included: the journal's two fsyncs and the exports, which depend on the disk; nor the person taking the token away and presenting the next."]))
    }
}
