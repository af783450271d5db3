/// Why the engine made an attempt.
public enum AttemptPurpose: String, Codable, Sendable {
    /// A code no step near now produces: must be refused, or the acceptance rule cannot say no.
    case ruleCheck = "rule-check"
    /// Looking for a first accepted offset.
    case anchor
    /// Re-sending an accepted step to see whether the verifier blocks replays.
    case replayTest = "replay-test"
    /// A fresh step below the highest accepted one, to tell an exact-step replay block from a counter.
    case counterTest = "counter-test"
    case searchUp = "search-up"
    case searchDown = "search-down"
    /// A code at the centre after one accepted away from it, so a re-centring window is back.
    case centre
    /// One edge, then at once the other: refused means the window moved to the first (re-centring).
    case recentringTest = "recentring-test"
    /// A code that must be accepted: a reject means lockout (or a moved window).
    case control

    /// Whether an accept with this purpose was measured from a known centre and may extend an edge.
    var measuresTheWindow: Bool { ![.ruleCheck, .recentringTest, .centre].contains(self) }
}

/// One code sent to the verifier: the evidence every conclusion rests on.
public struct Attempt: Codable, Sendable, Equatable {
    public var number: Int
    public var purpose: AttemptPurpose
    public var offset: Int64
    public var step: Int64
    /// Unix seconds when the code was handed to the verifier.
    public var sentAt: Double
    public var secondsIntoStep: Double
    public var outcome: Outcome
    public var latencySeconds: Double
    public var detail: String
    /// The whole answer as a fingerprint, so answers the rule reads alike can be compared.
    public var answer: AnswerFingerprint?

    enum CodingKeys: String, CodingKey {
        case number, purpose, offset, step, sentAt = "sent_at", secondsIntoStep = "seconds_into_step", outcome,
             latencySeconds = "latency_seconds", detail, answer
    }
}
