/// A host timestamp: the monotonic clock for intervals and the wall clock (Unix seconds, UTC) for
/// comparing with the token's clock, read together.
public struct HostInstant: Sendable, Equatable {
    public var monotonic: Double
    public var wall: Double

    public init(monotonic: Double, wall: Double) {
        self.monotonic = monotonic
        self.wall = wall
    }
}

/// One command and its answer, with the host times read just before sending and just after the
/// answer arrived: the token read its clock somewhere in between.
public struct APDUExchange: Sendable {
    public var command: CommandAPDU
    public var response: ResponseAPDU
    public var sent: HostInstant
    public var received: HostInstant

    public init(command: CommandAPDU, response: ResponseAPDU, sent: HostInstant, received: HostInstant) {
        self.command = command
        self.response = response
        self.sent = sent
        self.received = received
    }

    /// Round-trip time in seconds (monotonic clock).
    public var roundTrip: Double { received.monotonic - sent.monotonic }
    /// Wall-clock midpoint of the exchange, the best single guess for when the token answered.
    public var wallMidpoint: Double { sent.wall + (received.monotonic - sent.monotonic) / 2 }
}

/// Carries APDUs to a token: PC/SC, an in-process fake, or the emulator. Sessions know nothing of
/// how the bytes travel. Transport failures (card removed, no service) are thrown as the
/// transport's own error type.
public protocol APDUTransport: AnyObject {
    func transmit(_ command: CommandAPDU) throws -> APDUExchange
    /// Sets the link to the token up again after it went quiet (`UnansweredCommand`), so that the
    /// next command reaches the token; throws when the token does not come back.
    func reconnect() throws
}

/// A failure that may only mean the token gave no answer to the command: nothing, fewer bytes
/// than a status word, a response timeout, or a link that dropped. A token of another family may
/// answer a foreign command this way, so family detection takes it for "not this family"; other
/// failures (no service, Ctrl-C) end detection.
public protocol UnansweredCommand: Error {
    var isUnanswered: Bool { get }
}

/// A failure that may show the command never reached the token (the card was gone before the
/// exchange started), so whatever it would have written was not written.
public protocol UndeliveredCommand: Error {
    var commandNeverReachedCard: Bool { get }
}
