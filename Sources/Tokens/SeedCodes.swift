import OTPCore

/// The codes a token should show after a seed write, from the seed, the settings written and the
/// clock read back, and the check of a code a person read off its display.
public struct SeedCodes {
    /// One of the codes around the token's step.
    public struct Expected: Sendable {
        /// `previous`, `current` or `next`.
        public var step: String
        public var counter: Int64
        public var code: String
        /// Unix second the step starts.
        public var from: Int64
    }

    public let totp: TOTP
    /// The token's step at the read-back.
    public let current: Int64

    init(seed: Secret, parameters: OTPParameters, tokenTime: Double) {
        totp = TOTP(secret: seed, parameters: parameters)
        current = parameters.counter(at: tokenTime)
    }

    public var expected: [Expected] {
        [("previous", current - 1), ("current", current), ("next", current + 1)].map { step, counter in
            Expected(step: step, counter: counter, code: totp.code(counter: counter) ?? "", from: totp.parameters.startOfStep(counter))
        }
    }

    /// Where a code read off the display sits within ±2 steps of the token's step; nil when it is none of them.
    public func stepOffset(of code: UInt64) -> Int64? {
        (-2...2).map(Int64.init).first { totp.code(counter: current + $0).flatMap(UInt64.init) == code }
    }
}
