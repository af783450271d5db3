import ArgumentParser
import TokenProtocol

/// The flags `skew sync` and `skew burn` share: which model to assume, the display timeout, and
/// the no-write modes.
struct TokenWriteOptions: ParsableArguments {
    @Option(help: "Write to a token whose serial prefix is not in the model table, as this model. Its time writes are still assumed to erase the seed.")
    var model: String?

    @Option(help: "How long the display stays on after a button press: 15, 30, 60 or 120 seconds.")
    var displayTimeout = 30

    @Flag(help: "Read the token's serial and clock (GET INFO, nothing else), print the APDUs a real run would send, and write nothing.")
    var dryRun = false

    @Flag(help: "With --dry-run: print seed ciphertext and MACs instead of masking them.")
    var showSecrets = false

    @Flag(help: "Do not record the time write in the history.")
    var noRecord = false

    func validate() throws {
        guard TokenConfig.DisplayTimeout(seconds: displayTimeout) != nil else {
            throw ValidationError("--display-timeout \(displayTimeout): the token offers 15, 30, 60 or 120 seconds")
        }
        if showSecrets && !dryRun {
            throw ValidationError("--show-secrets only applies to --dry-run")
        }
    }

    var display: TokenConfig.DisplayTimeout { TokenConfig.DisplayTimeout(seconds: displayTimeout) ?? .seconds30 }
}
