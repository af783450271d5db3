import OTPCore
import TokenProtocol

/// The token a write goes to, as skew will treat it.
public struct TokenTarget: Sendable {
    public var serial: String
    public var model: String
    /// False when the model came from `--model` because the prefix is unknown.
    public var knownPrefix: Bool
    /// Whether a time write keeps the seed; always false for unknown prefixes (docs/token-protocol.md §13.5).
    public var keepsSeedOnTimeWrite: Bool

    /// The model to write as: the serial's own, or the named one for an unknown prefix. A named model
    /// that contradicts a known prefix, or an unknown prefix without one, is refused: writing to the
    /// wrong model can lock or erase it (docs/token-protocol.md §9.1).
    public init(info: TokenInfo, named name: String?) throws(TokenRequestError) {
        let named = try name.map { name throws(TokenRequestError) -> TokenModel in
            guard let found = TokenModel.named(name) else {
                throw .unknownModel(name: name, known: TokenModel.all.map(\.name))
            }
            return found
        }
        if let own = info.model {
            if let named, named != own {
                throw .modelContradictsSerial(serial: info.serial, own: own.name, named: named.name)
            }
            self.init(serial: info.serial, model: own.name, knownPrefix: true, keepsSeedOnTimeWrite: own.keepsSeedOnTimeWrite)
            return
        }
        guard let named else {
            throw .unknownPrefix(serial: info.serial, known: TokenModel.all.map(\.name))
        }
        self.init(serial: info.serial, model: named.name, knownPrefix: false, keepsSeedOnTimeWrite: false)
    }

    public init(serial: String, model: String, knownPrefix: Bool, keepsSeedOnTimeWrite: Bool) {
        self.serial = serial
        self.model = model
        self.knownPrefix = knownPrefix
        self.keepsSeedOnTimeWrite = keepsSeedOnTimeWrite
    }
}

/// The settings a config write carries besides the time.
public struct TokenSettings: Sendable {
    public var algorithm: TokenConfig.Algorithm
    public var step: TokenConfig.Step
    public var displayTimeout: TokenConfig.DisplayTimeout

    public init(algorithm: TokenConfig.Algorithm, step: TokenConfig.Step, displayTimeout: TokenConfig.DisplayTimeout) {
        self.algorithm = algorithm
        self.step = step
        self.displayTimeout = displayTimeout
    }

    /// The settings for these parameters, or a refusal naming everything the token cannot do.
    public init(checking parameters: OTPParameters, seed: Secret?, displayTimeout: TokenConfig.DisplayTimeout) throws(InputError) {
        let problems = TokenLimits.problems(parameters: parameters, seedLength: seed?.bytes.count)
        guard problems.isEmpty, let algorithm = TokenConfig.Algorithm(hash: parameters.algorithm),
              let step = TokenConfig.Step(seconds: parameters.period) else {
            throw InputError(input: "the settings to write", problem: "the token cannot do " + problems.joined(separator: "; "),
                             fix: "use 6 digits, SHA1 or SHA256, a 30 or 60 s period and a seed of at most 63 bytes; an account that needs more cannot live on this token")
        }
        self.init(algorithm: algorithm, step: step, displayTimeout: displayTimeout)
    }
}

/// A Token2 config (and seed) write as it happened: the target, the settings, the offset before,
/// what was written and the clock read back.
public struct Token2Write: TokenDetail {
    public var target: TokenTarget
    public var settings: TokenSettings
    /// Fingerprint and length of the seed written with the config, if any.
    public var seedFingerprint: String?
    public var seedBytes: Int?
    /// Token minus reference before the write, from one GET INFO (±0.5 s).
    public var offsetBefore: Double
    public var written: TokenWriter.Written
    public var readback: TokenWriter.Readback

    /// A read-back within a second of the reference: the time write took.
    public var verified: Bool { abs(readback.offset) <= 1 }
}
