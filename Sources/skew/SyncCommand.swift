import ArgumentParser
import OTPCore
import Reports
import Tokens

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Set a token's clock to true time, verified by reading it back, and record the sync in the history.",
        discussion: """
            The write lands on a whole second of the reference clock (host, or NTP-corrected with --ntp). \
            Token2: models that erase their seed on a time write are refused unless the seed is given too; then \
            config and seed go in one authenticated session. Protectimus SLIM NFC: SET TIME, verified by reading \
            the code back, which needs the secret. Token2 Molto2: the time-only config to --profile N or to \
            --all-profiles under the customer key (--key-file/--key-env), one authentication; each profile's public \
            block and the device clock are read back and reported apart.

            Examples:
              skew sync --ntp pool.ntp.org --dry-run
              skew sync -s token.b32 --ntp pool.ntp.org
              skew sync --family molto2 --all-profiles --key-file molto2.key
            """)

    @OptionGroup var readerOptions: ReaderOptions
    @OptionGroup var familyOption: TokenFamilyOption
    @OptionGroup var referenceOptions: ReferenceClockOptions
    @OptionGroup(title: "Seed (needed for models that erase it on a time write, and to verify a Protectimus sync) and TOTP settings")
    var secret: SecretOptions

    @Option(help: "Protectimus: how far to search for the read-back code when it is not the expected one, each side: steps (3000), or a duration (1d).")
    var range = "3000"

    @OptionGroup var profileOptions: ProfileOptions
    @OptionGroup var keyOptions: KeyOptions
    @OptionGroup var writeOptions: TokenWriteOptions
    @OptionGroup var historyOptions: HistoryOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try perform(requiring: nil)
    }

    /// The sync; with `required`, a token of another family is refused before anything is written.
    func perform(requiring required: TokenFamily?) throws {
        // Read once: standard input cannot be read again later in the run.
        let account = secret.isGiven ? try TokenAccount(secret) : nil
        let parameters = try account?.parameters ?? flagParameters()
        let range = try RangeText.steps(self.range, period: parameters.period)
        func request(_ reference: ReferenceClock) -> ClockWriteRequest {
            ClockWriteRequest(reference: reference, account: account, parameters: parameters, displayTimeout: writeOptions.display,
                              model: writeOptions.model, range: range, dryRun: writeOptions.dryRun, showSecrets: writeOptions.showSecrets,
                              profiles: profileOptions.selection, keyAccess: keyOptions.access(history: historyOptions.open, force: referenceOptions.force))
        }
        if writeOptions.dryRun, let named = familyOption.chosen,
           let lines = try named.clockWriteDryRun(request(ReferenceClock(hostOffset: nil, clock: HostTokenClock())), afterProbes: true) {
            // This family's plan needs nothing from the token: the probe and the plan, nothing sent.
            (familyOption.dryRunLines() + lines).forEach { print($0) }
            return
        }
        let reference = try referenceOptions.resolve()
        let connection = try readerOptions.connect()
        defer { connection.close() }
        let token = try connection.detect(family: familyOption.chosen)
        if let required, token.identity.family != required {
            throw CLIFailure(message: "the token on \(connection.reader) is a \(token.identity.family.shortName) token, not a \(required.shortName); nothing was written. Fix: use `skew sync` for \(token.identity.family.shortName) tokens.",
                             exitCode: .badInput)
        }
        try TokenWrite(command: "sync", writeOptions: writeOptions, historyOptions: historyOptions, output: output)
            .run(token.planClockWrite(request(reference)), on: token)
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

extension SecretOptions {
    /// Whether any source of a secret was given.
    var isGiven: Bool { secretArgument != nil || secretFile != nil || secretEnv != nil }

    /// `--algorithm` when given, for settings that do not come through `resolve()`.
    func chosenAlgorithm() throws -> HashAlgorithm? {
        try algorithm.map { name throws(InputError) in try hashAlgorithm(named: name, allowed: [.sha1, .sha256]) }
    }
}
