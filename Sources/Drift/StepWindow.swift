/// A verifier's window in steps: it accepts a code whose step lies from `behind` steps before its own
/// step (after any drift it has learned) to `ahead` steps after.
///
/// A token off by `d` seconds shows, at a moment `s` seconds into the verifier's step, the step
/// ⌊(s + d)/P⌋ away from the verifier's: ⌊d/P⌋ or one more, depending on `s`. A person signs in at
/// any moment, so these bounds are where *some* moment can fail, not where every moment does.
public struct StepWindow: Sendable, Equatable {
    /// Step length in seconds.
    public var period: Double
    public var behind: Int
    public var ahead: Int

    public init(period: Double, behind: Int, ahead: Int) {
        self.period = period
        self.behind = behind
        self.ahead = ahead
    }

    /// Offsets (token − verifier, s) at which a code passes whenever it is entered:
    /// −behind·P … +ahead·P. Just past either end some moments of each step already fail.
    public var alwaysAccepted: ClosedRange<Double> {
        -Double(behind) * period...Double(ahead) * period
    }

    /// For a verifier that re-centres on the step of each accepted code: how far the offset may move
    /// after a use at `offset` before a next code can fail, down and up (both ≥ 0 when the next code
    /// passes at once; negative when some moment already fails).
    ///
    /// The step learned at the use is ⌊d/P⌋ or ⌊d/P⌋+1 (by the moment of the use), the next code's
    /// the same of the new offset, so only the offset's phase within a step matters: with
    /// g = d mod P and h = (−d) mod P, the offset may rise by ahead·P − g and fall by behind·P − h.
    public func roomAfterUse(at offset: Double) -> (down: Double, up: Double) {
        (Double(behind) * period - phase(-offset), Double(ahead) * period - phase(offset))
    }

    /// `value` mod P in [0, P).
    func phase(_ value: Double) -> Double {
        let remainder = value.truncatingRemainder(dividingBy: period)
        return remainder < 0 ? remainder + period : remainder
    }

    /// Whether an offset anywhere in `low...high` sits on a step boundary (a multiple of P), where
    /// the phase wraps from just under P to 0.
    func containsBoundary(_ low: Double, _ high: Double) -> Bool {
        (high / period).rounded(.down) * period >= low
    }
}
