/// Whether the verifier accepts a code twice. A replay the acceptance rule calls accepted counts as
/// accepted again only when the verifier answered it as it answered the first acceptance of that
/// step: a verifier that says HTTP 200 `{"ok":false,"error":"code already used"}` to a replay, probed
/// with `status:200`, blocks replays, and reporting `none` would be a wrong answer.
extension ProbeEngine {
    /// Re-sends the anchor's step while it is still current: the cheapest way to see a replay block.
    mutating func testReplay(anchor: Int64) {
        guard let step = attempts.last(where: { $0.outcome == .accepted })?.step,
              currentStep() + anchor == step, outsideGuard(), failuresLeft(reserve: 1) > 0 else { return }
        judgeReplay(send(offset: anchor, purpose: .replayTest, allowUsedStep: true))
    }

    /// When the anchor's step had passed before the replay test, re-sends another accepted step that
    /// is still inside the now-known window.
    mutating func testReplayLate(ahead: WindowEdge?, behind: WindowEdge?) {
        guard let ahead, let behind, failuresLeft(reserve: 1) > 0, ensureCentre() else { return }
        let now = currentStep()
        guard let step = acceptedSteps.sorted().last(where: {
            (behind.acceptedOffset...ahead.acceptedOffset).contains($0 - now)
        }), outsideGuard() else { return }
        judgeReplay(send(offset: step - currentStep(), purpose: .replayTest, allowUsedStep: true))
    }

    /// Reads the replay test just sent. Until the replay is known to be accepted again, search codes
    /// keep going to fresh steps, as for a verifier that blocks replays.
    private mutating func judgeReplay(_ outcome: Outcome?) {
        switch outcome {
        case .accepted:
            guard let replayed = attempts.last,
                  let first = attempts.first(where: { $0.step == replayed.step && $0.outcome == .accepted }),
                  let firstAnswer = first.answer, let replayAnswer = replayed.answer, firstAnswer != replayAnswer
            else {
                replay = .none
                return
            }
            replay = .notDetermined
            notes.append("Replay not determined: the acceptance rule reads a different answer as accepted. The replayed code (offset \(signed(replayed.offset)), attempt \(replayed.number)) got \(replayAnswer), but its first acceptance (attempt \(first.number)) got \(firstAnswer); the verifier may be saying \"already used\" in a way the rule cannot see. Tighten \(.acceptanceRule) to what only a success answer says (json:PATH=VALUE or regex:PATTERN on the body, or a rule on the output for \(.verifierCommand)). The window was measured on fresh steps, as for a verifier that blocks replays.")
        case .rejected:
            replay = .blocked
        default:
            break
        }
    }

    /// With replay not determined: says whether accepted answers differ among themselves too (a session
    /// token or a time in the body), in which case a different replay answer proves less.
    mutating func describeReplayAnswers() {
        guard replay == .notDetermined else { return }
        let answers = Set(attempts.filter { $0.outcome == .accepted && $0.purpose != .replayTest }.compactMap { $0.answer?.digest })
        guard answers.count > 1 else { return }
        notes.append("The verifier's accepted answers differ among themselves too (\(answers.count) different answers to codes sent once), so the replay's different answer may be only per-answer content such as a session token or a time; a rule on a success field settles it.")
    }
}
