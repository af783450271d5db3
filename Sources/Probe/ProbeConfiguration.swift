/// The limits a person sets for a probe. Budgets are hard: the engine never sends an attempt that
/// could take it past them.
public struct ProbeConfiguration: Sendable {
    /// Search offsets −range…+range around the verifier's now.
    public var range: Int64
    public var maxAttempts: Int
    /// Rejected codes allowed in total; the default stays below common lockout limits (5–10).
    public var maxFailures: Int
    /// Never send a code in the last `guardSeconds` of its step: it may be judged in the next one.
    public var guardSeconds: Double
    /// The longest single wait (for a fresh step, or a rate limit to pass) before the engine resets
    /// the verifier or gives up on that part of the answer.
    public var maxWaitSeconds: Double
    /// First wait after a rate-limited answer; doubles on each further one.
    public var backoffSeconds: Double
    /// Where to look for the first accepted code (a verifier with a stored skew may not accept 0).
    public var center: Int64

    public static let defaultMaxFailures = 4

    /// Room for a code at the centre after each accepted search code; accepted codes lock no one out.
    public static let defaultMaxAttempts = 40

    public init(range: Int64 = 10, maxAttempts: Int = defaultMaxAttempts, maxFailures: Int = defaultMaxFailures,
                guardSeconds: Double = 3, maxWaitSeconds: Double = 300, backoffSeconds: Double = 5,
                center: Int64 = 0) {
        self.range = range
        self.maxAttempts = maxAttempts
        self.maxFailures = maxFailures
        self.guardSeconds = guardSeconds
        self.maxWaitSeconds = maxWaitSeconds
        self.backoffSeconds = backoffSeconds
        self.center = center
    }

    /// ⌈log2(range+1)⌉: the attempts a plain bisection needs for one edge.
    public var bisectionAttempts: Int {
        var count = 0
        while (Int64(1) << Int64(count)) < range + 1 { count += 1 }
        return count
    }
}
