/// The timed runs of one benchmark case and the statistics every `bench` report states of them.
///
/// One definition for all benchmarks, so that "median" means the same everywhere: the upper
/// median (the element at `count / 2` of the sorted runs), which is a run that really happened.
/// An empty set of runs gives 0 for every statistic rather than trapping, so a report can still
/// say that nothing was timed.
public struct Timings: Sendable, Equatable {
    /// The runs' wall times in seconds, shortest first.
    public let seconds: [Double]

    public init(_ seconds: [Double]) {
        self.seconds = seconds.sorted()
    }

    /// How many runs were timed.
    public var count: Int { seconds.count }
    /// The upper median, in seconds.
    public var median: Double { seconds.isEmpty ? 0 : seconds[seconds.count / 2] }
    /// The 90th percentile (nearest rank at or below 90 %), in seconds.
    public var p90: Double { seconds.isEmpty ? 0 : seconds[Swift.min(seconds.count - 1, seconds.count * 9 / 10)] }
    /// The 95th percentile, by the same rule: the worst run but one in twenty.
    public var p95: Double { seconds.isEmpty ? 0 : seconds[Swift.min(seconds.count - 1, seconds.count * 95 / 100)] }
    public var min: Double { seconds.first ?? 0 }
    public var max: Double { seconds.last ?? 0 }

    /// True when the median is at or under `target` seconds: a target is met by the typical run, not the luckiest.
    public func meets(target: Double) -> Bool { median <= target }

    /// `work` items per second at the median (such as codes searched per second).
    public func rate(_ work: Double) -> Double { work / median }

    /// How many times faster the median is than `baseline` seconds (above 1: faster).
    public func speedup(over baseline: Double) -> Double { baseline / median }
}
