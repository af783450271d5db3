import Foundation

/// The host's clocks: the wall clock (UTC, the reference) and a monotonic clock for intervals.
public enum HostClock {
    /// Unix seconds from CLOCK_REALTIME, to the nanosecond the kernel gives.
    public static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Seconds from CLOCK_MONOTONIC: never jumps when the wall clock is set.
    public static func monotonic() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
