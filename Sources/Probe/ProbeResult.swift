/// Which way an edge lies from the anchor.
public enum Direction: String, Sendable {
    /// Codes from a clock running ahead (positive offsets).
    case ahead
    /// Codes from a clock running behind (negative offsets).
    case behind
}

/// One edge of the acceptance window, as far as the evidence pins it down.
public struct WindowEdge: Sendable, Equatable {
    public var direction: Direction
    /// The farthest offset (in steps) seen accepted in this direction.
    public var acceptedOffset: Int64
    /// The farthest offset that may still be accepted; nil when nothing bounds it (beyond the range,
    /// or the evidence past `acceptedOffset` cannot be trusted).
    public var boundOffset: Int64?
    /// Search attempts spent on this edge (controls not included).
    public var attempts: Int
    public var failures: Int

    /// Both an accept and a reject next to each other: the edge is known exactly.
    public var isExact: Bool { boundOffset == acceptedOffset }

    public init(direction: Direction, acceptedOffset: Int64, boundOffset: Int64?, attempts: Int, failures: Int) {
        self.direction = direction
        self.acceptedOffset = acceptedOffset
        self.boundOffset = boundOffset
        self.attempts = attempts
        self.failures = failures
    }
}

/// What the verifier does with a code it has already seen.
public enum ReplayBehaviour: String, Codable, Sendable {
    case untested
    /// A step accepted once is accepted again.
    case none
    /// Only the exact step already used is refused.
    case exactStep = "exact-step"
    /// Every step up to the highest accepted one is refused.
    case monotonicCounter = "monotonic-counter"
    /// Replays are refused; whether lower unused steps are too could not be told apart.
    case blocked
    /// The rule called a replay accepted, but the verifier answered it differently from the first
    /// acceptance of that step: the rule reads a different answer (such as "code already used") as
    /// accepted, so whether replays are blocked is unknown.
    case notDetermined = "not-determined"
}

/// Whether a behaviour was seen, ruled out, or never put to the test.
public enum Observation: String, Codable, Sendable {
    case seen
    case notSeen = "not-seen"
    case untested
}

/// The verifier's behaviours as the evidence shows them.
public struct Behaviours: Codable, Sendable, Equatable {
    /// "symmetric", "asymmetric" or "undetermined".
    public var window: String
    /// Offset of the first accepted code; non-zero when the window sits around a stored skew.
    public var centre: Int64?
    public var replay: ReplayBehaviour
    public var recentring: Observation
    public var rateLimiting: Observation
    public var lockout: Observation

    enum CodingKeys: String, CodingKey {
        case window, centre = "centre_steps", replay, recentring = "re_centring", rateLimiting = "rate_limiting", lockout
    }
}

/// How far the answer can be trusted.
public enum Confidence: String, Codable, Sendable {
    /// Both edges pinned by an accept next to a reject, every accept measured from a known centre,
    /// and the verifier still accepted at the end.
    case exact
    /// At least one edge is only bounded: budgets, waits or a behaviour hid the rest.
    case bounds
    /// No code was accepted.
    case none
}

/// Whether the acceptance rule refused a wrong code (one no step near now produces) before measuring.
public enum RuleCheck: String, Codable, Sendable {
    case passed
    /// The rule called the wrong code accepted: it cannot tell accept from reject.
    case failed
    case notSent = "not-sent"
}

/// The probe's answer and the evidence behind it.
public struct ProbeResult: Sendable {
    public var period: Int
    public var range: Int64
    public var attempts: [Attempt]
    public var ahead: WindowEdge?
    public var behind: WindowEdge?
    public var behaviours: Behaviours
    public var confidence: Confidence
    public var ruleCheck: RuleCheck
    public var failures: Int
    public var rateLimitedAnswers: Int
    public var resets: Int
    public var waitedSeconds: Double
    public var elapsedSeconds: Double
    /// Why the probe stopped early; settings it names stay values (`ProbeNote`).
    public var stopReason: ProbeNote?
    public var notes: [ProbeNote]

    /// Attempts the verifier judged; rate-limited answers are not among them.
    public var attemptsJudged: Int { attempts.filter { $0.outcome == .accepted || $0.outcome == .rejected }.count }
}
