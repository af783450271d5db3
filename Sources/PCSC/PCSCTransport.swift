import Foundation
import TokenProtocol

/// Token sessions over a PC/SC card connection, with host timestamps read right before and right
/// after `SCardTransmit`.
public final class PCSCTransport: APDUTransport {
    public let card: PCSCCard

    public init(card: PCSCCard) {
        self.card = card
    }

    /// How long a token that went quiet gets to come back (a dropped link, a reader re-selecting
    /// the card) before `reconnect()` gives up.
    public static let reconnectTimeout = 3.0

    public func reconnect() throws {
        try card.reconnect(timeout: Self.reconnectTimeout)
    }

    public func transmit(_ command: CommandAPDU) throws -> APDUExchange {
        let sent = Self.now()
        let raw = try card.transmit(command.bytes)
        let received = Self.now()
        return APDUExchange(command: command, response: try ResponseAPDU(raw: raw), sent: sent, received: received)
    }

    private static func now() -> HostInstant {
        var monotonic = timespec()
        var wall = timespec()
        clock_gettime(CLOCK_MONOTONIC, &monotonic)
        clock_gettime(CLOCK_REALTIME, &wall)
        return HostInstant(monotonic: Double(monotonic.tv_sec) + Double(monotonic.tv_nsec) / 1e9,
                           wall: Double(wall.tv_sec) + Double(wall.tv_nsec) / 1e9)
    }
}
