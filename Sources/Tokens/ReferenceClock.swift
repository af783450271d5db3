import TimeSources

/// True time as this run knows it: the host clock, corrected by an NTP measurement when there is one.
public struct ReferenceClock {
    public var hostOffset: SNTPClient.Measurement?
    public let clock: any TokenClock

    public init(hostOffset: SNTPClient.Measurement?, clock: any TokenClock) {
        self.hostOffset = hostOffset
        self.clock = clock
    }

    /// `host` or `ntp:SERVER`, as the history records it.
    public var name: String { hostOffset.map { "ntp:\($0.server)" } ?? "host" }
    /// Reference minus host wall clock.
    public var correction: Double { hostOffset?.offset ?? 0 }
    /// ± on reference times: the NTP measurement's error bound (0 for the host clock, taken as truth).
    public var uncertainty: Double { hostOffset?.uncertainty ?? 0 }

    public func now() -> Double { clock.now() + correction }
    public func reference(host wall: Double) -> Double { wall + correction }
}
