import OTPCore
import Probe

/// A clock the tests move by hand: `sleep` advances it instantly.
final class FakeClock: ProbeClock {
    var time: Double
    var slept = 0.0

    init(time: Double) { self.time = time }

    func now() -> Double { time }

    func sleep(_ seconds: Double) {
        time += seconds
        slept += seconds
    }
}

/// An in-process verifier with the behaviours listed in docs/verifiers.md, judging real codes against its own
/// notion of time (the shared fake clock). Each submission also advances the clock by `latency`.
/// With `recentres` it learns the offset of every accepted code, as verifiers that store a time
/// shift do; `reset()` restores the fresh account.
final class FakeVerifier: Verifier {
    /// `markedAccepted`: a used step is refused with HTTP 200 `{"ok":false,"error":"code already used"}`,
    /// which a rule on the status alone reads as accepted.
    enum Replay { case none, exactStep, monotonic, markedAccepted }

    /// The answers' bodies, as an HTTP verifier would send them.
    static let acceptedBody = #"{"ok":true}"#
    static let rejectedBody = #"{"ok":false}"#
    static let alreadyUsedBody = #"{"ok":false,"error":"code already used"}"#

    let totp: TOTP
    let clock: FakeClock
    var behind: Int64
    var ahead: Int64
    var skew: Int64
    var replay: Replay = .none
    var recentres = false
    var lockoutAfter: Int?
    var rateLimit: (count: Int, seconds: Double)?
    var latency = 0.01
    /// A slower first answer, so the anchor's step can end before the replay test.
    var firstLatency: Double?
    /// How far the verifier's own clock lags the probe's, as `time()` lags the precise clock.
    var clockLag = 0.0
    /// Answers every code as accepted, as a rule like `status:200` reads a server that answers
    /// HTTP 200 `{"result":"fail"}` to wrong codes.
    var answersEverythingAccepted = false
    /// Accepted answers carry a new session token each time, so no two are alike.
    var sessionTokenInAcceptedAnswers = false
    /// No answer fingerprints, as from a person typing y/n.
    var answersWithoutFingerprints = false

    private(set) var used: Set<Int64> = []
    private(set) var highestUsed: Int64?
    private(set) var consecutiveFailures = 0
    private(set) var locked = false
    /// Whether the verifier locked at any time, even if a reset cleared it since.
    private(set) var everLocked = false
    private(set) var recentAttempts: [Double] = []
    private(set) var submissions = 0

    init(totp: TOTP, clock: FakeClock, behind: Int64, ahead: Int64, skew: Int64 = 0) {
        self.totp = totp
        self.clock = clock
        self.behind = behind
        self.ahead = ahead
        self.skew = skew
    }

    func submit(_ submission: Submission) -> VerifierResponse {
        submissions += 1
        defer { clock.time += submissions == 1 ? firstLatency ?? latency : latency }
        let now = clock.now()
        if let rateLimit {
            recentAttempts.removeAll { $0 <= now - rateLimit.seconds }
            if recentAttempts.count >= rateLimit.count { return VerifierResponse(.rateLimited, detail: "429") }
            recentAttempts.append(now)
        }
        if answersEverythingAccepted { return answer(.accepted, detail: "200 fail", body: #"{"result":"fail"}"#) }
        if locked { return reject() }
        let current = totp.parameters.counter(at: now - clockLag) + skew
        // The window can span thousands of steps in the budget tests: check the named step's code
        // rather than computing every code in the window.
        let step = submission.step
        guard (current - behind...current + ahead).contains(step), totp.code(counter: step) == submission.code
        else { return reject() }
        switch replay {
        case .none: break
        case .exactStep: if used.contains(step) { return reject() }
        case .monotonic: if let highestUsed, step <= highestUsed { return reject() }
        case .markedAccepted: if used.contains(step) { return answer(.accepted, detail: "200 used", body: Self.alreadyUsedBody) }
        }
        used.insert(step)
        highestUsed = max(highestUsed ?? step, step)
        consecutiveFailures = 0
        if recentres { skew = step - totp.parameters.counter(at: now) }
        return answer(.accepted, detail: "ok",
                      body: sessionTokenInAcceptedAnswers ? #"{"ok":true,"session":"s\#(submissions)"}"# : Self.acceptedBody)
    }

    func reset(skew newSkew: Int64 = 0) {
        used = []
        highestUsed = nil
        consecutiveFailures = 0
        locked = false
        skew = newSkew
    }

    private func reject() -> VerifierResponse {
        consecutiveFailures += 1
        if let lockoutAfter, consecutiveFailures >= lockoutAfter {
            locked = true
            everLocked = true
        }
        return answer(.rejected, detail: "no", body: Self.rejectedBody)
    }

    private func answer(_ outcome: Outcome, detail: String, body: String) -> VerifierResponse {
        let status = outcome == .accepted ? "HTTP 200" : "HTTP 401"
        return VerifierResponse(outcome, detail: detail,
                                answer: answersWithoutFingerprints ? nil : AnswerFingerprint(status: status, body: body))
    }
}

/// A reset that restores the fake verifier, counting how often the engine asked.
final class FakeReset: VerifierReset {
    let verifier: FakeVerifier
    var count = 0
    init(verifier: FakeVerifier) { self.verifier = verifier }
    func reset() -> String? {
        count += 1
        verifier.reset()
        return nil
    }
}

/// A reset command that runs and reports success but changes nothing on the verifier.
final class StubbornReset: VerifierReset {
    var count = 0
    func reset() -> String? {
        count += 1
        return nil
    }
}

/// Collects evidence in memory.
final class MemoryEvidence: EvidenceSink {
    var attempts: [Attempt] = []
    var events: [String] = []
    func record(_ attempt: Attempt) { attempts.append(attempt) }
    func record(event: String, note: String, at time: Double) { events.append(event) }
}
