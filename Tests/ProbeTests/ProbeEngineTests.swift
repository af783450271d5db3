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
            XCTAssertEqual(result.confidence, .exact, "w=\(window) \(result.noteTexts)")
            XCTAssertEqual(result.ahead?.acceptedOffset, window)
            XCTAssertEqual(result.ahead?.boundOffset, window)
            XCTAssertEqual(result.behind?.acceptedOffset, -window)
            XCTAssertEqual(result.behaviours.window, "symmetric")
            XCTAssertEqual(result.behaviours.replay, ReplayBehaviour.none)
            // One more than a plain bisection: the wrong code that checks the rule spends a reject.
            XCTAssertLessThanOrEqual(result.ahead?.attempts ?? 99, bisection(10) + 3, "w=\(window)")
            XCTAssertLessThanOrEqual(result.behind?.attempts ?? 99, bisection(10) + 3, "w=\(window)")
            XCTAssertEqual(result.ruleCheck, .passed)
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
                        XCTAssertLessThanOrEqual(result.attemptsJudged, 100, label)
                        // A search code accepted away from the centre is followed by one code at the centre (the last at the end).
                        let centreCodes = result.attempts.filter { $0.purpose == .centre }.count
                        let acceptedSearch = result.attempts.filter { [.searchUp, .searchDown].contains($0.purpose) && $0.outcome == .accepted }.count
                        XCTAssertLessThanOrEqual(centreCodes, acceptedSearch + 1, label)
                        if maxFailures == 10 && range <= 10 {
                            // With rejects to spare, each edge gallops and bisects: ⌈log2(R+1)⌉ + 2 search codes.
                            XCTAssertLessThanOrEqual(result.ahead?.attempts ?? 0, bisection(range) + 2, label)
                            XCTAssertLessThanOrEqual(result.behind?.attempts ?? 0, bisection(range) + 2, label)
                        }
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
        XCTAssertEqual(result.attempts.first?.purpose, .anchor)
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
        XCTAssertFalse(result.noteTexts.contains { $0.contains("Replay not determined") }, "a refused replay is read as refused")
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

    // MARK: A replay the rule calls accepted

    /// HTTP 200 `{"ok":false,"error":"code already used"}` to a replay, read with a status-only rule:
    /// the replay is not reported as accepted again, both answers are shown, and the window is still
    /// measured on fresh steps.
    func testReplayAnsweredAlreadyUsedUnderAStatusRuleIsNotDetermined() {
        let clock = FakeClock(time: start)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 1, ahead: 2)
        verifier.replay = .markedAccepted
        let result = probe(verifier, clock: clock, maxFailures: 6)
        XCTAssertEqual(result.behaviours.replay, .notDetermined, result.noteTexts.joined(separator: "\n"))
        assertReplayNoteShowsBothAnswers(result)
        XCTAssertEqual(result.confidence, .exact, result.noteTexts.joined(separator: "\n"))
        XCTAssertEqual(result.ahead?.boundOffset, 2)
        XCTAssertEqual(result.behind?.boundOffset, -1)
        let sentOnce = result.attempts.filter { $0.purpose != .replayTest && $0.outcome == .accepted }
        XCTAssertEqual(Set(sentOnce.map(\.step)).count, sentOnce.count, "no accepted step is sent twice outside the replay test")
        let codes = Set(result.attempts.compactMap { totp.code(counter: $0.step) })
        XCTAssertFalse(result.noteTexts.contains { note in codes.contains { note.contains($0) } }, "no code reaches the notes")
    }

    /// The same verifier when the anchor's step ends before the replay: the late replay test (on a
    /// step inside the measured window) reads the answers the same way.
    func testLateReplayAnsweredAlreadyUsedIsNotDetermined() {
        let clock = FakeClock(time: start)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 3, ahead: 1)
        verifier.replay = .markedAccepted
        // The answer to the anchor comes too close to the end of its step for a replay in it.
        verifier.firstLatency = 23
        let result = probe(verifier, clock: clock, maxFailures: 6)
        let replayTests = result.attempts.filter { $0.purpose == .replayTest }
        XCTAssertEqual(replayTests.count, 1, result.attempts.map { "\($0.number) \($0.purpose) \($0.offset) \($0.outcome)" }.joined(separator: "\n"))
        XCTAssertNotEqual(replayTests.first?.number, 2, "the replay test must be the late one")
        XCTAssertEqual(result.behaviours.replay, .notDetermined, result.noteTexts.joined(separator: "\n"))
        assertReplayNoteShowsBothAnswers(result)
        XCTAssertEqual(result.ahead?.boundOffset, 1)
        XCTAssertEqual(result.behind?.boundOffset, -3)
    }

    /// The negative control: a verifier that really accepts a replay answers it as it answered the
    /// first time, and is still reported as having no replay protection, with no extra note.
    func testReplayAcceptedWithTheSameAnswerIsStillNone() {
        for window: Int64 in [0, 2] {
            let clock = FakeClock(time: start)
            let verifier = FakeVerifier(totp: totp, clock: clock, behind: window, ahead: window)
            let result = probe(verifier, clock: clock, maxFailures: 6)
            XCTAssertEqual(result.behaviours.replay, ReplayBehaviour.none, "w=\(window)")
            XCTAssertNotNil(result.attempts.first { $0.purpose == .replayTest }?.answer, "the replay's answer was kept")
            XCTAssertFalse(result.noteTexts.contains { $0.contains("Replay not determined") }, "w=\(window)")
            XCTAssertEqual(result.confidence, .exact)
        }
    }

    /// Accepted answers that differ among themselves (a new session token each time) make a different
    /// replay answer weak evidence: still not `none`, and the report says why it proves less.
    func testAcceptedAnswersThatVaryAreSaidToProveLess() {
        let clock = FakeClock(time: start)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 1, ahead: 1)
        verifier.sessionTokenInAcceptedAnswers = true
        let result = probe(verifier, clock: clock, maxFailures: 6)
        XCTAssertEqual(result.behaviours.replay, .notDetermined)
        XCTAssertTrue(result.noteTexts.contains { $0.contains("accepted answers differ among themselves") }, result.noteTexts.joined(separator: "\n"))
    }

    /// Without answers to compare (a person typing y/n) the rule's reading stands, as before.
    func testReplayWithoutAnswersToCompareFollowsTheRule() {
        let clock = FakeClock(time: start)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 1, ahead: 1)
        verifier.answersWithoutFingerprints = true
        let result = probe(verifier, clock: clock, maxFailures: 6)
        XCTAssertEqual(result.behaviours.replay, ReplayBehaviour.none)
    }

    private func assertReplayNoteShowsBothAnswers(_ result: ProbeResult, file: StaticString = #filePath, line: UInt = #line) {
        let used = AnswerFingerprint(status: "HTTP 200", body: FakeVerifier.alreadyUsedBody).description
        let accepted = AnswerFingerprint(status: "HTTP 200", body: FakeVerifier.acceptedBody).description
        let note = result.noteTexts.first { $0.hasPrefix("Replay not determined") }
        XCTAssertNotNil(note, result.noteTexts.joined(separator: "\n"), file: file, line: line)
        XCTAssertTrue(note?.contains(used) == true && note?.contains(accepted) == true, note ?? "", file: file, line: line)
        XCTAssertEqual(result.notes.first { $0.text.hasPrefix("Replay not determined") }?.settings, [.acceptanceRule, .verifierCommand],
                       "the note names the rule to tighten as a setting, not as an option", file: file, line: line)
        XCTAssertFalse(note?.contains("--") == true, note ?? "", file: file, line: line)
    }

    func testMonotonicCounterIsDetectedByWaitingForFreshSteps() {
        let clock = FakeClock(time: start)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 2, ahead: 1)
        verifier.replay = .monotonic
        let result = probe(verifier, clock: clock, maxFailures: 6)
        XCTAssertEqual(result.behaviours.replay, .monotonicCounter, result.noteTexts.joined(separator: "\n"))
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
        XCTAssertLessThan(clock.slept, 30, "resets replace the waits for fresh steps")
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
        verifier.lockoutAfter = 1
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
        for (behind, ahead, lockoutAfter) in [(3, 3, 1), (1, 4, 1), (2, 0, 1), (5, 2, 1)] as [(Int64, Int64, Int)] {
            let clock = FakeClock(time: start)
            let verifier = FakeVerifier(totp: totp, clock: clock, behind: behind, ahead: ahead)
            verifier.lockoutAfter = lockoutAfter
            let reset = FakeReset(verifier: verifier)
            let result = probe(verifier, clock: clock, maxFailures: 10, maxAttempts: 40, reset: reset)
            let label = "−\(behind)/+\(ahead), lockout after \(lockoutAfter): " + result.noteTexts.joined(separator: " | ")
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
        verifier.lockoutAfter = 1
        let reset = StubbornReset()
        var engine = ProbeEngine(totp: totp, verifier: verifier, clock: clock,
                                 configuration: ProbeConfiguration(range: 10, maxAttempts: 40, maxFailures: 10),
                                 resetter: reset)
        let result = engine.run()
        XCTAssertEqual(result.behaviours.lockout, .seen)
        XCTAssertEqual(result.confidence, .bounds)
        XCTAssertEqual(result.stopReason?.text, "a control code was refused (lockout)")
        XCTAssertTrue(result.noteTexts.contains { $0.contains("does not clear the lockout") }, result.noteTexts.joined(separator: "\n"))
        XCTAssertLessThanOrEqual(reset.count, 3, "after the wrong code, to clear the lockout, at the end: never a loop")
    }

    /// With too small a failure budget the re-measurement stops and says what to raise.
    func testLockoutRemeasureThatRunsOutOfBudgetSaysSo() {
        let clock = FakeClock(time: start)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 3, ahead: 3)
        verifier.lockoutAfter = 1
        let result = probe(verifier, clock: clock, maxFailures: 3, maxAttempts: 40, reset: FakeReset(verifier: verifier))
        XCTAssertEqual(result.behaviours.lockout, .seen)
        XCTAssertEqual(result.confidence, .bounds)
        XCTAssertLessThanOrEqual(result.failures, 3)
        XCTAssertNotNil(result.stopReason)
    }

    /// Without a reset command, a code at the centre after each accepted one keeps a re-centring
    /// window where a fresh account has it: exact, and the re-centring is seen by its own test.
    func testRecentringIsSeenAndTheWindowMeasuredFromTheCentre() {
        let clock = FakeClock(time: start)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 1, ahead: 1)
        verifier.recentres = true
        let result = probe(verifier, clock: clock, maxFailures: 6)
        XCTAssertEqual(result.behaviours.recentring, .seen, result.noteTexts.joined(separator: "\n"))
        XCTAssertEqual(result.confidence, .exact)
        XCTAssertEqual(result.ahead?.boundOffset, 1)
        XCTAssertEqual(result.behind?.boundOffset, -1)
        XCTAssertEqual(verifier.skew, 0, "the last accepted code is at the centre")
    }

    /// The verifier of issue 14: −6…+5 from a fresh account, learns the offset of every accepted
    /// code, locks after 3 rejects in a row. Every search code goes out from a known centre.
    private func learningVerifier(_ clock: FakeClock) -> FakeVerifier {
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 6, ahead: 5)
        verifier.recentres = true
        verifier.lockoutAfter = 3
        return verifier
    }

    func testLearningVerifierWithTheDefaultBudgetsGivesTheFreshWindow() {
        let clock = FakeClock(time: start)
        let verifier = learningVerifier(clock)
        let result = probe(verifier, clock: clock)
        let notes = result.noteTexts.joined(separator: "\n")
        XCTAssertEqual(result.confidence, .exact, notes)
        XCTAssertEqual(result.ahead?.boundOffset, 5, notes)
        XCTAssertEqual(result.behind?.boundOffset, -6, notes)
        XCTAssertEqual(result.behaviours.recentring, .seen, notes)
        XCTAssertNotEqual(result.behaviours.lockout, .seen, notes)
        XCTAssertFalse(verifier.locked)
        XCTAssertEqual(verifier.skew, 0, "left centred where it started")
        XCTAssertLessThanOrEqual(result.failures, 4)
    }

    func testLearningVerifierIsSeenToRecentreWithRejectsToSpare() {
        let clock = FakeClock(time: start)
        let verifier = learningVerifier(clock)
        let result = probe(verifier, clock: clock, maxFailures: 6, maxAttempts: 40)
        XCTAssertEqual(result.confidence, .exact, result.noteTexts.joined(separator: "\n"))
        XCTAssertEqual(result.ahead?.boundOffset, 5)
        XCTAssertEqual(result.behind?.boundOffset, -6)
        XCTAssertEqual(result.behaviours.recentring, .seen)
        XCTAssertEqual(result.behaviours.lockout, .notSeen)
        XCTAssertEqual(verifier.skew, 0)
    }

    /// With a reset command: a reset after every code accepted away from the centre, none of the
    /// waits, the fresh window exact, and the account reset, checked and reset again at the end.
    func testLearningVerifierWithAResetIsExactAndLeftAsFound() {
        for period in [30, 60] {
            let totp = TOTP(secret: self.totp.secret, parameters: OTPParameters(period: period))
            let clock = FakeClock(time: start)
            let verifier = FakeVerifier(totp: totp, clock: clock, behind: period == 30 ? 6 : 2, ahead: period == 30 ? 5 : 1)
            verifier.recentres = true
            verifier.lockoutAfter = 3
            verifier.replay = .exactStep
            let reset = FakeReset(verifier: verifier)
            var engine = ProbeEngine(totp: totp, verifier: verifier, clock: clock,
                                     configuration: ProbeConfiguration(range: 10, maxFailures: 6, maxWaitSeconds: 20),
                                     resetter: reset)
            let result = engine.run()
            let notes = result.noteTexts.joined(separator: "\n")
            XCTAssertEqual(result.confidence, .exact, "period \(period): \(notes)")
            XCTAssertEqual(result.ahead?.boundOffset, period == 30 ? 5 : 1, notes)
            XCTAssertEqual(result.behind?.boundOffset, period == 30 ? -6 : -2, notes)
            XCTAssertEqual(verifier.skew, 0)
            XCTAssertTrue(verifier.used.isEmpty, "reset at the end")
            XCTAssertTrue(result.noteTexts.contains { $0.contains("left as it was found") }, notes)
            XCTAssertLessThan(clock.slept, Double(period), "resets, not waits for fresh steps")
        }
    }

    /// Whatever the budgets, waits, replay block or reset, an answer about a learning verifier never
    /// contradicts the fresh account's window, and "exact" is only ever the fresh window itself.
    func testLearningVerifiersAreNeverMisreported() {
        let windows: [(behind: Int64, ahead: Int64)] = [(6, 5), (2, 1), (1, 3), (0, 2), (4, 0)]
        for window in windows {
            for replay in [FakeVerifier.Replay.none, .exactStep, .monotonic] {
                for (maxWait, maxFailures, withReset) in [(20.0, 4, false), (20.0, 4, true), (300.0, 6, false), (300.0, 6, true)] {
                    let clock = FakeClock(time: start)
                    let verifier = FakeVerifier(totp: totp, clock: clock, behind: window.behind, ahead: window.ahead)
                    verifier.recentres = true
                    verifier.lockoutAfter = 3
                    verifier.replay = replay
                    let reset = withReset ? FakeReset(verifier: verifier) : nil
                    let result = probe(verifier, clock: clock, maxFailures: maxFailures, maxAttempts: 40, maxWait: maxWait,
                                       reset: reset)
                    let label = "−\(window.behind)…+\(window.ahead) \(replay) wait \(maxWait) F=\(maxFailures) reset \(withReset): "
                        + result.noteTexts.joined(separator: " | ")
                    if let ahead = result.ahead {
                        XCTAssertLessThanOrEqual(ahead.acceptedOffset, window.ahead, label)
                        if let bound = ahead.boundOffset { XCTAssertGreaterThanOrEqual(bound, window.ahead, label) }
                    }
                    if let behind = result.behind {
                        XCTAssertGreaterThanOrEqual(behind.acceptedOffset, -window.behind, label)
                        if let bound = behind.boundOffset { XCTAssertLessThanOrEqual(bound, -window.behind, label) }
                    }
                    if result.confidence == .exact {
                        XCTAssertEqual(result.ahead?.boundOffset, window.ahead, label)
                        XCTAssertEqual(result.behind?.boundOffset, -window.behind, label)
                    }
                    XCTAssertLessThanOrEqual(result.failures, maxFailures, label)
                    if result.behaviours.lockout == .seen {
                        XCTAssertTrue(verifier.everLocked, "a lockout is reported only when there was one: \(label)")
                    }
                    if withReset { XCTAssertEqual(verifier.skew, 0, label) }
                }
            }
        }
    }

    /// A verifier whose clock lags by a tick (a coarse `time()`) is still in the previous step for a
    /// few milliseconds: codes sent the instant a step begins would look one step further behind.
    func testCodesAreNotSentAtTheVeryStartOfAStep() {
        let totp = TOTP(secret: self.totp.secret, parameters: OTPParameters(period: 1))
        let clock = FakeClock(time: 1_800_000_000.5)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 1, ahead: 1)
        verifier.replay = .exactStep
        verifier.clockLag = 0.01
        var engine = ProbeEngine(totp: totp, verifier: verifier, clock: clock,
                                 configuration: ProbeConfiguration(maxFailures: 6, guardSeconds: 0.25))
        let result = engine.run()
        XCTAssertEqual(result.confidence, .exact, result.noteTexts.joined(separator: "\n"))
        XCTAssertEqual(result.behind?.boundOffset, -1)
        XCTAssertEqual(result.ahead?.boundOffset, 1)
        for attempt in result.attempts { XCTAssertGreaterThanOrEqual(attempt.secondsIntoStep, 0.05 - 1e-9, "attempt \(attempt.number)") }
    }

    /// A rule that reads every answer as accepted must not yield a window.
    func testARuleThatCannotSayNoStopsBeforeMeasuring() {
        let clock = FakeClock(time: start)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 0, ahead: 0)
        verifier.answersEverythingAccepted = true
        let result = probe(verifier, clock: clock)
        XCTAssertEqual(result.ruleCheck, .failed)
        XCTAssertEqual(result.confidence, .none)
        XCTAssertNil(result.ahead)
        XCTAssertNotNil(result.stopReason)
        XCTAssertLessThanOrEqual(result.attempts.count, 3)
    }

    /// oathtool -w 7 with the default budgets: each edge goes on while the budgets allow.
    func testWideStatelessWindowIsExactWithTheDefaultBudgets() {
        let clock = FakeClock(time: start)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 7, ahead: 7)
        var engine = ProbeEngine(totp: totp, verifier: verifier, clock: clock, configuration: ProbeConfiguration())
        let result = engine.run()
        XCTAssertEqual(result.confidence, .exact, result.noteTexts.joined(separator: "\n"))
        XCTAssertEqual(result.ahead?.boundOffset, 7)
        XCTAssertEqual(result.behind?.boundOffset, -7)
    }

    /// Rate-limited answers judge nothing: they do not spend attempts, and the back-off keeps the
    /// wait that worked instead of starting again from --backoff.
    func testRateLimitedAnswersDoNotSpendTheAttemptBudget() {
        let clock = FakeClock(time: start)
        let verifier = FakeVerifier(totp: totp, clock: clock, behind: 8, ahead: 8)
        verifier.rateLimit = (3, 30)
        let result = probe(verifier, clock: clock, range: 10, maxFailures: 6, maxAttempts: 30)
        XCTAssertEqual(result.confidence, .exact, result.noteTexts.joined(separator: "\n"))
        XCTAssertLessThanOrEqual(result.attemptsJudged, 30)
        XCTAssertGreaterThan(result.rateLimitedAnswers, 0)
        XCTAssertLessThan(result.rateLimitedAnswers, result.attemptsJudged, "the back-off learns the rate")
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
        XCTAssertEqual(result.confidence, .exact, result.noteTexts.joined(separator: "\n"))
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

extension ProbeResult {
    /// The notes in plain words, for assertions on their text.
    var noteTexts: [String] { notes.map(\.text) }
}
