import OTPCore
import Probe
import XCTest

/// The strategy against an in-process verifier on a fake clock: exact windows, budgets, and each
/// behaviour class, without sleeping.
final class ProbeEngineTests: XCTestCase {
    private let totp = TOTP(secret: try! Secret(bytes: Array("12345678901234567890".utf8)), parameters: OTPParameters())
    /// 5 s into a step, so the guard does not get in the way unless a test wants it to.
    private let start = 1_800_000_005.0

    private func probe(_ verifier: FakeVerifier, clock: FakeClock, range: Int64 = 10, maxFailures: Int = 4,
                       maxAttempts: Int = 30, maxWait: Double = 300, reset: FakeReset? = nil,
                       evidence: MemoryEvidence? = nil) -> ProbeResult {
        var engine = ProbeEngine(totp: totp, verifier: verifier, clock: clock,
                                 configuration: ProbeConfiguration(range: range, maxAttempts: maxAttempts,
                                                                   maxFailures: maxFailures, guardSeconds: 3,
                                                                   maxWaitSeconds: maxWait, backoffSeconds: 5),
                                 resetter: reset, evidence: evidence)
        return engine.run()
    }

    private func bisection(_ range: Int64) -> Int { ProbeConfiguration(range: range).bisectionAttempts }

    func testStatelessSymmetricWindowsAreExactWithinTheAttemptBound() {
        for window: Int64 in [0, 1, 3, 7] {
            let clock = FakeClock(time: start)
            let verifier = FakeVerifier(totp: totp, clock: clock, behind: window, ahead: window)
            let result = probe(verifier, clock: clock, maxFailures: 6)
            XCTAssertEqual(result.confidence, .exact, "w=\(window) \(result.notes)")
            XCTAssertEqual(result.ahead?.acceptedOffset, window)
            XCTAssertEqual(result.ahead?.boundOffset, window)
            XCTAssertEqual(result.behind?.acceptedOffset, -window)
            XCTAssertEqual(result.behaviours.window, "symmetric")
            XCTAssertEqual(result.behaviours.replay, ReplayBehaviour.none)
            XCTAssertLessThanOrEqual(result.attempts.count, 2 * (bisection(10) + 2), "w=\(window)")
            XCTAssertLessThanOrEqual(result.failures, 6)
            XCTAssertEqual(clock.slept, 0, "a stateless verifier needs no waiting")
        }
    }

    func testEveryWindowInALargeRangeStaysInsideBothBudgets() {
        for range: Int64 in [1, 10, 100, 1000] {
            for ahead in Set<Int64>([0, 1, 2, range / 3, range / 2, range - 1, range, range + 5]) {
                for behind in Set<Int64>([0, 1, range / 2, range + 1]) {
                    for maxFailures in [2, 4, 10] {
                        let clock = FakeClock(time: start)
                        let verifier = FakeVerifier(totp: totp, clock: clock, behind: behind, ahead: ahead)
                        let result = probe(verifier, clock: clock, range: range, maxFailures: maxFailures, maxAttempts: 100)
                        let label = "R=\(range) -\(behind)…+\(ahead) F=\(maxFailures)"
                        XCTAssertLessThanOrEqual(result.failures, maxFailures, label)
                        let limit = bisection(range) + 2
                        let aheadAttempts = result.attempts.filter { [.anchor, .replayTest, .searchUp].contains($0.purpose) }.count
                        let behindAttempts = result.attempts.filter { [.searchDown, .edgeCheck, .control].contains($0.purpose) }.count
                        XCTAssertLessThanOrEqual(aheadAttempts, limit, label)
                        XCTAssertLessThanOrEqual(behindAttempts, limit, label)
                        // Whatever the budget allowed, the answer must never contradict the truth.
                        if let edge = result.ahead {
                            XCTAssertLessThanOrEqual(edge.acceptedOffset, min(ahead, range), label)
                            if let bound = edge.boundOffset { XCTAssertGreaterThanOrEqual(bound, min(ahead, range), label) }
                        }
                        if let edge = result.behind {
                            XCTAssertGreaterThanOrEqual(edge.acceptedOffset, -min(behind, range), label)
                            if let bound = edge.boundOffset { XCTAssertLessThanOrEqual(bound, -min(behind, range), label) }
                        }
                        if maxFailures == 10 && range <= 10 {
                            XCTAssertEqual(result.ahead?.acceptedOffset, min(ahead, range), label)
                            XCTAssertEqual(result.behind?.acceptedOffset, -min(behind, range), label)
                            XCTAssertEqual(result.ahead?.boundOffset, ahead >= range ? nil : ahead, label)
                        }
                    }
                }
            }
        }
    }

    func testNarrowWindowsInAWideRangeAreExactWithTheDefaultFailureBudget() {
        for window: Int64 in [0, 1, 2, 3] {
            let clock = FakeClock(time: start)
            let verifier = FakeVerifier(totp: totp, clock: clock, behind: window, ahead: window + 1)
            let result = probe(verifier, clock: clock, range: 100)
            XCTAssertEqual(result.confidence, .exact, "w=\(window)")
            XCTAssertEqual(result.ahead?.boundOffset, window + 1)
            XCTAssertEqual(result.behind?.boundOffset, -window)
            XCTAssertLessThanOrEqual(result.failures, 4)
        }
    }

    func testAsymmetricWindowAroundAStoredSkew() {
        let clock = FakeClock(time: start)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 1, ahead: 2, skew: 2)
        let result = probe(verifier, clock: clock, maxFailures: 6)
        XCTAssertEqual(result.ahead?.acceptedOffset, 4)
        XCTAssertEqual(result.ahead?.boundOffset, 4)
        XCTAssertEqual(result.behind?.acceptedOffset, 1)
        XCTAssertEqual(result.behind?.boundOffset, 1)
        XCTAssertEqual(result.behaviours.window, "asymmetric")
        XCTAssertEqual(result.confidence, .exact)
    }

    func testCentreHintFindsAFarStoredSkewWithoutSpendingFailures() {
        let clock = FakeClock(time: start)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 1, ahead: 1, skew: -8)
        var engine = ProbeEngine(totp: totp, verifier: verifier, clock: clock,
                                 configuration: ProbeConfiguration(range: 12, maxFailures: 4, center: -8))
        let result = engine.run()
        XCTAssertEqual(result.attempts.first?.outcome, .accepted)
        XCTAssertEqual(result.behaviours.centre, -8)
        XCTAssertEqual(result.behind?.boundOffset, -9)
        XCTAssertEqual(result.ahead?.boundOffset, -7)
        XCTAssertEqual(result.confidence, .exact)
    }

    func testExactStepReplayBlockIsNamedAndTheWindowStillFound() {
        let clock = FakeClock(time: start)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 1, ahead: 2)
        verifier.replay = .exactStep
        let result = probe(verifier, clock: clock, maxFailures: 6)
        XCTAssertEqual(result.behaviours.replay, .exactStep)
        XCTAssertEqual(result.ahead?.acceptedOffset, 2)
        XCTAssertEqual(result.ahead?.boundOffset, 2)
        XCTAssertEqual(result.behind?.acceptedOffset, -1)
        XCTAssertEqual(result.behind?.boundOffset, -1)
        XCTAssertEqual(result.confidence, .exact)
        let replays = result.attempts.filter { $0.purpose != .replayTest }
        XCTAssertEqual(Set(replays.filter { $0.outcome == .accepted }.map(\.step)).count,
                       replays.filter { $0.outcome == .accepted }.count, "no accepted step is sent twice outside the replay test")
    }

    func testReplayTestIsNotFooledByAStepChangeAfterTheAnchor() {
        let clock = FakeClock(time: 1_800_000_026.9)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 1, ahead: 1)
        verifier.replay = .exactStep
        verifier.latency = 0.2
        let result = probe(verifier, clock: clock, maxFailures: 6)
        XCTAssertNotEqual(result.behaviours.replay, ReplayBehaviour.none, "a replay block must not be missed")
        XCTAssertEqual(result.ahead?.boundOffset, 1)
        XCTAssertEqual(result.behind?.boundOffset, -1)
    }

    func testMonotonicCounterIsDetectedByWaitingForFreshSteps() {
        let clock = FakeClock(time: start)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 2, ahead: 1)
        verifier.replay = .monotonic
        let result = probe(verifier, clock: clock, maxFailures: 6)
        XCTAssertEqual(result.behaviours.replay, .monotonicCounter, result.notes.joined(separator: "\n"))
        XCTAssertEqual(result.ahead?.acceptedOffset, 1)
        XCTAssertEqual(result.ahead?.boundOffset, 1)
        XCTAssertEqual(result.behind?.acceptedOffset, -2)
        XCTAssertEqual(result.behind?.boundOffset, -2)
        XCTAssertGreaterThan(clock.slept, 0)
    }

    func testMonotonicCounterWithoutTimeToWaitReportsBounds() {
        let clock = FakeClock(time: start)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 2, ahead: 1)
        verifier.replay = .monotonic
        let result = probe(verifier, clock: clock, maxFailures: 6, maxWait: 10)
        XCTAssertEqual(result.confidence, .bounds)
        XCTAssertNil(result.behind?.boundOffset)
        XCTAssertNotNil(result.stopReason)
    }

    func testResetReplacesALongWaitAndIsUsedOnlyWhenNeeded() {
        let clock = FakeClock(time: start)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 2, ahead: 1)
        verifier.replay = .monotonic
        let reset = FakeReset(verifier: verifier)
        let result = probe(verifier, clock: clock, maxFailures: 6, maxWait: 10, reset: reset)
        XCTAssertEqual(result.behind?.acceptedOffset, -2)
        XCTAssertEqual(result.behind?.boundOffset, -2)
        XCTAssertEqual(result.ahead?.boundOffset, 1)
        XCTAssertGreaterThan(reset.count, 0)
        XCTAssertEqual(result.resets, reset.count)
        XCTAssertLessThan(reset.count, result.attempts.count / 2)
    }

    func testRateLimitIsWaitedOutNotHammered() {
        let clock = FakeClock(time: start)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 1, ahead: 1)
        verifier.rateLimit = (3, 20)
        let result = probe(verifier, clock: clock, maxFailures: 6)
        XCTAssertEqual(result.behaviours.rateLimiting, .seen)
        XCTAssertEqual(result.ahead?.boundOffset, 1)
        XCTAssertEqual(result.behind?.boundOffset, -1)
        XCTAssertEqual(result.confidence, .exact)
        XCTAssertLessThanOrEqual(result.rateLimitedAnswers, result.attempts.count / 2 + 1)
    }

    func testLockoutIsSeenAndRejectsAfterItAreNotTrusted() {
        let clock = FakeClock(time: start)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 3, ahead: 3)
        verifier.lockoutAfter = 2
        let result = probe(verifier, clock: clock, maxFailures: 6)
        XCTAssertEqual(result.behaviours.lockout, .seen)
        XCTAssertEqual(result.confidence, .bounds)
        XCTAssertLessThanOrEqual(result.failures, 6)
        if let ahead = result.ahead {
            XCTAssertLessThanOrEqual(ahead.acceptedOffset, 3)
            if let bound = ahead.boundOffset { XCTAssertGreaterThanOrEqual(bound, 3) }
        }
        if let behind = result.behind {
            XCTAssertGreaterThanOrEqual(behind.acceptedOffset, -3)
            if let bound = behind.boundOffset { XCTAssertLessThanOrEqual(bound, -3) }
        }
    }

    /// With a reset command, a lockout is cleared once and the window measured again with a reset
    /// after every reject: exact edges, every budget kept.
    func testLockoutClearedByAResetIsMeasuredExactly() {
        for (behind, ahead, lockoutAfter) in [(3, 3, 2), (1, 4, 2), (2, 0, 1), (5, 2, 1)] as [(Int64, Int64, Int)] {
            let clock = FakeClock(time: start)
            let verifier = FakeVerifier(totp: totp, clock: clock, behind: behind, ahead: ahead)
            verifier.lockoutAfter = lockoutAfter
            let reset = FakeReset(verifier: verifier)
            let result = probe(verifier, clock: clock, maxFailures: 10, maxAttempts: 40, reset: reset)
            let label = "−\(behind)/+\(ahead), lockout after \(lockoutAfter): " + result.notes.joined(separator: " | ")
            XCTAssertEqual(result.behaviours.lockout, .seen, label)
            XCTAssertEqual(result.confidence, .exact, label)
            XCTAssertEqual(result.ahead?.acceptedOffset, ahead, label)
            XCTAssertEqual(result.behind?.acceptedOffset, -behind, label)
            XCTAssertLessThanOrEqual(result.failures, 10, label)
            XCTAssertLessThanOrEqual(result.attempts.count, 40, label)
            XCTAssertEqual(result.resets, reset.count, label)
            XCTAssertNil(result.stopReason, label)
        }
    }

    /// A reset that does not clear the lockout leaves the earlier bounds and the lockout reason.
    func testResetThatDoesNotClearALockoutKeepsTheBounds() {
        let clock = FakeClock(time: start)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 3, ahead: 3)
        verifier.lockoutAfter = 2
        let reset = StubbornReset()
        var engine = ProbeEngine(totp: totp, verifier: verifier, clock: clock,
                                 configuration: ProbeConfiguration(range: 10, maxAttempts: 40, maxFailures: 10),
                                 resetter: reset)
        let result = engine.run()
        XCTAssertEqual(result.behaviours.lockout, .seen)
        XCTAssertEqual(result.confidence, .bounds)
        XCTAssertEqual(result.stopReason, "a control code was refused (lockout)")
        XCTAssertTrue(result.notes.contains { $0.contains("does not clear the lockout") }, result.notes.joined(separator: "\n"))
        XCTAssertEqual(reset.count, 1, "one reset, never a loop of them")
    }

    /// With too small a failure budget the re-measurement stops and says what to raise.
    func testLockoutRemeasureThatRunsOutOfBudgetSaysSo() {
        let clock = FakeClock(time: start)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 3, ahead: 3)
        verifier.lockoutAfter = 2
        let result = probe(verifier, clock: clock, maxFailures: 5, maxAttempts: 40, reset: FakeReset(verifier: verifier))
        XCTAssertEqual(result.behaviours.lockout, .seen)
        XCTAssertEqual(result.confidence, .bounds)
        XCTAssertLessThanOrEqual(result.failures, 5)
        XCTAssertNotNil(result.stopReason)
    }

    func testRecentringIsSeen() {
        let clock = FakeClock(time: start)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 1, ahead: 1)
        verifier.recentres = true
        let result = probe(verifier, clock: clock, maxFailures: 6)
        XCTAssertEqual(result.behaviours.recentring, .seen, result.notes.joined(separator: "\n"))
        XCTAssertEqual(result.confidence, .bounds)
        XCTAssertEqual(result.ahead?.acceptedOffset, 1)
        XCTAssertNil(result.ahead?.boundOffset)
    }

    func testRecentringWithAResetIsMeasuredExactly() {
        let clock = FakeClock(time: start)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 2, ahead: 1)
        verifier.recentres = true
        let reset = FakeReset(verifier: verifier)
        let result = probe(verifier, clock: clock, maxFailures: 8, maxAttempts: 40, reset: reset)
        XCTAssertEqual(result.behaviours.recentring, .seen)
        XCTAssertEqual(result.ahead?.acceptedOffset, 1)
        XCTAssertEqual(result.ahead?.boundOffset, 1)
        XCTAssertEqual(result.behind?.acceptedOffset, -2)
        XCTAssertEqual(result.behind?.boundOffset, -2)
        XCTAssertEqual(result.confidence, .exact, result.notes.joined(separator: "\n"))
        XCTAssertEqual(result.resets, reset.count)
        XCTAssertLessThanOrEqual(result.failures, 8)
    }

    func testGuardKeepsCodesOutOfTheLastSecondsAndEvidenceSeesEveryAttempt() {
        let clock = FakeClock(time: 1_800_000_028.5)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 1, ahead: 1)
        verifier.latency = 0.7
        let evidence = MemoryEvidence()
        let result = probe(verifier, clock: clock, evidence: evidence)
        XCTAssertEqual(result.confidence, .exact)
        for attempt in result.attempts { XCTAssertLessThanOrEqual(attempt.secondsIntoStep, 27.0001) }
        XCTAssertEqual(evidence.attempts, result.attempts)
        XCTAssertEqual(evidence.events.first, "start")
        XCTAssertEqual(evidence.events.last, "end")
    }

    func testNothingAcceptedStopsWithinTheFailureBudget() {
        let clock = FakeClock(time: start)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 1, ahead: 1, skew: 50)
        let result = probe(verifier, clock: clock)
        XCTAssertEqual(result.confidence, ProbeResultConfidenceNone)
        XCTAssertLessThanOrEqual(result.failures, 4)
        XCTAssertNil(result.ahead)
    }

    func testEdgeSearchCapacityMatchesBinomialSums() {
        XCTAssertEqual(EdgeSearch.capacity(attempts: 4, failures: 4), 16)
        XCTAssertEqual(EdgeSearch.capacity(attempts: 4, failures: 1), 5)
        XCTAssertEqual(EdgeSearch.capacity(attempts: 0, failures: 3), 1)
    }
}

private let ProbeResultConfidenceNone = Confidence.none
