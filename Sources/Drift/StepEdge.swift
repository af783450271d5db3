/// Offset from the moment a clock's reading changes.
///
/// A clock read in whole units (a token's second, a TOTP step) hides where within the unit it is.
/// Watching for the change pins it down: the clock's value became `edgeValue` somewhere between
/// `before` (the last host time it still showed the old value) and `after` (the first host time it
/// showed the new one). Offset = clock − host at that moment, known to within half the bracket.
public struct StepEdge: Sendable, Equatable {
    /// The clock's own time at the change: the first second, or the start of the new step.
    public var edgeValue: Double
    /// Host times bracketing the change.
    public var before: Double
    public var after: Double

    public init(edgeValue: Double, before: Double, after: Double) {
        self.edgeValue = edgeValue
        self.before = before
        self.after = after
    }

    public var offset: Double { edgeValue - (before + after) / 2 }
    public var halfWidth: Double { (after - before) / 2 }
}

/// A person watching a display: they press Enter some time after the code changes.
public enum HumanReaction {
    /// Typical visual reaction time to a change the person is waiting for.
    public static let mean = 0.25
    /// One sigma of that reaction, and of how long it takes to notice a display update.
    public static let sigma = 0.25

    /// The edge from a key press at host time `pressed`, seeing step `newStep` begin at `stepStart`.
    public static func observation(stepStart: Double, pressed: Double) -> OffsetObservation {
        OffsetObservation(time: pressed, offset: stepStart - (pressed - mean), uncertainty: sigma)
    }
}
