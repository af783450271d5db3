import Drift
import Foundation
import TokenProtocol

/// One config (and seed) write to a connected token, the way docs/token-protocol.md §9 asks: a single
/// AUTHENTICATE, config then seed in the same session, the time write aligned to a whole second of
/// the reference clock, and a read-back. A run cut short says exactly what the token now holds.
public final class TokenWriter {
    public let session: TokenSession
    public let reference: ReferenceClock
    /// Half the shortest round trip seen so far: the estimate of how long a command takes to reach
    /// the token.
    public private(set) var latency = Double.infinity

    public init(session: TokenSession, reference: ReferenceClock) {
        self.session = session
        self.reference = reference
    }

    /// A few more GET INFO exchanges before writing, so the latency estimate is the best of several.
    public func measureLatency(samples: Int = 3) throws {
        for _ in 0..<samples { _ = try readInfo() }
    }

    /// GET INFO, remembering its round trip for the latency estimate.
    public func readInfo() throws -> TokenReading {
        remember(try session.getInfo())
    }

    /// Takes a GET INFO reading (also one made by family detection) into the latency estimate.
    @discardableResult
    public func remember(_ reading: TokenReading) -> TokenReading {
        latency = min(latency, reading.exchange.roundTrip / 2)
        return reading
    }

    /// Token minus reference, from one GET INFO (±0.5 s for the whole-second clock).
    public func offset(of reading: TokenReading) -> Double { reading.offsetEstimate - reference.correction }

    /// What a finished write sent.
    public struct Written: Sendable {
        public var config: TokenConfig
        public var progress: WriteProgress
        /// Estimated arrival of WRITE CONFIG minus the second it carried (reference seconds).
        public var arrivalError: Double
    }

    /// Authenticates once, waits for the aligned moment, writes the config and then the seed.
    /// Ctrl-C is held off for this second or so, so that it cannot split config from seed.
    public func write(settings: TokenSettings, seed: [UInt8]?, keepsSeedOnTimeWrite: Bool) throws -> Written {
        var progress = WriteProgress(keepsSeedOnTimeWrite: keepsSeedOnTimeWrite, seedPlanned: seed != nil)
        signal(SIGINT, SIG_IGN)
        defer { signal(SIGINT, SIG_DFL) }
        do {
            try session.authenticate()
            let (config, alignment) = waitForAlignedSecond(settings)
            progress.config = .unanswered
            let exchange = try sendWrite(&progress.config) { try session.writeConfig(config) }
            progress.config = .written
            if let seed {
                progress.seed = .unanswered
                try sendWrite(&progress.seed) { try session.writeSeed(seed) }
                progress.seed = .written
            }
            return Written(config: config, progress: progress,
                           arrivalError: alignment.arrivalError(sentAt: reference.reference(host: exchange.sent.wall), latency: latency))
        } catch {
            throw TokenWriteFailure(underlying: error, progress: progress)
        }
    }

    /// Sends one write; a failure that shows the command never reached the card marks it unsent.
    @discardableResult
    private func sendWrite(_ stage: inout WriteProgress.Stage, _ body: () throws -> APDUExchange) throws -> APDUExchange {
        do {
            return try body()
        } catch let error as UndeliveredCommand where error.commandNeverReachedCard {
            stage = .notSent
            throw error
        } catch let error as TokenError {
            if case .writeRefused = error { stage = .notSent }
            if case .unexpectedStatus = error { stage = .notSent }
            throw error
        }
    }

    /// Sleeps until the reference clock is one latency before a whole second, then returns the
    /// config carrying that second. A wake-up more than 50 ms late picks the next second instead.
    private func waitForAlignedSecond(_ settings: TokenSettings) -> (TokenConfig, SecondAlignment) {
        let alignment = SecondAlignment.waitForNext(on: reference, latency: latency.isFinite ? latency : 0)
        return (TokenConfig(time: alignment.second, algorithm: settings.algorithm, step: settings.step,
                            displayTimeout: settings.displayTimeout), alignment)
    }

    /// The clock read back after a write: GET INFO every 25 ms until the token's second changes,
    /// which places its phase to ±25 ms, then GET INFO every millisecond from just before the next
    /// change, which places it to about a millisecond (docs/token-protocol.md §9.6: verify by reading back).
    public struct Readback: Sendable {
        public var edge: StepEdge
        /// Token minus reference at the edge.
        public var offset: Double { edge.offset }
        public var uncertainty: Double
    }

    public func readBack() throws -> Readback {
        let coarse = try watchForEdge(after: try readInfo(), interval: 0.025)
        let pause = coarse.before + 1 - 0.03 - reference.now()
        if pause > 0 { reference.clock.sleep(min(pause, 1.1)) }
        let start = try readInfo()
        guard Double(start.info.time) == coarse.edgeValue else {
            // Woke after the next change already (a busy host): the coarse edge is the answer.
            return Readback(edge: coarse, uncertainty: coarse.halfWidth + reference.uncertainty)
        }
        let fine = try watchForEdge(after: start, interval: 0.001)
        return Readback(edge: fine, uncertainty: fine.halfWidth + reference.uncertainty)
    }

    /// The quick read-back: one GET INFO right after the write. The second the token shows began
    /// less than a second before the reading was sent and before it was answered, so the edge is bracketed to one second
    /// (±0.5 s): enough to tell a write that took (the clock shows the written second) from one
    /// that did not (it shows its old time), not to measure the offset left.
    public func checkClock() throws -> Readback {
        let reading = try readInfo()
        let sent = reference.reference(host: reading.exchange.sent.wall)
        let edge = StepEdge(edgeValue: Double(reading.info.time), before: sent - 1, after: sent + reading.exchange.roundTrip)
        return Readback(edge: edge, uncertainty: edge.halfWidth + reference.uncertainty)
    }

    /// Polls GET INFO until the second differs from `first`'s, for at most 1.6 s.
    private func watchForEdge(after first: TokenReading, interval: Double) throws -> StepEdge {
        var last = first
        let deadline = reference.clock.monotonic() + 1.6
        while reference.clock.monotonic() < deadline {
            reference.clock.sleep(interval)
            let next = try readInfo()
            if next.info.time != last.info.time {
                return StepEdge(edgeValue: Double(next.info.time),
                                before: reference.reference(host: last.exchange.sent.wall),
                                after: reference.reference(host: next.exchange.sent.wall + next.exchange.roundTrip))
            }
            last = next
        }
        throw ClockStopped(shown: last.info.time)
    }
}

/// A read-back that saw the token's clock stand still.
public struct ClockStopped: Error, CustomStringConvertible {
    public var shown: UInt32

    public var description: String {
        "read-back: the token's clock showed \(shown) for 1.6 s and did not advance; the write was made but the clock does not run"
    }
}

/// A write that stopped part-way: the cause, then what the token now holds.
public struct TokenWriteFailure: Error {
    public var underlying: any Error
    public var progress: WriteProgress
    /// Added to the state line, e.g. that the read-back did not happen.
    public var note: TokenAdvice?

    public init(underlying: any Error, progress: WriteProgress, note: TokenAdvice? = nil) {
        self.underlying = underlying
        self.progress = progress
        self.note = note
    }
}
