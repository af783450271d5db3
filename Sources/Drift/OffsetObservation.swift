/// One measurement of a clock's offset: token (or app) time minus reference time, at a reference time.
public struct OffsetObservation: Sendable, Equatable, Codable {
    /// Unix seconds on the reference clock.
    public var time: Double
    /// Seconds the clock is ahead of the reference (negative: behind).
    public var offset: Double
    /// One-sigma uncertainty of `offset`, in seconds.
    public var uncertainty: Double

    public init(time: Double, offset: Double, uncertainty: Double) {
        self.time = time
        self.offset = offset
        self.uncertainty = uncertainty
    }
}
