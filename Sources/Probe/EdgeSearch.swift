/// Finds one edge of the window: the farthest accepted distance from the anchor in one direction,
/// within `limit`, by galloping outwards and then bisecting.
///
/// Each probe is chosen so that the rest of the search still fits the budget whatever the answer:
/// with `b` attempts of which at most `f` may be rejects, `capacity(b, f)` candidate edges can be
/// told apart (Σ C(b, i), i ≤ f). Galloping keeps rejects rare for narrow windows; the clamp keeps the
/// attempt count within ⌈log2(limit+1)⌉ + slack however wide the window is.
public struct EdgeSearch: Sendable, Equatable {
    /// Farthest distance known to be accepted.
    public private(set) var lowest: Int64 = 0
    /// Farthest distance that may still be accepted (one below the nearest reject, or the limit).
    public private(set) var highest: Int64
    public let limit: Int64
    public private(set) var sawReject = false
    public private(set) var attempts = 0
    public private(set) var failures = 0

    public init(limit: Int64) {
        self.limit = max(0, limit)
        highest = self.limit
    }

    /// The edge is pinned down (or known to lie at or beyond the limit).
    public var isDone: Bool { lowest >= highest }

    /// The next distance to try, or nil when done or when no probe fits the budget.
    public func next(attemptsLeft: Int, failuresLeft: Int) -> Int64? {
        guard !isDone, attemptsLeft > 0, failuresLeft > 0 else { return nil }
        let target = sawReject ? lowest + (highest - lowest + 1) / 2 : (lowest == 0 ? 1 : lowest * 2)
        let smallestSafe = highest + 1 - Self.capacity(attempts: attemptsLeft - 1, failures: failuresLeft)
        let largestSafe = lowest + Self.capacity(attempts: attemptsLeft - 1, failures: failuresLeft - 1)
        let chosen = min(max(target, smallestSafe), largestSafe)
        return min(max(chosen, lowest + 1), highest)
    }

    public mutating func record(distance: Int64, accepted: Bool) {
        attempts += 1
        if accepted {
            lowest = max(lowest, min(distance, highest))
        } else {
            failures += 1
            sawReject = true
            highest = min(highest, distance - 1)
        }
    }

    /// How many candidate edges `attempts` probes with at most `failures` rejects can tell apart.
    public static func capacity(attempts: Int, failures: Int) -> Int64 {
        guard attempts > 0 else { return 1 }
        var total: Int64 = 0
        var term: Int64 = 1
        for index in 0...min(failures, attempts) {
            if index > 0 {
                let (product, overflow) = term.multipliedReportingOverflow(by: Int64(attempts - index + 1))
                if overflow { return Int64.max / 4 }
                term = product / Int64(index)
            }
            total += term
            if total > Int64.max / 4 { return Int64.max / 4 }
        }
        return total
    }
}
