/// How far a config-then-seed write got, so that a run cut short (card removed, link dropped) can
/// say exactly what the token now holds (docs/token-protocol.md §9.2: a config write is a time write, and on
/// restricted models it erases the seed).
public struct WriteProgress: Sendable, Equatable {
    public enum Stage: String, Sendable, Codable {
        /// The command never left the host.
        case notSent = "not-sent"
        /// The command was sent and no answer came: the token may or may not have acted on it.
        case unanswered
        /// The token answered 90 00.
        case written
    }

    /// Whether the token keeps its seed on a time write (false for restricted and unknown models).
    public var keepsSeedOnTimeWrite: Bool
    /// Whether this run meant to write a seed after the config.
    public var seedPlanned: Bool
    public var config: Stage = .notSent
    public var seed: Stage = .notSent

    public init(keepsSeedOnTimeWrite: Bool, seedPlanned: Bool) {
        self.keepsSeedOnTimeWrite = keepsSeedOnTimeWrite
        self.seedPlanned = seedPlanned
    }

    /// One sentence on what the token holds now, for a run that stopped early.
    public var stateReport: String {
        switch (config, seed) {
        case (.notSent, _):
            return "nothing written: the token is as it was"
        case (.unanswered, _):
            let seedState = keepsSeedOnTimeWrite
                ? "this model keeps its seed on a time write"
                : "if it was, this model erased its seed"
            return "config sent but not answered: the token may or may not have taken it (\(seedState)); seed not written. Check with `skew token info`, then run `skew \(seedPlanned ? "burn" : "sync")` again"
        case (.written, .notSent):
            guard seedPlanned else { return "config written" }
            return keepsSeedOnTimeWrite
                ? "config written, seed not written: this model kept its old seed, so it shows codes for the old account with the new settings; run `skew burn` again"
                : "config written, seed not written: this model now has no seed; run `skew burn` again"
        case (.written, .unanswered):
            return keepsSeedOnTimeWrite
                ? "config written; the seed was sent but not answered: the token holds either the old seed or the new one; run `skew burn` again"
                : "config written; the seed was sent but not answered: this model holds either no seed or the new one; run `skew burn` again"
        case (.written, .written):
            return seedPlanned ? "config and seed written" : "config written"
        }
    }
}

/// Where to put a time write so the token's second boundary falls on a whole second of the
/// reference clock (docs/token-protocol.md §13.7: a token whose sub-second phase restarts at the write starts
/// its second when the command arrives). The write carries second `second` and leaves the host
/// `latency` before it, so that it arrives just as the reference clock reaches that second.
public struct SecondAlignment: Sendable, Equatable {
    /// The Unix second the config carries.
    public var second: UInt32
    /// Reference time at which to send: `second − latency`.
    public var sendAt: Double

    /// The first whole second that can still be reached: one whose send time is at least
    /// `preparation` after `now` (time to build the APDU and wake from sleep).
    public init(referenceNow now: Double, latency: Double, preparation: Double = 0.02) {
        let target = (now + latency + preparation).rounded(.up)
        second = UInt32(clamping: Int64(target))
        sendAt = target - latency
    }

    /// Sleeps until the reference clock is one latency before a whole second and returns that
    /// second's alignment. A wake-up more than 50 ms late picks the next second instead.
    static func waitForNext(on reference: ReferenceClock, latency: Double) -> SecondAlignment {
        while true {
            let alignment = SecondAlignment(referenceNow: reference.now(), latency: latency)
            var left = alignment.sendAt - reference.now()
            while left > 0 {
                if left > 0.003 { reference.clock.sleep(left - 0.002) }
                left = alignment.sendAt - reference.now()
            }
            if left > -0.05 { return alignment }
        }
    }

    /// How far from `second` (reference seconds) a write sent at reference time `sent` is estimated
    /// to have arrived: positive is late.
    public func arrivalError(sentAt sent: Double, latency: Double) -> Double {
        sent + latency - Double(second)
    }
}
