import OTPCore

/// Finds a verifier's acceptance window with few attempts, inside hard budgets, while watching for
/// the defences verifiers put up (replay blocks, re-centring, rate limits, lockouts).
///
/// Offsets are relative to the verifier's "now": offset k sends the code of step (current step + k),
/// computed at the moment of sending. Apart from the deliberate replay and counter tests, until the
/// evidence rules a monotonic replay counter out every code is for a step above the highest accepted
/// one, so such a verifier cannot skew the answer; once only exact-step blocking is possible, no
/// accepted step is sent again. The engine waits for the clock to make a step fresh (or resets the
/// verifier, if it may) rather than guess.
public struct ProbeEngine<V: Verifier, C: ProbeClock> {
    public let totp: TOTP
    public var verifier: V
    public var clock: C
    public let resetter: (any VerifierReset)?
    public let evidence: (any EvidenceSink)?
    public let configuration: ProbeConfiguration

    var attempts: [Attempt] = []
    var failures = 0
    var consecutiveFailures = 0
    var acceptedSteps: Set<Int64> = []
    var highestAccepted: Int64?
    var replay = ReplayBehaviour.untested
    var rateLimitedAnswers = 0
    var resets = 0
    var waited = 0.0
    var stopReason: String?
    var notes: [String] = []
    var lockout = Observation.untested
    var recentring = Observation.untested
    var rateLimiting = Observation.notSeen
    var untrustedAfterAttempt: Int?
    /// While measuring again with resets, the search outcome each reset follows: `.accepted` for a
    /// re-centring verifier, `.rejected` after a lockout the reset clears (so it cannot build up again).
    var resetAfter: Outcome?
    var remeasured = false
    var recentringUnchecked = false

    public init(totp: TOTP, verifier: V, clock: C, configuration: ProbeConfiguration,
                resetter: (any VerifierReset)? = nil, evidence: (any EvidenceSink)? = nil) {
        self.totp = totp
        self.verifier = verifier
        self.clock = clock
        self.configuration = configuration
        self.resetter = resetter
        self.evidence = evidence
    }

    var period: Double { Double(totp.parameters.period) }

    public mutating func run() -> ProbeResult {
        let started = clock.now()
        evidence?.record(event: "start", note: "range ±\(configuration.range), max attempts \(configuration.maxAttempts), max failures \(configuration.maxFailures), guard \(configuration.guardSeconds) s", at: started)
        var ahead: WindowEdge?
        var behind: WindowEdge?
        if let anchor = findAnchor() {
            testReplay(anchor: anchor)
            let counterTest = testCounter(anchor: anchor)
            ahead = searchEdge(.ahead, anchor: anchor, budget: configuration.bisectionAttempts, prior: nil)
            if consecutiveFailures > 0 { verifyControl(anchor: anchor) }
            let downBudget = configuration.bisectionAttempts + (attempts.last?.purpose == .control ? 0 : 1)
            if stopReason == nil {
                behind = searchEdge(.behind, anchor: anchor, budget: downBudget, prior: counterTest)
            } else {
                let farthest = attempts.filter { $0.outcome == .accepted }.map(\.offset).min() ?? anchor
                behind = WindowEdge(direction: .behind, acceptedOffset: min(farthest, anchor), boundOffset: nil,
                                    attempts: 0, failures: 0)
            }
            if let counterTest, counterTest.rejected, let behind, behind.acceptedOffset <= anchor - 1 {
                replay = .monotonicCounter
                notes.append("Offset \(signed(anchor - 1)) was refused while its step was below the highest accepted step, and accepted later on a fresh step: the verifier keeps a monotonic counter.")
            }
            if replay == .untested, stopReason == nil { testReplayLate(ahead: ahead, behind: behind) }
            checkEdgeDidNotMove(anchor: anchor)
            finalControl(anchor: anchor)
            (ahead, behind) = applyDistrust(ahead: ahead, behind: behind)
            if recentring == .seen, resetter != nil, let remeasured = remeasureWithResets(anchor: anchor) {
                (ahead, behind) = remeasured
            } else if lockout == .seen, resetter != nil, let remeasured = remeasureAfterLockout(anchor: anchor) {
                (ahead, behind) = remeasured
            }
        } else if attempts.last?.outcome != .error {
            notes.append("No code within the range was accepted: check the secret and parameters, widen --range, or give --center if the verifier holds a stored skew.")
        }
        evidence?.record(event: "end", note: stopReason ?? "finished", at: clock.now())
        return result(ahead: ahead, behind: behind, started: started)
    }

    // MARK: Phases

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
            // Room for the replay test to follow in the same step.
            switch send(offset: offset, purpose: .anchor, extraGuard: configuration.guardSeconds + 0.1) {
            case .accepted: return offset
            case .rejected: continue
            default: return nil
            }
        }
        return nil
    }

    /// Re-sends the anchor's step while it is still current: the cheapest way to see a replay block.
    private mutating func testReplay(anchor: Int64) {
        guard let step = attempts.last(where: { $0.outcome == .accepted })?.step,
              currentStep() + anchor == step, outsideGuard(), failuresLeft(reserve: 1) > 0 else { return }
        switch send(offset: anchor, purpose: .replayTest, allowUsedStep: true) {
        case .accepted: replay = .none
        case .rejected: replay = .blocked
        default: break
        }
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
    private mutating func searchEdge(_ direction: Direction, anchor: Int64, budget: Int,
                                     prior: (rejected: Bool, attempt: Int)?) -> WindowEdge {
        let sign: Int64 = direction == .ahead ? 1 : -1
        var search = EdgeSearch(limit: configuration.range - sign * anchor)
        var attemptsLeft = budget
        if direction == .behind, let prior, !prior.rejected {
            search.record(distance: 1, accepted: true)
            attemptsLeft -= 1
        }
        let purpose: AttemptPurpose = direction == .ahead ? .searchUp : .searchDown
        let available = failuresLeft(reserve: 1)
        let failureShare = direction == .ahead ? max(1, (available + 1) / 2) : available
        let failuresAtStart = failures
        while stopReason == nil {
            let left = min(failureShare - (failures - failuresAtStart), failuresLeft(reserve: 1))
            guard let distance = search.next(attemptsLeft: min(attemptsLeft, attemptsRemaining), failuresLeft: left)
            else { break }
            let outcome = send(offset: anchor + sign * distance, purpose: purpose)
            guard outcome == .accepted || outcome == .rejected else { break }
            attemptsLeft -= 1
            search.record(distance: distance, accepted: outcome == .accepted)
            if outcome == resetAfter, !performReset() { break }
        }
        if !search.isDone && stopReason == nil {
            notes.append("The \(direction.rawValue) edge is only bounded: the attempt or failure budget ran out first.")
        }
        // Without a reject inside the range nothing bounds the edge: it may lie beyond the range.
        let bound: Int64? = search.highest < search.limit ? search.highest : nil
        return WindowEdge(direction: direction, acceptedOffset: anchor + sign * search.lowest,
                          boundOffset: bound.map { anchor + sign * $0 }, attempts: search.attempts,
                          failures: search.failures)
    }

    /// A re-centring window measured again from a known state: the verifier is reset before the
    /// search and after every accepted code, so each probe sees the window around the anchor.
    private mutating func remeasureWithResets(anchor: Int64) -> (WindowEdge, WindowEdge)? {
        stopReason = nil
        guard performReset() else { return nil }
        resetAfter = .accepted
        let ahead = searchEdge(.ahead, anchor: anchor, budget: configuration.bisectionAttempts + 1, prior: nil)
        let behind = searchEdge(.behind, anchor: anchor, budget: configuration.bisectionAttempts + 1, prior: nil)
        guard stopReason == nil else { return nil }
        remeasured = true
        untrustedAfterAttempt = nil
        notes.append("The window was measured again with a reset before the search and after every accepted code (\(resets) resets in all).")
        return (ahead, behind)
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
                notes.append("After --reset-cmd, the control code (offset \(signed(anchor))) was still refused: the reset does not clear the lockout.")
            }
            stopReason = lockedReason
            return nil
        }
        resetAfter = .rejected
        let ahead = searchEdge(.ahead, anchor: anchor, budget: configuration.bisectionAttempts + 1, prior: nil)
        let behind = searchEdge(.behind, anchor: anchor, budget: configuration.bisectionAttempts + 1, prior: nil)
        resetAfter = nil
        guard stopReason == nil, ahead.isExact, behind.isExact else {
            notes.append("The lockout was cleared by --reset-cmd, but measuring again did not pin both edges down within the budgets and --range, so the bounds from before the lockout stand; raise --max-failures or --max-attempts.")
            stopReason = stopReason ?? lockedReason
            return nil
        }
        remeasured = true
        untrustedAfterAttempt = nil
        notes.append("The lockout was cleared by --reset-cmd, and the window was measured again with a reset after every rejected code (\(resets) resets in all).")
        return (ahead, behind)
    }

    /// When the anchor's step had passed before the replay test, re-sends another accepted step that
    /// is still inside the now-known window.
    private mutating func testReplayLate(ahead: WindowEdge?, behind: WindowEdge?) {
        guard let ahead, let behind, failuresLeft(reserve: 1) > 0 else { return }
        let now = currentStep()
        guard let step = acceptedSteps.sorted().last(where: {
            (behind.acceptedOffset...ahead.acceptedOffset).contains($0 - now)
        }), outsideGuard() else { return }
        switch send(offset: step - currentStep(), purpose: .replayTest, allowUsedStep: true) {
        case .accepted: replay = .none
        case .rejected: replay = .blocked
        default: break
        }
    }

    /// A code that must be accepted after the search, unless the last answer was already an accept.
    private mutating func finalControl(anchor: Int64) {
        guard stopReason == nil else { return }
        if consecutiveFailures > 0 { verifyControl(anchor: anchor) }
        if stopReason == nil {
            lockout = .notSeen
            if recentring == .untested, !recentringUnchecked { recentring = .notSeen }
        }
    }

    /// A re-centring window follows each accept, so the offset just past the last accepted edge is
    /// accepted once the window has moved there. When that edge was accepted after its neighbour
    /// was refused, the neighbour is sent once more: accepted now means the window moved.
    private mutating func checkEdgeDidNotMove(anchor: Int64) {
        guard stopReason == nil,
              let last = attempts.last(where: { $0.outcome == .accepted && ($0.purpose == .searchUp || $0.purpose == .searchDown) })
        else { return }
        let beyond = last.offset + (last.purpose == .searchUp ? 1 : -1)
        guard attempts.contains(where: { $0.number < last.number && $0.offset == beyond && $0.outcome == .rejected
                                         && $0.purpose == last.purpose }) else { return }
        // The check and the control after it count against the behind edge's ⌈log2(R+1)⌉ + 2.
        let behindUsed = attempts.filter { [.searchDown, .edgeCheck, .control].contains($0.purpose) }.count
        guard failuresLeft(reserve: 1) > 0, behindUsed + 2 <= configuration.bisectionAttempts + 2 else {
            recentringUnchecked = true
            notes.append("Re-centring was not checked: the budget had no room for a second try at offset \(signed(beyond)).")
            return
        }
        switch send(offset: beyond, purpose: .edgeCheck) {
        case .accepted:
            recentring = .seen
            untrustedAfterAttempt = firstMoveAttemptNumber(anchor: anchor)
            notes.append("Offset \(signed(beyond)) was refused, then accepted after offset \(signed(last.offset)) was: the verifier re-centres its window on each accepted code. Edges beyond the first accept in each direction are not trusted without --reset-cmd.")
            stop("the window moved (re-centring)")
        case .rejected:
            recentring = .notSeen
        default:
            break
        }
    }

    /// Sends a code that must be accepted: the anchor's offset, or another offset already accepted
    /// whose step is fresh right now (saving a wait for the next step). A reject is either a lockout
    /// or a window that moved to the last accepted code; a second control at that offset tells which.
    /// Either way the search stops, and rejects after the point of doubt are no longer trusted.
    private mutating func verifyControl(anchor: Int64) {
        let lastAccepted = attempts.last(where: { $0.outcome == .accepted })?.offset ?? anchor
        let firstRejectAt = attempts.count + 1
        let offset = controlOffset(anchor: anchor, avoiding: lastAccepted)
        guard control(offset: offset) == .rejected else { return }
        if lastAccepted != offset, failuresLeft(reserve: 0) > 0 {
            switch control(offset: lastAccepted) {
            case .accepted:
                recentring = .seen
                lockout = .notSeen
                untrustedAfterAttempt = firstMoveAttemptNumber(anchor: anchor)
                notes.append("Offset \(signed(offset)) was refused after being accepted, while offset \(signed(lastAccepted)) (the last accepted) still is: the verifier re-centres its window on each accepted code. Edges beyond the first accept in each direction are not trusted without --reset-cmd.")
                stop("the window moved (re-centring)")
                return
            case .rejected: break
            default: return
            }
        }
        lockout = .seen
        untrustedAfterAttempt = lastAcceptedAttemptNumber(before: firstRejectAt)
        notes.append("A control code that must be accepted (offset \(signed(offset)) on a fresh step) was refused: the verifier is locking out after rejects\(lastAccepted != offset ? " (or re-centred; the budget left no second control to tell)" : ""). Rejects after attempt \(untrustedAfterAttempt ?? 0) are not trusted.")
        stop("a control code was refused (lockout)")
    }

    /// Of the offsets accepted before, the one whose step turns fresh soonest; ties go to the anchor's
    /// neighbourhood, and the last accepted offset comes last, since the re-centring check needs it.
    private func controlOffset(anchor: Int64, avoiding lastAccepted: Int64) -> Int64 {
        let now = currentStep()
        let known = attempts.filter { $0.outcome == .accepted && $0.number <= (untrustedAfterAttempt ?? Int.max) }
            .map(\.offset)
        guard let low = known.min(), let high = known.max() else { return anchor }
        return (low...high).min { first, second in
            let keys = [first, second].map { offset in
                (earliestFreshStep(from: now, offset: offset, allowBelowHighest: false),
                 offset == lastAccepted && offset != anchor ? 1 : 0, abs(offset - anchor))
            }
            return keys[0] < keys[1]
        } ?? anchor
    }

    /// Sends a control code on a fresh step (waiting for the next step if need be).
    private mutating func control(offset: Int64) -> Outcome? {
        guard failuresLeft(reserve: 0) > 0 else { return nil }
        return send(offset: offset, purpose: .control)
    }

    // MARK: Distrust after lockout or re-centring

    private func lastAcceptedAttemptNumber(before number: Int) -> Int {
        attempts.prefix(max(0, number - 1)).last(where: { $0.outcome == .accepted })?.number ?? 0
    }

    /// The first accepted search code away from the anchor: after it, a re-centring window has moved.
    private func firstMoveAttemptNumber(anchor: Int64) -> Int {
        attempts.first(where: { $0.outcome == .accepted && $0.offset != anchor && $0.purpose != .control })?.number
            ?? attempts.count
    }

    /// Rebuilds each edge from the attempts that can still be trusted: rejects after the point of
    /// distrust no longer bound an edge, and accepts after a re-centring no longer extend it.
    private func applyDistrust(ahead: WindowEdge?, behind: WindowEdge?) -> (WindowEdge?, WindowEdge?) {
        guard let cutoff = untrustedAfterAttempt else { return (ahead, behind) }
        func rebuild(_ edge: WindowEdge?) -> WindowEdge? {
            guard var edge else { return nil }
            let purpose: AttemptPurpose = edge.direction == .ahead ? .searchUp : .searchDown
            let sign: Int64 = edge.direction == .ahead ? 1 : -1
            let trusted = attempts.filter { $0.number <= cutoff }
            let accepted = trusted.filter { $0.outcome == .accepted }.map { sign * $0.offset }.max() ?? 0
            let rejected = trusted.filter { $0.outcome == .rejected && $0.purpose == purpose }
                .map { sign * $0.offset }.filter { $0 > accepted }.min()
            edge.acceptedOffset = sign * max(accepted, 0)
            edge.boundOffset = rejected.map { sign * ($0 - 1) }
            if recentring == .seen { edge.boundOffset = nil }
            return edge
        }
        return (rebuild(ahead), rebuild(behind))
    }

    // MARK: Result

    private func result(ahead: WindowEdge?, behind: WindowEdge?, started: Double) -> ProbeResult {
        let shape: String
        if let ahead, let behind, ahead.isExact, behind.isExact, recentring != .seen || remeasured,
           lockout != .seen || remeasured {
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
            confidence: confidence, failures: failures, rateLimitedAnswers: rateLimitedAnswers, resets: resets,
            waitedSeconds: waited, elapsedSeconds: clock.now() - started, stopReason: stopReason, notes: notes)
    }
}

func signed(_ value: Int64) -> String { value > 0 ? "+\(value)" : String(value) }
