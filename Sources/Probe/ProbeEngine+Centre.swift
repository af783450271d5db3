import OTPCore

/// Knowing what the verifier's answers mean and where its window is centred: the wrong code sent
/// before measuring, codes at the centre after codes accepted away from it, the re-centring test,
/// and leaving the account as it was found.
extension ProbeEngine {
    /// After the anchor and its replay test (which must share the anchor's step), sends a code that
    /// no step within a wide range of now produces. Accepted means the acceptance rule cannot tell
    /// accept from reject, and nothing it says can be measured; the probe stops. With a reset
    /// command the reject is wiped at once, so it cannot add up to a lockout.
    mutating func checkRuleSaysNo() -> Bool {
        guard failuresLeft(reserve: 1) > 0 else {
            stop("the failure budget leaves no reject for the wrong code that checks the acceptance rule")
            return false
        }
        let counter = currentStep()
        let wide = min(max(4 * configuration.range, 1000), 100_000)
        guard let code = wrongCode(around: counter, wide: wide) else { return true }
        switch send(offset: 0, purpose: .ruleCheck, allowUsedStep: true, code: code) {
        case .accepted:
            ruleCheck = .failed
            notes.append("A wrong code (one no step within ±\(wide) steps of now produces) was called accepted: the acceptance rule cannot tell accept from reject, so no window was measured. Give \(.acceptanceRule) a rule that only a success answer meets (json:PATH=VALUE or regex:PATTERN on the answer).")
            stop("the acceptance rule called a wrong code accepted")
            return false
        case .rejected:
            ruleCheck = .passed
            return resetter == nil || performReset()
        default:
            return false
        }
    }

    /// The code after the current one, counting up, that no step within ±`wide` of `counter` produces.
    private func wrongCode(around counter: Int64, wide: Int64) -> String? {
        let produced = Set((max(0, counter - wide)...max(0, counter + wide)).compactMap { totp.code(counter: $0) })
        guard let current = totp.code(counter: counter), let start = UInt64(current) else { return nil }
        let modulus = totp.parameters.modulus
        for step in 1..<UInt64(produced.count + 2) {
            let text = String((start + step) % modulus)
            let candidate = String(repeating: "0", count: max(0, totp.parameters.digits - text.count)) + text
            if !produced.contains(candidate) { return candidate }
        }
        return nil
    }

    /// Before a search code: after a code accepted away from the centre, resets the verifier (with
    /// --reset-cmd) or sends a code at the centre, so a verifier that re-centres on accepted codes is
    /// where a fresh account is. False when that could not be done; the search must stop.
    mutating func ensureCentre() -> Bool {
        guard !centreKnown else { return true }
        if resetter != nil { return performReset() }
        return verifyControl(purpose: .centre)
    }

    /// Sends a code at the centre that must be accepted. A refusal is a lockout, or a window that
    /// moved to the last accepted code too far to reach the centre; a code at that offset tells
    /// which. A moved window is walked back; otherwise the search stops, and answers after the
    /// point of doubt are no longer trusted.
    mutating func verifyControl(purpose: AttemptPurpose = .control) -> Bool {
        let lastAccepted = attempts.last(where: { $0.outcome == .accepted })?.offset ?? centre
        let firstRejectAt = attempts.count + 1
        guard let outcome = control(offset: centre, purpose: purpose) else { return false }
        guard outcome == .rejected else { return outcome == .accepted }
        if lastAccepted != centre, failuresLeft(reserve: 0) > 0 {
            switch control(offset: lastAccepted) {
            case .accepted:
                recentring = .seen
                lockout = .notSeen
                if walkBack(from: lastAccepted) {
                    notes.append("A code at the centre (offset \(signed(centre))) was refused right after offset \(signed(lastAccepted)) was accepted, which still is: the verifier re-centres its window on each accepted code. The probe walked it back to the centre in steps it had measured.")
                    return true
                }
                untrustedAfterAttempt = firstRejectAt - 1
                notes.append("A code at the centre (offset \(signed(centre))) was refused while offset \(signed(lastAccepted)), the last accepted, still is: the verifier moved its window to the last accepted code (re-centring) too far to come back within the budgets. Give \(.resetCommand) to measure it from a fresh account.")
                stop("the window moved (re-centring)")
                return false
            case .rejected: break
            default: return false
            }
        }
        lockout = .seen
        untrustedAfterAttempt = attempts.prefix(max(0, firstRejectAt - 1)).last(where: { $0.outcome == .accepted })?.number ?? 0
        notes.append("A control code that must be accepted (offset \(signed(centre)) on a fresh step) was refused: the verifier is locking out after rejects\(lastAccepted != centre ? " (or re-centred; the budget left no second control to tell)" : ""). Rejects after attempt \(untrustedAfterAttempt ?? 0) are not trusted.")
        stop("a control code was refused (lockout)")
        return false
    }

    /// Brings a window re-centred at `position` back to the centre in hops no longer than the reach
    /// already measured from the centre in the direction of travel, each accepted code moving it.
    private mutating func walkBack(from start: Int64) -> Bool {
        var position = start
        while position != centre, stopReason == nil {
            let towards: Int64 = position > centre ? -1 : 1
            let reach = attempts.filter { $0.outcome == .accepted && [.searchUp, .searchDown, .counterTest].contains($0.purpose) }
                .map { towards * ($0.offset - centre) }.max() ?? 0
            guard reach > 0, failuresLeft(reserve: 0) > 0 else { return false }
            let next = abs(position - centre) <= reach ? centre : position + towards * reach
            guard send(offset: next, purpose: .centre) == .accepted else { return false }
            position = next
        }
        return centreKnown
    }

    /// Sends a control code on a fresh step (waiting for the next step if need be).
    mutating func control(offset: Int64, purpose: AttemptPurpose = .control) -> Outcome? {
        guard failuresLeft(reserve: 0) > 0 else { return nil }
        return send(offset: offset, purpose: purpose)
    }

    /// With both edges known from the centre: the ahead edge, then at once the behind edge (or the
    /// other way round). A verifier that re-centres on the first refuses the second; one that does
    /// not accepts it. Needs a reject to spare, since a re-centring verifier answers with one.
    mutating func testRecentring(ahead: WindowEdge, behind: WindowEdge) {
        guard stopReason == nil, ahead.isExact, behind.isExact else { return }
        let pair: (Int64, Int64)
        if ahead.acceptedOffset > centre {
            pair = (ahead.acceptedOffset, behind.acceptedOffset)
        } else if behind.acceptedOffset < centre {
            pair = (behind.acceptedOffset, ahead.acceptedOffset)
        } else {
            return
        }
        guard failuresLeft(reserve: 1) > 0, attemptsRemaining >= closingReserve + 3 else {
            notes.append("Re-centring was not tested: the budget had no reject to spare. Every accepted code was still measured from a known centre, so the window stands.")
            return
        }
        guard ensureCentre(), send(offset: pair.0, purpose: .recentringTest) == .accepted else { return }
        switch send(offset: pair.1, purpose: .recentringTest) {
        case .accepted:
            recentring = .notSeen
        case .rejected:
            recentring = .seen
            notes.append("Offset \(signed(pair.1)), accepted from the centre, was refused right after offset \(signed(pair.0)) was accepted: the verifier re-centres its window on each accepted code. Every search code was sent from a known centre (\(resetter == nil ? "a code at the centre" : "a reset") after each accepted one), so the window is that of a fresh account.")
        default:
            break
        }
    }

    /// With a reset command: the account is reset at the end, a code at its centre must be accepted
    /// (so it is usable and not locked), and it is reset once more, leaving it as it was found.
    mutating func leaveAsFound() {
        guard resetter != nil else { return }
        let reason = stopReason
        guard performReset() else {
            notes.append("The reset at the end failed: the account may not be as it was found.")
            return
        }
        guard reason == nil, attemptsRemaining > 0, failuresLeft(reserve: 0) > 0 else {
            notes.append("The account was reset at the end with \(.resetCommand); no attempt was left to check it.")
            return
        }
        let check = send(offset: centre, purpose: .control)
        stopReason = reason
        guard check == .accepted else {
            notes.append("After the reset at the end, a code at the centre (offset \(signed(centre))) was refused: the account may not be as it was found; check it by hand.")
            return
        }
        if performReset() {
            notes.append("The account was reset at the end with \(.resetCommand), a code at its centre was accepted, and it was reset again: it is left as it was found.")
        }
    }

    /// Says in plain words when every code the search sent was accepted, or none was.
    mutating func describeAnswers() {
        guard ruleCheck != .failed else { return }
        let judgedCodes = attempts.filter { $0.purpose != .ruleCheck && ($0.outcome == .accepted || $0.outcome == .rejected) }
        let accepted = judgedCodes.filter { $0.outcome == .accepted }.count
        if judgedCodes.isEmpty { return }
        if accepted == 0 {
            notes.append("None of the \(judgedCodes.count) codes sent was accepted: check the secret and parameters, widen \(.range), or give \(.centre) if the verifier holds a stored skew.")
        } else if accepted == judgedCodes.count, attempts.contains(where: { $0.purpose == .searchUp || $0.purpose == .searchDown }) {
            notes.append("Every one of the \(accepted) codes sent was accepted (only the wrong code was refused): the window reaches past what was tried; widen \(.range) to find its edges.")
        }
    }
}
