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
