/// What a verifier said about one code.
public enum Outcome: String, Codable, Sendable {
    case accepted
    case rejected
    /// The verifier refused to judge the code because too many attempts came too fast.
    case rateLimited = "rate-limited"
    /// The verifier could not be asked (connection refused, timeout, command failed to start).
    case error
}

/// One code as it is handed to a verifier. `secondsLeft` lets a person see how long the code lives.
public struct Submission: Sendable {
    public var code: String
    /// Steps from the verifier's current step (positive = a clock running ahead).
    public var offset: Int64
    /// The absolute step whose code this is.
    public var step: Int64
    public var secondsLeft: Double

    public init(code: String, offset: Int64, step: Int64, secondsLeft: Double) {
        self.code = code
        self.offset = offset
        self.step = step
        self.secondsLeft = secondsLeft
    }
}

/// The verifier's answer; `detail` is a short reason for the evidence file (an HTTP status, an exit
/// code, an error message), never the code itself. `answer` tells answers apart that the acceptance
/// rule reads alike (nil when the transport has no answer to keep, as with a person typing y/n).
public struct VerifierResponse: Sendable, Equatable {
    public var outcome: Outcome
    public var detail: String
    public var answer: AnswerFingerprint?

    public init(_ outcome: Outcome, detail: String = "", answer: AnswerFingerprint? = nil) {
        self.outcome = outcome
        self.detail = detail
        self.answer = answer
    }
}

/// Anything that says yes or no to a code: an HTTP API, a command, a person.
public protocol Verifier {
    mutating func submit(_ submission: Submission) -> VerifierResponse
}

/// Restores the verifier to a known state (an admin API call, a file restore) when the probe needs it.
public protocol VerifierReset: AnyObject {
    /// Nil on success, or why the reset failed.
    func reset() -> String?
}

/// Time for the probe: the engine reads it and waits on it, so tests can move it instantly.
public protocol ProbeClock {
    /// Unix seconds.
    func now() -> Double
    /// Waits `seconds` (a fake clock just advances).
    mutating func sleep(_ seconds: Double)
}

/// Receives every attempt as it happens, so an interrupted probe still leaves its evidence.
public protocol EvidenceSink: AnyObject {
    func record(_ attempt: Attempt)
    func record(event: String, note: String, at time: Double)
}
