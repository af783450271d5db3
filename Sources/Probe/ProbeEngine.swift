import OTPCore

/// Finds a verifier's acceptance window with few attempts, inside hard budgets, while watching for
/// the defences verifiers put up (replay blocks, re-centring, rate limits, lockouts).
///
/// Offsets are relative to the verifier's "now": offset k sends the code of step (current step + k),
/// computed at the moment of sending. Before measuring, a wrong code shows that the acceptance rule
/// can say no. Every search code is sent from a known centre: after a code accepted away from the
/// centre the verifier is reset (`--reset-cmd`) or sent a code at the centre, since a verifier that
/// learns drift moves its window to each accepted code. Apart from the deliberate replay and counter
/// tests, until the evidence rules a monotonic replay counter out every code is for a step above the
/// highest accepted one, so such a verifier cannot skew the answer.
public struct ProbeEngine<V: Verifier, C: ProbeClock> {
    public let totp: TOTP
    public var verifier: V
    public var clock: C
    public let resetter: (any VerifierReset)?
    public let evidence: (any EvidenceSink)?
    public let configuration: ProbeConfiguration

    var attempts: [Attempt] = []
    /// Attempts the verifier judged (accepted or rejected): what `maxAttempts` counts.
    var judged = 0
    var failures = 0
    var consecutiveFailures = 0
    var acceptedSteps: Set<Int64> = []
    var highestAccepted: Int64?
    var replay = ReplayBehaviour.untested
    var rateLimitedAnswers = 0
    /// The next wait after a rate-limited answer; it keeps what it learned across attempts.
    var backoff: Double
    var resets = 0
    var waited = 0.0
    var stopReason: ProbeNote?
    var notes: [ProbeNote] = []
    var ruleCheck = RuleCheck.notSent
    var lockout = Observation.untested
    var recentring = Observation.untested
    var rateLimiting = Observation.notSeen
    var untrustedAfterAttempt: Int?
    /// The offset the verifier's window is centred on for a fresh account: the anchor.
    var centre: Int64
    /// False from a code accepted away from the centre until a reset or a code at the centre.
    var centreKnown = true
    /// While measuring again after a lockout the reset clears, a reset follows every rejected code.
    var resetAfterReject = false
    var remeasured = false

    public init(totp: TOTP, verifier: V, clock: C, configuration: ProbeConfiguration,
                resetter: (any VerifierReset)? = nil, evidence: (any EvidenceSink)? = nil) {
        self.totp = totp
        self.verifier = verifier
        self.clock = clock
        self.configuration = configuration
        self.resetter = resetter
        self.evidence = evidence
        backoff = configuration.backoffSeconds
        centre = configuration.center
    }

    var period: Double { Double(totp.parameters.period) }

    public mutating func run() -> ProbeResult {
        let started = clock.now()
        evidence?.record(event: "start", note: "range ±\(configuration.range), max attempts \(configuration.maxAttempts), max failures \(configuration.maxFailures), guard \(configuration.guardSeconds) s", at: started)
        var ahead: WindowEdge?
        var behind: WindowEdge?
        if let anchor = findAnchor() {
            testReplay(anchor: anchor)
            if checkRuleSaysNo() { (ahead, behind) = measure(anchor: anchor) }
        }
        describeAnswers()
        describeReplayAnswers()
        evidence?.record(event: "end", note: stopReason?.text ?? "finished", at: clock.now())
        return result(ahead: ahead, behind: behind, started: started)
    }

    // MARK: Phases

    /// The window from the anchor: the counter test, both edges, the replay and re-centring tests,
    /// a closing control, a lockout measured again when a reset clears it, and the final reset.
    private mutating func measure(anchor: Int64) -> (WindowEdge?, WindowEdge?) {
        var ahead: WindowEdge?
        var behind: WindowEdge?
        let counterTest = testCounter(anchor: anchor)
        ahead = searchEdge(.ahead, anchor: anchor, prior: nil)
        if stopReason == nil {
            behind = searchEdge(.behind, anchor: anchor, prior: counterTest)
        } else {
            let farthest = attempts.filter { $0.outcome == .accepted && $0.purpose.measuresTheWindow }.map(\.offset).min() ?? anchor
            behind = WindowEdge(direction: .behind, acceptedOffset: min(farthest, anchor), boundOffset: nil,
                                attempts: 0, failures: 0)
        }
        if let counterTest, counterTest.rejected, let behind, behind.acceptedOffset <= anchor - 1 {
            replay = .monotonicCounter
            notes.append("Offset \(signed(anchor - 1)) was refused while its step was below the highest accepted step, and accepted later on a fresh step: the verifier keeps a monotonic counter.")
        }
        if replay == .untested, stopReason == nil { testReplayLate(ahead: ahead, behind: behind) }
        finalControl()
        (ahead, behind) = applyDistrust(ahead: ahead, behind: behind)
        if lockout == .seen, resetter != nil, let remeasured = remeasureAfterLockout(anchor: anchor) {
            (ahead, behind) = remeasured
        }
        // Only on edges a lockout cannot have faked; it ends with the window back at the centre.
        if let ahead, let behind, stopReason == nil {
            testRecentring(ahead: ahead, behind: behind)
            finalControl()
        }
        leaveAsFound()
        return (ahead, behind)
    }

    /// The first accepted offset: the centre, then outwards alternately ahead and behind, within ±range.
    private mutating func findAnchor() -> Int64? {
        let range = configuration.range
        var candidates: [Int64] = [configuration.center]
        for distance in 1...(2 * range + 1) {
            candidates.append(configuration.center + distance)
            candidates.append(configuration.center - distance)
        }
        candidates = candidates.filter { (-range...range).contains($0) }
        for offset in candidates where stopReason == nil {
            guard failuresLeft(reserve: 1) > 0 else {
                stop("the failure budget ran out before any code was accepted")
                return nil
            }
            centre = offset
            // Room for the replay test to follow in the same step.
            switch send(offset: offset, purpose: .anchor, extraGuard: configuration.guardSeconds + 0.1) {
            case .accepted: return offset
            case .rejected: continue
            default: return nil
            }
        }
        return nil
    }

    /// With replays blocked, one step below the anchor on a step below the highest accepted one:
    /// accepted means only exact steps are blocked (and the window reaches one step behind).
    private mutating func testCounter(anchor: Int64) -> (rejected: Bool, attempt: Int)? {
        guard replay == .blocked, failuresLeft(reserve: 1) > 0 else { return nil }
        let outcome = send(offset: anchor - 1, purpose: .counterTest, allowBelowHighest: true)
        switch outcome {
        case .accepted:
            replay = .exactStep
            return (false, attempts.count)
        case .rejected:
            return (true, attempts.count)
        default:
            return nil
        }
    }

    /// Bisection with galloping for one edge; `prior` folds in the counter test when it was accepted.
    /// The ahead edge may use half the attempts left, the behind edge the rest: an edge stops only
    /// when it is pinned down or a budget is spent.
    private mutating func searchEdge(_ direction: Direction, anchor: Int64,
                                     prior: (rejected: Bool, attempt: Int)?) -> WindowEdge {
        let sign: Int64 = direction == .ahead ? 1 : -1
        var search = EdgeSearch(limit: configuration.range - sign * anchor)
        if direction == .behind, let prior, !prior.rejected {
            search.record(distance: 1, accepted: true)
        }
        let purpose: AttemptPurpose = direction == .ahead ? .searchUp : .searchDown
        let available = failuresLeft(reserve: 1)
        let failureShare = direction == .ahead ? max(1, (available + 1) / 2) : available
        let failuresAtStart = failures
        let attemptsAtStart = judged
        let attemptShare = direction == .ahead ? (attemptsRemaining - closingReserve) / 2 : attemptsRemaining
        while stopReason == nil {
            let left = min(failureShare - (failures - failuresAtStart), failuresLeft(reserve: 1))
            let spendable = min(attemptShare - (judged - attemptsAtStart), attemptsRemaining - closingReserve)
            guard let distance = search.next(attemptsLeft: probesAffordable(spendable), failuresLeft: left)
            else { break }
            guard ensureCentre() else { break }
            let outcome = send(offset: anchor + sign * distance, purpose: purpose)
            guard outcome == .accepted || outcome == .rejected else { break }
            search.record(distance: distance, accepted: outcome == .accepted)
            if outcome == .rejected, resetAfterReject, !performReset() { break }
        }
        if !search.isDone && stopReason == nil {
            notes.append("The \(direction.rawValue) edge is only bounded: the attempt or failure budget ran out first (\(judged) of \(configuration.maxAttempts) attempts, \(failures) of \(configuration.maxFailures) failures used); raise \(.maxAttempts) or \(.maxFailures).")
        }
        // Without a reject inside the range nothing bounds the edge: it may lie beyond the range.
        let bound: Int64? = search.highest < search.limit ? search.highest : nil
        return WindowEdge(direction: direction, acceptedOffset: anchor + sign * search.lowest,
                          boundOffset: bound.map { anchor + sign * $0 }, attempts: search.attempts,
                          failures: search.failures)
    }

    /// Attempts kept back for the end: a closing control, and with a reset command the check after
    /// the final reset.
    var closingReserve: Int { resetter == nil ? 1 : 2 }

    /// Search codes that `spendable` attempts pay for when each accepted one may cost a code at the
    /// centre before the next (no reset command to do it for free).
    private func probesAffordable(_ spendable: Int) -> Int {
        guard spendable > 0 else { return 0 }
        guard resetter == nil else { return spendable }
        return centreKnown ? (spendable + 1) / 2 : spendable / 2
    }

    /// A lockout that the reset command clears: one reset, a control code that must now be accepted,
    /// then both edges searched again with a reset after every rejected code, so the verifier's
    /// failure count never reaches its limit. The failure budget still counts every reject. If the
    /// reset does not clear the lockout, or the budgets run out, the bounds found before stand.
    private mutating func remeasureAfterLockout(anchor: Int64) -> (WindowEdge, WindowEdge)? {
        let lockedReason = stopReason
        stopReason = nil
        guard performReset() else { return nil }
        guard control(offset: anchor) == .accepted else {
            if stopReason == nil {
                notes.append("After \(.resetCommand), the control code (offset \(signed(anchor))) was still refused: the reset does not clear the lockout.")
            }
            stopReason = lockedReason
            return nil
        }
        resetAfterReject = true
        let ahead = searchEdge(.ahead, anchor: anchor, prior: nil)
        let behind = searchEdge(.behind, anchor: anchor, prior: nil)
        resetAfterReject = false
        guard stopReason == nil, ahead.isExact, behind.isExact else {
            notes.append("The lockout was cleared by \(.resetCommand), but measuring again did not pin both edges down within the budgets and \(.range), so the bounds from before the lockout stand; raise \(.maxFailures) or \(.maxAttempts).")
            stopReason = stopReason ?? lockedReason
            return nil
        }
        remeasured = true
        untrustedAfterAttempt = nil
        notes.append("The lockout was cleared by \(.resetCommand), and the window was measured again with a reset after every rejected code (\(resets) resets in all).")
        return (ahead, behind)
    }

    /// A code that must be accepted after the search when the last answer was a reject (a lockout
    /// would explain it) or the centre is not known; it also leaves a re-centring verifier centred.
    private mutating func finalControl() {
        guard stopReason == nil, lockout != .seen else { return }
        if !centreKnown {
            _ = ensureCentre()
        } else if consecutiveFailures > 0 {
            _ = verifyControl()
        }
        if stopReason == nil { lockout = .notSeen }
    }

    // MARK: Distrust after lockout or a moved window

    /// Rebuilds each edge from the attempts that can still be trusted: rejects after the point of
    /// distrust no longer bound an edge, and accepts after it no longer extend one.
    private func applyDistrust(ahead: WindowEdge?, behind: WindowEdge?) -> (WindowEdge?, WindowEdge?) {
        guard let cutoff = untrustedAfterAttempt else { return (ahead, behind) }
        func rebuild(_ edge: WindowEdge?) -> WindowEdge? {
            guard var edge else { return nil }
            let purpose: AttemptPurpose = edge.direction == .ahead ? .searchUp : .searchDown
            let sign: Int64 = edge.direction == .ahead ? 1 : -1
            let trusted = attempts.filter { $0.number <= cutoff && $0.purpose.measuresTheWindow }
            let accepted = trusted.filter { $0.outcome == .accepted }.map { sign * $0.offset }.max() ?? 0
            let rejected = trusted.filter { $0.outcome == .rejected && $0.purpose == purpose }
                .map { sign * $0.offset }.filter { $0 > accepted }.min()
            edge.acceptedOffset = sign * max(accepted, 0)
            edge.boundOffset = rejected.map { sign * ($0 - 1) }
            return edge
        }
        return (rebuild(ahead), rebuild(behind))
    }

    // MARK: Result

    private func result(ahead: WindowEdge?, behind: WindowEdge?, started: Double) -> ProbeResult {
        let shape: String
        if let ahead, let behind, ahead.isExact, behind.isExact, lockout != .seen || remeasured {
            shape = ahead.acceptedOffset == -behind.acceptedOffset ? "symmetric" : "asymmetric"
        } else {
            shape = "undetermined"
        }
        let confidence: Confidence
        if ahead == nil {
            confidence = .none
        } else if shape != "undetermined", stopReason == nil {
            confidence = .exact
        } else {
            confidence = .bounds
        }
        let anchor = attempts.first(where: { $0.outcome == .accepted })?.offset
        return ProbeResult(
            period: totp.parameters.period, range: configuration.range, attempts: attempts, ahead: ahead,
            behind: behind,
            behaviours: Behaviours(window: shape, centre: anchor, replay: replay, recentring: recentring,
                                   rateLimiting: rateLimiting, lockout: lockout),
            confidence: confidence, ruleCheck: ruleCheck, failures: failures, rateLimitedAnswers: rateLimitedAnswers,
            resets: resets, waitedSeconds: waited, elapsedSeconds: clock.now() - started, stopReason: stopReason,
            notes: notes)
    }
}

func signed(_ value: Int64) -> String { value > 0 ? "+\(value)" : String(value) }
