import TokenProtocol

/// A virtual card in the same process, for unit tests of sessions: no pcscd, no sockets.
/// `hostTime` supplies the host clock the card's clock is measured against; `sent` records every
/// command, so tests can prove what reached the card. A card that goes quiet answers no bytes: in
/// process there is no link to drop or time out.
public final class InProcessCardTransport<Card: EmulatedCard>: APDUTransport {
    public var token: Card
    public var hostTime: () -> Double
    public private(set) var sent: [CommandAPDU] = []

    public init(token: Card, hostTime: @escaping () -> Double) {
        self.token = token
        self.hostTime = hostTime
    }

    public func transmit(_ command: CommandAPDU) throws -> APDUExchange {
        sent.append(command)
        let now = hostTime()
        let answer = token.handle(command.bytes, hostTime: now)
        let instant = HostInstant(monotonic: now, wall: now)
        return APDUExchange(command: command, response: try ResponseAPDU(raw: answer.quiet == nil ? answer.response : []),
                            sent: instant, received: instant)
    }

    /// Nothing to set up again: the card is in this process.
    public func reconnect() throws {}
}

/// The Token2 virtual token in process.
public typealias InProcessTransport = InProcessCardTransport<VirtualToken>
