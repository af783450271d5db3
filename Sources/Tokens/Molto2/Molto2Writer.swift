import Foundation
import TokenProtocol

/// Sends a Molto2's time writes at whole seconds of the reference clock and reads back what they
/// did. Each write carries the second it arrives in: the writer waits for the next reachable whole
/// second and sends writes while that second is less than `window` old, then waits for the next
/// one, so a 100-profile sync lands every write within `window` of its second (docs/token-protocol.md
/// §11.1.9, point 4) in a few seconds.
struct Molto2Writer {
    let device: Molto2Device
    let reference: ReferenceClock
    let window = 0.020
    private var latency = Double.infinity

    init(device: Molto2Device, reference: ReferenceClock) {
        self.device = device
        self.reference = reference
    }

    /// Half the shortest GET INFO round trip: how long a command takes to reach the token.
    mutating func measureLatency() throws {
        latency = device.reading.exchange.roundTrip / 2
        for _ in 0..<3 { latency = min(latency, try device.session.getInfo().exchange.roundTrip / 2) }
    }

    /// One aligned write per profile, in order; a refused one is recorded and the loop goes on.
    /// `send` sends the write of one profile carrying one second.
    func alignedWrites(_ profiles: [Molto2Profile], send: (Molto2Profile, UInt32) throws -> APDUExchange)
        throws -> [(profile: Molto2Profile, second: UInt32, arrival: Double, refused: String?)] {
        var results: [(profile: Molto2Profile, second: UInt32, arrival: Double, refused: String?)] = []
        var pending = profiles[...]
        let latency = latency.isFinite ? latency : 0
        while let first = pending.first {
            let alignment = SecondAlignment.waitForNext(on: reference, latency: latency)
            var next: Molto2Profile? = first
            while let profile = next {
                pending.removeFirst()
                do {
                    let exchange = try send(profile, alignment.second)
                    let arrival = alignment.arrivalError(sentAt: reference.reference(host: exchange.sent.wall), latency: latency)
                    results.append((profile, alignment.second, arrival, nil))
                } catch Molto2Error.unexpectedStatus(_, let sw) {
                    results.append((profile, alignment.second, .nan, StatusWord.text(sw)))
                } catch {
                    throw ProfileWritesInterrupted(underlying: error, written: results.filter { $0.refused == nil }.map { Int($0.profile.number) },
                                                   unanswered: Int(profile.number), notSent: pending.count)
                }
                next = pending.first.flatMap { reference.now() - Double(alignment.second) < window ? $0 : nil }
            }
        }
        return results
    }

    /// The device clock minus the reference, timed on its tick; and whether the write moved it.
    func deviceClockAfter() throws -> (offset: Double, uncertainty: Double, moved: Molto2Write.DeviceClock) {
        let result = try ClockEdgeMeter(read: device.session.getInfo, fineEdges: 1, clock: reference.clock).measure()
        let after = result.offset - reference.correction
        let before = device.reading.offsetEstimate - reference.correction
        let moved: Molto2Write.DeviceClock
        if abs(before) > 1.5 && abs(after) < 1 {
            moved = .moved
        } else if abs(before) > 1.5 && abs(after - before) < 1 {
            moved = .notMoved
        } else {
            moved = .undecided
        }
        return (after, result.uncertainty + reference.uncertainty, moved)
    }
}

/// A run of per-profile writes cut short (the token left, the link dropped): which profiles hold
/// the write, which one went out without an answer, and how many were never sent.
public struct ProfileWritesInterrupted: Error, CustomStringConvertible {
    public var underlying: any Error
    public var written: [Int]
    /// Sent, no answer: the token may or may not have taken it.
    public var unanswered: Int
    public var notSent: Int

    public var description: String {
        let done = written.isEmpty ? "no profile written" : "profile\(written.count == 1 ? "" : "s") \(written.map(String.init).joined(separator: ", ")) written"
        return "\(underlying)\nstate: \(done); profile \(unanswered) sent but not answered (it may or may not have taken the write); \(notSent) not sent"
    }
}
