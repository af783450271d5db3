/// The fit a forecast should use: the measurements since the last jump in the offset.
///
/// A jump (a battery change, a sync nobody recorded, a clock set by hand) breaks the line: a fit
/// across it reports a rate that is neither clock's and a reduced χ² in the thousands. So a jump
/// starts a new segment, and only the measurements after the last one are fitted.
public struct DriftSegment: Sendable, Equatable {
    public let fit: DriftFit
    /// The jump the segment starts after; nil when the measurements hold none.
    public let startingJump: DriftFit.Jump?
    /// Measurements before that jump, left out of the fit.
    public let leftOut: Int

    public init(_ observations: [OffsetObservation]) throws(DriftFit.Failure) {
        var fit = try DriftFit(observations)
        var startingJump: DriftFit.Jump?
        while let jump = fit.jumps.last {
            let after = observations.filter { $0.time >= jump.before }
            guard after.count >= 2 else { throw .tooFewAfterJump(jump, remaining: after.count) }
            startingJump = jump
            fit = try DriftFit(after)
        }
        self.fit = fit
        self.startingJump = startingJump
        leftOut = observations.count - fit.observations.count
    }
}

extension DriftSegment {
    /// A fit a person chose to keep whole (`--since`): jumps inside it are flagged, not cut.
    public init(spanning fit: DriftFit) {
        self.fit = fit
        startingJump = nil
        leftOut = 0
    }
}
