import OTPCore

/// Sending one code safely: budgets, the guard at the end of a step, waiting for a step the
/// verifier cannot refuse as a replay (or resetting it), and backing off while rate-limited.
extension ProbeEngine {
    /// Rate-limited answers judge nothing, so they do not count against `maxAttempts`.
    var attemptsRemaining: Int { configuration.maxAttempts - judged }

    /// Rejects still allowed, keeping `reserve` back for a closing control code.
    func failuresLeft(reserve: Int) -> Int {
        max(0, configuration.maxFailures - failures - (configuration.maxFailures > 1 ? reserve : 0))
    }

    func currentStep() -> Int64 { totp.parameters.counter(at: clock.now()) }

    /// A replay test must go out in the step it was planned for, not after a wait for the guard.
    func outsideGuard() -> Bool {
        let now = clock.now()
        return Double(totp.parameters.startOfStep(totp.parameters.counter(at: now) + 1)) - now >= configuration.guardSeconds + 0.05
    }

    mutating func stop(_ reason: ProbeNote) {
        if stopReason == nil { stopReason = reason }
    }

    /// Sends the code for `offset` (or `code`, for the wrong code that checks the rule) at a safe
    /// moment, backing off while the verifier rate-limits. Nil when nothing was sent (budget, an
    /// impossible wait) or the verifier failed.
    mutating func send(offset: Int64, purpose: AttemptPurpose, allowUsedStep: Bool = false,
                       allowBelowHighest: Bool = false, extraGuard: Double = 0, code fixedCode: String? = nil) -> Outcome? {
        var limited = false
        while stopReason == nil {
            guard judged < configuration.maxAttempts else {
                stop("the attempt budget (\(configuration.maxAttempts)) is used up")
                return nil
            }
            guard failures < configuration.maxFailures else {
                stop("the failure budget (\(configuration.maxFailures)) is used up")
                return nil
            }
            guard waitForSendableMoment(offset: offset, allowUsedStep: allowUsedStep,
                                        allowBelowHighest: allowBelowHighest, extraGuard: extraGuard) else { return nil }
            let sentAt = clock.now()
            let counter = totp.parameters.counter(at: sentAt)
            let step = counter + offset
            guard let code = fixedCode ?? totp.code(counter: step) else {
                stop("offset \(signed(offset)) is before T0")
                return nil
            }
            let into = sentAt - Double(totp.parameters.startOfStep(counter))
            let response = verifier.submit(Submission(code: code, offset: offset, step: step, secondsLeft: period - into))
            let attempt = Attempt(number: attempts.count + 1, purpose: purpose, offset: offset, step: step,
                                  sentAt: sentAt, secondsIntoStep: into, outcome: response.outcome,
                                  latencySeconds: max(0, clock.now() - sentAt), detail: response.detail,
                                  answer: response.answer)
            attempts.append(attempt)
            evidence?.record(attempt)
            if response.outcome == .accepted || response.outcome == .rejected {
                judged += 1
                // The wait that let this answer through is where the next back-off starts.
                if limited { backoff = max(configuration.backoffSeconds, backoff / 2) }
            }
            switch response.outcome {
            case .accepted:
                centreKnown = offset == centre
                acceptedSteps.insert(step)
                if let highest = highestAccepted, step <= highest, replay == .blocked || replay == .untested {
                    replay = replay == .blocked ? .exactStep : replay
                }
                highestAccepted = max(highestAccepted ?? step, step)
                consecutiveFailures = 0
                return .accepted
            case .rejected:
                failures += 1
                consecutiveFailures += 1
                return .rejected
            case .rateLimited:
                rateLimitedAnswers += 1
                rateLimiting = .seen
                guard backoff <= configuration.maxWaitSeconds else {
                    stop("the verifier kept rate-limiting beyond \(.maxWait) \(configuration.maxWaitSeconds) s")
                    return nil
                }
                evidence?.record(event: "backoff", note: "waiting \(formatted(backoff)) s: the verifier is rate-limiting (back-off)", at: clock.now())
                sleep(backoff)
                limited = true
                backoff *= 2
            case .error:
                stop("the verifier could not be asked: \(response.detail)")
                return .error
            }
        }
        return nil
    }

    /// Nothing is sent in the first moments of a step either: a verifier reading a coarse clock
    /// (`time()` lags the precise one by up to a tick) may still be in the step before, and would
    /// accept a code one step further behind than its window reaches.
    var stepStartMargin: Double { min(0.05, max(0, (period - configuration.guardSeconds) / 4)) }

    /// Waits until the step for `offset` may be sent: outside the guard at the end of a step and the
    /// margin at its start, and (unless allowed) not a step the verifier may refuse as a replay.
    /// Resets the verifier instead of any wait for a fresh step when a reset is available; without
    /// one, gives up on a wait longer than `maxWaitSeconds`.
    mutating func waitForSendableMoment(offset: Int64, allowUsedStep: Bool, allowBelowHighest: Bool,
                                        extraGuard: Double) -> Bool {
        for _ in 0..<1000 {
            let now = clock.now()
            let counter = totp.parameters.counter(at: now)
            let left = Double(totp.parameters.startOfStep(counter + 1)) - now
            let needed = allowUsedStep ? counter : earliestFreshStep(from: counter, offset: offset,
                                                                     allowBelowHighest: allowBelowHighest)
            let into = now - Double(totp.parameters.startOfStep(counter))
            let wait: Double
            if needed > counter {
                wait = Double(totp.parameters.startOfStep(needed)) - now + stepStartMargin + 0.001
            } else if left < configuration.guardSeconds + extraGuard {
                wait = left + stepStartMargin + 0.001
            } else if into < stepStartMargin {
                wait = stepStartMargin - into + 0.001
            } else {
                return true
            }
            // A reset is quicker than any wait for a fresh step.
            if needed > counter, resetter != nil || wait > configuration.maxWaitSeconds {
                guard resetter != nil else {
                    stop("sending offset \(signed(offset)) needs a fresh step \(Int((wait).rounded(.up))) s away, beyond \(.maxWait); give \(.resetCommand) or a longer \(.maxWait) to learn the rest")
                    return false
                }
                guard performReset() else { return false }
                continue
            }
            if wait >= 1 {
                let reason = needed > counter ? "waiting \(formatted(wait)) s for a step the verifier cannot refuse as a replay (offset \(signed(offset)))"
                    : "waiting \(formatted(wait)) s: too close to the end of the step (guard \(formatted(configuration.guardSeconds)) s)"
                evidence?.record(event: "wait", note: reason, at: now)
            }
            sleep(wait)
        }
        stop("no safe moment to send was found")
        return false
    }

    /// The first step at or after `counter` at which `offset` names a step the verifier cannot refuse
    /// as a replay, given what is known about its replay block.
    func earliestFreshStep(from counter: Int64, offset: Int64, allowBelowHighest: Bool) -> Int64 {
        switch replay {
        case .none:
            return counter
        case .exactStep:
            var step = counter
            while acceptedSteps.contains(step + offset) { step += 1 }
            return step
        case .untested, .blocked, .monotonicCounter, .notDetermined:
            guard let highest = highestAccepted else { return counter }
            if allowBelowHighest {
                var step = counter
                while acceptedSteps.contains(step + offset) { step += 1 }
                return step
            }
            return max(counter, highest - offset + 1)
        }
    }

    mutating func performReset() -> Bool {
        guard let resetter else { return false }
        let failure = resetter.reset()
        resets += 1
        evidence?.record(event: "reset", note: failure ?? "verifier reset", at: clock.now())
        if let failure {
            stop("the reset command failed: \(failure)")
            return false
        }
        acceptedSteps = []
        highestAccepted = nil
        consecutiveFailures = 0
        centreKnown = true
        return true
    }

    /// Seconds for a message: whole seconds, or one decimal below ten.
    func formatted(_ seconds: Double) -> String {
        seconds >= 10 ? String(Int(seconds.rounded(.up))) : String((seconds * 10).rounded(.up) / 10)
    }

    mutating func sleep(_ seconds: Double) {
        guard seconds > 0 else { return }
        clock.sleep(seconds)
        waited += seconds
    }
}
