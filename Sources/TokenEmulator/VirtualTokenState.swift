import OTPCore
import TokenProtocol

/// Everything a token keeps across power cycles (docs/token-protocol.md §8 "persistent"), as saved in the
/// emulator's `--state` file. The seed is the emulator's own secret: it lives only here and in memory.
public struct VirtualTokenState: Sendable, Equatable, Codable {
    public var serial: String
    /// The model name from the table, nil for an unknown prefix.
    public var model: String?
    /// Whether a time write wipes the seed.
    public var restrictedSync: Bool
    public var clock: SimulatedClock
    public var seedHex: String?
    public var algorithm: TokenConfig.Algorithm
    public var step: TokenConfig.Step
    public var displayTimeout: TokenConfig.DisplayTimeout
    public var failCount: Int
    public var locked: Bool
    /// How many WRITE CONFIG and WRITE SEED commands the token has taken, so tests can prove
    /// what reached it and how often (nil in state files from before they were counted).
    public var configWrites: Int?
    public var seedWrites: Int?

    /// A fresh token: the model from the serial's prefix (unknown prefixes count as restricted,
    /// as hosts must assume), no seed, SHA-1, 30 s step, 30 s display.
    public init(serial: String, model: TokenModel?, clock: SimulatedClock) {
        self.serial = serial
        self.model = model?.name
        restrictedSync = !(model?.keepsSeedOnTimeWrite ?? false)
        self.clock = clock
        seedHex = nil
        algorithm = .sha1
        step = .seconds30
        displayTimeout = .seconds30
        failCount = 0
        locked = false
    }

    public var seed: [UInt8]? {
        get { seedHex.flatMap { try? Hex.decode($0) } }
        set { seedHex = newValue.map(Hex.encode) }
    }

    /// The 6-digit code the display shows at host time `host`, or nil without a seed.
    public func displayCode(atHost host: Double) -> String? {
        guard let seed, let secret = try? Secret(bytes: seed) else { return nil }
        let totp = TOTP(secret: secret, parameters: OTPParameters(algorithm: algorithm.hash, digits: 6, period: step.seconds))
        return totp.code(at: clock.time(atHost: host).rounded(.down))
    }

    enum CodingKeys: String, CodingKey {
        case serial, model, restrictedSync = "restricted_sync", clock, seedHex = "seed_hex", algorithm, step,
             displayTimeout = "display_timeout", failCount = "fail_count", locked,
             configWrites = "config_writes", seedWrites = "seed_writes"
    }
}
