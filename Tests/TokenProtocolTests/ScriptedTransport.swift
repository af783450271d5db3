import TokenProtocol

/// An in-process transport that answers from a script and records what was sent. An empty answer
/// is no answer at all (`TokenError.shortResponse`).
final class ScriptedTransport: APDUTransport {
    var answers: [[UInt8]]
    private(set) var sent: [CommandAPDU] = []
    /// How many times the link was set up again.
    private(set) var reconnects = 0

    init(answers: [[UInt8]]) {
        self.answers = answers
    }

    func transmit(_ command: CommandAPDU) throws -> APDUExchange {
        sent.append(command)
        let raw = answers.isEmpty ? [0x6F, 0x00] : answers.removeFirst()
        let instant = HostInstant(monotonic: Double(sent.count), wall: 1_700_000_000 + Double(sent.count))
        return APDUExchange(command: command, response: try ResponseAPDU(raw: raw), sent: instant,
                            received: HostInstant(monotonic: instant.monotonic + 0.001, wall: instant.wall + 0.001))
    }

    func reconnect() throws { reconnects += 1 }
}
