import Drift
import TokenProtocol

/// Measures a token's clock offset to a fraction of a second, although GET INFO reports whole seconds.
///
/// It polls GET INFO and catches the moment the reported second ticks over: the token's clock read
/// `n` at an exchange and `n+1` at the next, so it passed `n+1.000` between the first exchange's
/// send and the second's answer. A first edge, caught with polls a few milliseconds apart, predicts
/// the next ones; those are caught with back-to-back polls started just before the predicted moment,
/// which brackets each within about one round trip. Host times come from the monotonic clock,
/// anchored once to the wall clock, so a wall-clock step during the measurement cannot bend it.
public struct ClockEdgeMeter {
    public struct Result: Sendable {
        public var serial: String
        /// Token minus host wall clock, seconds.
        public var offset: Double
        /// Half the narrowest bracket: the edge lies within ± this.
        public var uncertainty: Double
        /// Host wall time the offset applies to (the edges' precision-weighted mean time).
        public var time: Double
        public var edges: [StepEdge]
        public var readings: Int
        /// Monotonic seconds from the first GET INFO to the last.
        public var elapsed: Double
    }

    public enum Failure: Error, CustomStringConvertible {
        case noTick(seconds: Double)
        case clockJumped(from: UInt32, to: UInt32)

        public var description: String {
            switch self {
            case .noTick(let seconds):
                return "the token's clock did not tick over within \(seconds) s of polling"
            case .clockJumped(let from, let to):
                return "the token's clock jumped from \(from) to \(to) while it was being measured (was it set meanwhile?)"
            }
        }
    }

    /// The GET INFO read: either family's (single-profile and Molto2 answer in the same layout).
    public let read: () throws -> TokenReading
    /// Edges to time after the first, coarse one (a late wake-up costs one more tick, at most twice each).
    public let fineEdges: Int
    /// Pause between polls while looking for the first edge.
    public let coarseInterval: Double
    /// Sleeps between polls (injected so tests run without real waiting).
    public let clock: any TokenClock

    public init(session: TokenSession, fineEdges: Int = 2, coarseInterval: Double = 0.002, clock: any TokenClock) {
        self.init(read: session.getInfo, fineEdges: fineEdges, coarseInterval: coarseInterval, clock: clock)
    }

    public init(read: @escaping () throws -> TokenReading, fineEdges: Int = 2, coarseInterval: Double = 0.002, clock: any TokenClock) {
        self.read = read
        self.fineEdges = max(0, fineEdges)
        self.coarseInterval = coarseInterval
        self.clock = clock
    }

    public func measure() throws -> Result {
        var previous = try read()
        let anchor = previous.exchange.sent
        var readings = 1
        func wall(_ instant: HostInstant) -> Double { anchor.wall + (instant.monotonic - anchor.monotonic) }

        /// Polls until the second changes; returns the edge bracketed by the last two readings.
        func nextEdge(pause: Double, giveUpAfter limit: Double) throws -> StepEdge {
            let started = previous.exchange.received.monotonic
            while true {
                if pause > 0 { clock.sleep(pause) }
                let reading = try read()
                readings += 1
                if reading.info.time != previous.info.time {
                    guard reading.info.time == previous.info.time &+ 1 else {
                        throw Failure.clockJumped(from: previous.info.time, to: reading.info.time)
                    }
                    let edge = StepEdge(edgeValue: Double(reading.info.time), before: wall(previous.exchange.sent),
                                        after: wall(reading.exchange.received))
                    previous = reading
                    return edge
                }
                previous = reading
                if reading.exchange.received.monotonic - started > limit { throw Failure.noTick(seconds: limit) }
            }
        }

        var edges = [try nextEdge(pause: coarseInterval, giveUpAfter: 2.5)]
        // How early to start polling before the predicted tick. A token whose clock runs fast or slow
        // ticks a little before or after one host second; a poll that already sees the new second
        // came too late, so the margin doubles for the next tick.
        var margin = max(0.004, 2 * edges[0].halfWidth)
        var tight = 0
        var attempts = 0
        while tight < fineEdges && attempts < 2 * fineEdges + 2 {
            attempts += 1
            let last = edges.last!
            let predicted = (last.before + last.after) / 2 + 1
            let wait = predicted - margin - wall(previous.exchange.received)
            if wait > 0 { clock.sleep(wait) }
            let before = readings
            let edge = try nextEdge(pause: 0, giveUpAfter: 1.5)
            if readings - before == 1 {
                margin = min(2 * margin, 0.25)
            } else {
                tight += 1
            }
            edges.append(edge)
        }
        // Offsets from every edge, weighted by precision, at the matching weighted time: a drifting
        // clock's offset changes from one tick to the next, so the time must go with the offset.
        let weights = edges.map { 1 / max($0.halfWidth * $0.halfWidth, 1e-12) }
        let total = weights.reduce(0, +)
        let offset = zip(weights, edges).map { $0 * $1.offset }.reduce(0, +) / total
        let time = zip(weights, edges).map { $0 * ($1.before + $1.after) / 2 }.reduce(0, +) / total
        let best = edges.min { $0.halfWidth < $1.halfWidth }!
        return Result(serial: previous.info.serial, offset: offset, uncertainty: best.halfWidth,
                      time: time, edges: edges, readings: readings,
                      elapsed: previous.exchange.received.monotonic - anchor.monotonic)
    }
}
