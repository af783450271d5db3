import Drift
import OTPCore
import TokenProtocol

/// Measures the full clock offset of a token whose code can be read (Protectimus SLIM NFC), from
/// the code alone, to a fraction of a second.
///
/// It polls READ OTP until the code changes: the token's clock crossed a step boundary between the
/// last reading of the old code (its send) and the first reading of the new one (its answer). The
/// two codes, as consecutive steps, are then located with the fast search around the host time,
/// which names the step that began; its start is the token's clock at the edge. A single 6-digit
/// code would match a wrong step once in a million per step searched; a consecutive pair, once in
/// 10¹². Host times come from the monotonic clock anchored once to the wall clock, so a wall-clock
/// step during the wait cannot bend the result. It takes at most one step plus a little.
public struct OTPEdgeMeter {
    public struct Result: Sendable {
        /// Token minus host wall clock, seconds.
        public var offset: Double
        /// Half the bracket: the edge lies within ± this.
        public var uncertainty: Double
        /// Host wall time at the edge.
        public var time: Double
        public var edge: StepEdge
        /// The step that began at the edge, and the code it shows.
        public var counter: Int64
        public var code: String
        public var readings: Int
        /// Monotonic seconds from the first READ OTP to the last.
        public var elapsed: Double
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case noChange(seconds: Double)
        case notFound(range: Int64)
        case ambiguous(matches: Int, range: Int64)

        public var description: String {
            switch self {
            case .noChange(let seconds):
                return "the token's code did not change within \(formatted(seconds)) s of polling"
            case .notFound(let range):
                return "the token's codes are not consecutive steps of this secret within ±\(range) steps of the host clock"
            case .ambiguous(let matches, let range):
                return "the token's codes match \(matches) places within ±\(range) steps"
            }
        }
    }

    public let session: ProtectimusSession
    public let search: CodeSearch
    /// Steps each side of the host clock's step to search.
    public let range: Int64
    /// Pause between polls: the bracket is about this plus one round trip.
    public let pollInterval: Double
    /// Sleeps between polls (injected so tests run without real waiting).
    public let clock: any TokenClock

    public init(session: ProtectimusSession, search: CodeSearch, range: Int64, pollInterval: Double = 0.002,
                clock: any TokenClock) {
        self.session = session
        self.search = search
        self.range = range
        self.pollInterval = pollInterval
        self.clock = clock
    }

    public func measure() throws -> Result {
        var previous = try session.readOTP()
        let anchor = previous.exchange.sent
        func wall(_ instant: HostInstant) -> Double { anchor.wall + (instant.monotonic - anchor.monotonic) }
        var readings = 1
        let limit = Double(search.parameters.period) + 2
        var current = previous
        while true {
            if pollInterval > 0 { clock.sleep(pollInterval) }
            current = try session.readOTP()
            readings += 1
            if current.code != previous.code { break }
            previous = current
            if current.exchange.received.monotonic - anchor.monotonic > limit { throw Failure.noChange(seconds: limit) }
        }
        let before = wall(previous.exchange.sent)
        let after = wall(current.exchange.received)
        let located = try Locator.locate(codes: [previous.code, current.code], search: search, time: (before + after) / 2,
                                         range: range)
        guard let match = located.matches.first else { throw Failure.notFound(range: range) }
        guard located.matches.count == 1 else { throw Failure.ambiguous(matches: located.matches.count, range: range) }
        let counter = match.counter + 1
        let edge = StepEdge(edgeValue: Double(search.parameters.startOfStep(counter)), before: before, after: after)
        return Result(offset: edge.offset, uncertainty: edge.halfWidth, time: (before + after) / 2, edge: edge,
                      counter: counter, code: current.code, readings: readings,
                      elapsed: current.exchange.received.monotonic - anchor.monotonic)
    }
}

private func formatted(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
}
