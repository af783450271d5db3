import TokenProtocol

/// A virtual token in the same process, for unit tests of sessions: no pcscd, no sockets.
/// `hostTime` supplies the host clock the token's clock is measured against.
public final class InProcessTransport: APDUTransport {
    public var token: VirtualToken
    public var hostTime: () -> Double

    public init(token: VirtualToken, hostTime: @escaping () -> Double) {
        self.token = token
        self.hostTime = hostTime
    }

    public func transmit(_ command: CommandAPDU) throws -> APDUExchange {
        let now = hostTime()
        let answer = token.handle(command.bytes, hostTime: now)
        let instant = HostInstant(monotonic: now, wall: now)
        return APDUExchange(command: command, response: try ResponseAPDU(raw: answer.response), sent: instant, received: instant)
    }
}
