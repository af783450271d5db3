/// Why the engine made an attempt.
public enum AttemptPurpose: String, Codable, Sendable {
    /// Looking for a first accepted offset.
    case anchor
    /// Re-sending an accepted step to see whether the verifier blocks replays.
    case replayTest = "replay_test"
    /// A fresh step below the highest accepted one, to tell an exact-step replay block from a counter.
    case counterTest = "counter_test"
    case searchUp = "search_up"
    case searchDown = "search_down"
    /// Re-sends the offset just past an edge that was accepted only after that offset was refused:
    /// accepted now means the window moved (re-centring).
    case edgeCheck = "edge_check"
    /// A code that must be accepted: a reject means lockout (or a moved window).
    case control
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

    enum CodingKeys: String, CodingKey {
        case number, purpose, offset, step, sentAt = "sent_at", secondsIntoStep = "seconds_into_step", outcome,
             latencySeconds = "latency_seconds", detail
    }
}
