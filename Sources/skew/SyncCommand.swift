import ArgumentParser
import OTPCore
import Reports
import TokenProtocol

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Set a token's clock to true time, verified by reading it back, and record the sync in the history.",
        discussion: """
            The write lands on a whole second of the reference clock (host, or NTP-corrected with --ntp). \
            Models that erase their seed on a time write are refused unless the seed is given too; then \
            config and seed go in one authenticated session.
            """)

    @OptionGroup var readerOptions: ReaderOptions
    @OptionGroup var referenceOptions: ReferenceClockOptions
    @OptionGroup(title: "Seed (needed for models that erase it on a time write) and TOTP settings")
    var secret: SecretOptions
    @OptionGroup var writeOptions: TokenWriteOptions
    @OptionGroup var historyOptions: HistoryOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        // Read once: standard input cannot be read again when the token turns out to be a Protectimus.
        let given = secret.isGiven ? try GivenSecret(secret) : nil
        let seed = given?.secret
        let parameters = try given?.parameters ?? flagParameters()
        let settings = try TokenSettings(checking: parameters, seed: seed, displayTimeout: writeOptions.display)
        let run = TokenWriteRun(command: "sync", readerOptions: readerOptions, writeOptions: writeOptions,
                                referenceOptions: referenceOptions, historyOptions: historyOptions, settings: settings, seed: seed)
        let attempt = try run.perform(check: { target in
            guard !target.keepsSeedOnTimeWrite else { return }
            guard seed == nil else {
                Console.warning("\(target.model) erases its seed on a time write: the seed given is written again in the same session")
                return
            }
            let why = target.knownPrefix ? "a \(target.model) erases its seed on every time write" : "serial prefix \(target.serial.prefix(7)) is unknown, so skew assumes a time write erases its seed"
            throw InputError(input: "token \(target.serial)",
                             problem: "\(why), and a sync is a time write: the token would be left without a seed",
                             fix: "give the seed too (--secret-file, --secret-env or --secret -) so config and seed are written in one session, or use `skew burn`")
        }, onProtectimus: { info, connection, reference in
            try syncProtectimus(info: info, connection: connection, reference: reference, secret: given)
        })
        guard let outcome = attempt else { return }
        let report = outcome.report(settings: settings, seed: seed)
        try output.emit(report)
        try TokenWriteRun.requireVerified(report)
    }

    /// The settings of the flags alone, when no secret (and so no URI) is given.
    private func flagParameters() throws -> OTPParameters {
        var parameters = OTPParameters()
        parameters.algorithm = try secret.chosenAlgorithm() ?? parameters.algorithm
        parameters.digits = secret.digits ?? 6
        parameters.period = secret.period ?? 30
        parameters.t0 = secret.t0
        return parameters
    }
}

/// A secret read once per run (standard input cannot be read twice), with its parameters and
/// whether the step was given, by flag or URI (else a Protectimus token's own interval applies).
struct GivenSecret {
    let secret: Secret
    let parameters: OTPParameters
    let periodGiven: Bool

    init(_ options: SecretOptions) throws {
        let (secret, parameters, uri) = try options.resolve()
        self.secret = secret
        self.parameters = parameters
        periodGiven = options.period != nil || uri?.period != nil
    }
}

extension SecretOptions {
    /// Whether any source of a secret was given.
    var isGiven: Bool { secretArgument != nil || secretFile != nil || secretEnv != nil }

    /// `--algorithm` when given, for settings that do not come through `resolve()`.
    func chosenAlgorithm() throws -> HashAlgorithm? {
        guard let name = algorithm else { return nil }
        guard let chosen = HashAlgorithm(name: name) else {
            throw InputError(input: "--algorithm", problem: "'\(name)' is not a known algorithm", fix: "use sha1 or sha256")
        }
        return chosen
    }
}

extension TokenSettings {
    /// The settings for these parameters, or a refusal naming everything the token cannot do.
    init(checking parameters: OTPParameters, seed: Secret?, displayTimeout: TokenConfig.DisplayTimeout) throws {
        let problems = TokenLimits.problems(parameters: parameters, seedLength: seed?.bytes.count)
        guard problems.isEmpty, let algorithm = TokenConfig.Algorithm(hash: parameters.algorithm),
              let step = TokenConfig.Step(seconds: parameters.period) else {
            throw InputError(input: "the settings to write", problem: "the token cannot do " + problems.joined(separator: "; "),
                             fix: "use 6 digits, SHA1 or SHA256, a 30 or 60 s period and a seed of at most 63 bytes; an account that needs more cannot live on this token")
        }
        self.init(algorithm: algorithm, step: step, displayTimeout: displayTimeout)
    }
}

extension TokenWriteRun {
    /// A read-back more than 1 s from the reference is a failed write (exit 1), after the report.
    static func requireVerified(_ report: TokenWriteReport) throws {
        guard report.verified else {
            throw CLIFailure(message: "read-back: the token is \(formatSeconds(report.readbackOffsetSeconds)) s from \(report.reference), more than 1 s: the time write did not take. Fix: check with `skew token info` and run `skew \(report.command)` again",
                             exitCode: .negative)
        }
    }
}
