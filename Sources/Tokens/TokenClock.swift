import Foundation
import TimeSources

/// The host clocks the token workflows read and the pauses they take, injected so that unit tests
/// run them against a fake clock that only moves when they wait, while the command line passes
/// `HostTokenClock`. Exchanges carry their own host times (`APDUExchange`); this is for the rest.
public protocol TokenClock: AnyObject {
    /// Wall-clock Unix seconds, UTC.
    func now() -> Double
    /// Seconds of a clock that never jumps, for deadlines.
    func monotonic() -> Double
    func sleep(_ seconds: Double)
}

/// The real host clocks (`HostClock`) and a real sleep.
public final class HostTokenClock: TokenClock {
    public init() {}

    public func now() -> Double { HostClock.now() }
    public func monotonic() -> Double { HostClock.monotonic() }
    public func sleep(_ seconds: Double) {
        guard seconds > 0 else { return }
        usleep(useconds_t(min(seconds, 3600) * 1_000_000))
    }
}
