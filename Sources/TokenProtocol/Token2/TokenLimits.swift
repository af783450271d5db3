import OTPCore

/// What a single-profile token can be programmed with (docs/token-protocol.md §5.3, §6): 6 digits, HMAC-SHA-1
/// or SHA-256, a 30 or 60 s step, T0 = 0 and a seed of 1 to 63 bytes. Anything else would give codes
/// that differ from the account's, so it is refused before the token is touched.
public enum TokenLimits {
    public static let seedLength = 1...63

    /// The reasons these parameters and this seed length cannot go on a token (empty when they can).
    public static func problems(parameters: OTPParameters, seedLength: Int?) -> [String] {
        var problems: [String] = []
        if parameters.digits != 6 {
            problems.append("\(parameters.digits) digits: the token always shows 6 digits (the config has no digits field)")
        }
        if TokenConfig.Algorithm(hash: parameters.algorithm) == nil {
            problems.append("\(parameters.algorithm.rawValue): the token computes only HMAC-SHA1 and HMAC-SHA256")
        }
        if TokenConfig.Step(seconds: parameters.period) == nil {
            problems.append("a \(parameters.period) s period: the token steps only every 30 or 60 s")
        }
        if parameters.t0 != 0 {
            problems.append("T0 \(parameters.t0): the token counts steps from the Unix epoch (T0 = 0)")
        }
        if let seedLength, !Self.seedLength.contains(seedLength) {
            problems.append("a \(seedLength)-byte seed: WRITE SEED carries 1 to 63 bytes")
        }
        return problems
    }
}

extension TokenConfig.Algorithm {
    /// The token's code for an HMAC algorithm, nil for one it cannot compute (SHA-512).
    public init?(hash: HashAlgorithm) {
        switch hash {
        case .sha1: self = .sha1
        case .sha256: self = .sha256
        case .sha512: return nil
        }
    }
}

extension TokenConfig.Step {
    /// The step byte for a period in seconds, nil for periods the token cannot step.
    public init?(seconds: Int) {
        guard let match = Self.allCases.first(where: { $0.seconds == seconds }) else { return nil }
        self = match
    }
}
