import ArgumentParser
import OTPCore
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

    /// The model to write as: the serial's own, or `--model` for an unknown prefix. A `--model` that
    /// contradicts a known prefix, or an unknown prefix without `--model`, is refused: writing to
    /// the wrong model can lock or erase it (docs/token-protocol.md §9.1).
    func target(for info: TokenInfo) throws -> TokenTarget {
        let named = try model.map { name throws(InputError) -> TokenModel in
            guard let found = TokenModel.named(name) else {
                throw InputError(input: "--model", problem: "'\(name)' is not in the model table",
                                 fix: "use one of " + TokenModel.all.map(\.name).joined(separator: ", "))
            }
            return found
        }
        if let own = info.model {
            if let named, named != own {
                throw InputError(input: "--model", problem: "the token's serial \(info.serial) says it is a \(own.name), not a \(named.name)",
                                 fix: "leave out --model; it is only for serial prefixes skew does not know")
            }
            return TokenTarget(serial: info.serial, model: own.name, knownPrefix: true, keepsSeedOnTimeWrite: own.keepsSeedOnTimeWrite)
        }
        guard let named else {
            throw InputError(input: "token \(info.serial)",
                             problem: "serial prefix \(info.serial.prefix(7)) is not a known programmable model; writing to an unknown model can lock or damage it",
                             fix: "check the model printed on the token and pass --model NAME if you are sure (\(TokenModel.all.map(\.name).joined(separator: ", ")))")
        }
        return TokenTarget(serial: info.serial, model: named.name, knownPrefix: false, keepsSeedOnTimeWrite: false)
    }
}

/// The token a write goes to, as skew will treat it.
struct TokenTarget {
    var serial: String
    var model: String
    /// False when the model came from `--model` because the prefix is unknown.
    var knownPrefix: Bool
    /// Whether a time write keeps the seed; always false for unknown prefixes (docs/token-protocol.md §13.5).
    var keepsSeedOnTimeWrite: Bool
}
