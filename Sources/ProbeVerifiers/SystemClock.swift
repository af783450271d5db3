import Foundation
import Probe

/// The host's wall clock; the probe measures offsets relative to it.
public struct SystemClock: ProbeClock {
    public init() {}

    public func now() -> Double { Date().timeIntervalSince1970 }

    public mutating func sleep(_ seconds: Double) {
        guard seconds > 0 else { return }
        Thread.sleep(forTimeInterval: seconds)
    }
}
