import ArgumentParser
import Foundation
import OTPCore
import Reports

struct SeedShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a secret's seed data: the counter now in hex, and for SHA-1, SHA-256 and SHA-512 the HMAC with the truncation bytes marked and the code.",
        discussion: """
            The secret itself (base32, hex and bits) is shown only with --show-secrets; without it the \
            report names it by fingerprint. The codes use --digits and --period (or the URI's).

            Examples:
              skew seed show -s token.b32
              skew seed show -s token.hex --hex --at 59 --digits 8 --show-secrets
            """)

    @OptionGroup var secret: SecretOptions

    @Option(help: "The moment: Unix seconds or ISO 8601 (default now).")
    var at: String?

    @Flag(help: "Also show the secret as base32, hex and bits.")
    var showSecrets = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        let (key, parameters, _) = try secret.resolve()
        let time = try at.map { text throws(InputError) in try Timestamp.parse(text, input: "--at") } ?? Date().timeIntervalSince1970
        guard parameters.counter(at: time) >= 0 else {
            throw InputError(input: "--at", problem: "the time is before T0 (\(parameters.t0)), so no step has begun",
                             fix: "give a time at or after T0")
        }
        if showSecrets { Console.warning("--show-secrets shows the secret itself") }
        try output.emit(SeedShowReport(secret: key, parameters: parameters, at: time, showSecret: showSecrets))
    }
}
