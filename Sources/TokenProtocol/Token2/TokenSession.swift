/// A GET INFO answer with the host times around it.
public struct TokenReading: Sendable {
    public var info: TokenInfo
    public var exchange: APDUExchange

    /// Token clock minus host wall clock, in seconds. The token reports whole seconds (its clock
    /// truncated), so half a second is added: the estimate is within ±0.5 s plus half the round trip.
    public var offsetEstimate: Double { Double(info.time) + 0.5 - exchange.wallMidpoint }
    /// How far `offsetEstimate` can be off: half a second for the truncated clock, plus half the
    /// round trip for not knowing when in the exchange the token read it.
    public var offsetUncertainty: Double { 0.5 + exchange.roundTrip / 2 }
}

/// One conversation with a single-profile token over any transport, in the order the protocol
/// allows: GET INFO at any time; AUTHENTICATE at most once; then WRITE CONFIG and WRITE SEED.
///
/// The authenticated state lives on the token for one connection only, so a session must not
/// outlive its transport's connection.
public final class TokenSession {
    public let transport: any APDUTransport
    public private(set) var isAuthenticated = false
    private var authenticationSent = false

    public init(transport: any APDUTransport) {
        self.transport = transport
    }

    /// Reads the serial and clock (no authentication needed).
    public func getInfo() throws -> TokenReading {
        let exchange = try send(TokenCommand.getInfo)
        return TokenReading(info: try TokenInfo(data: exchange.response.data), exchange: exchange)
    }

    /// Fetches a fresh 8-byte challenge (which also drops any authenticated state on the token).
    public func getChallenge() throws -> [UInt8] {
        let exchange = try send(TokenCommand.getChallenge)
        guard exchange.response.data.count == 8 else {
            throw TokenError.malformedResponse(command: "GET CHALLENGE",
                                               problem: "\(exchange.response.data.count) bytes instead of 8")
        }
        isAuthenticated = false
        return exchange.response.data
    }

    /// GET CHALLENGE, then AUTHENTICATE with its answer. Sent at most once per session, whatever
    /// the outcome: `69 83` becomes `TokenError.lockedOrWrongKey` and is never retried.
    public func authenticate() throws {
        guard !authenticationSent else { throw TokenError.authenticationAlreadyAttempted }
        let challenge = try getChallenge()
        let command = try TokenCommand.authenticate(challenge: challenge)
        authenticationSent = true
        let exchange = try transport.transmit(command)
        switch exchange.response.sw {
        case StatusWord.success: isAuthenticated = true
        case StatusWord.securityNotSatisfied: throw TokenError.lockedOrWrongKey
        default: throw TokenError.unexpectedStatus(command: command.name, sw: exchange.response.sw)
        }
    }

    /// Writes display timeout, clock, algorithm and step. On restricted models this wipes the seed,
    /// so write the seed next in the same session. Returns the exchange, whose `sent` time is
    /// when the clock value left the host.
    @discardableResult
    public func writeConfig(_ config: TokenConfig) throws -> APDUExchange {
        try sendSecure(TokenCommand.writeConfig(config))
    }

    /// Writes the seed (1–63 bytes), encrypted and MACed.
    @discardableResult
    public func writeSeed(_ seed: [UInt8]) throws -> APDUExchange {
        try sendSecure(TokenCommand.writeSeed(seed))
    }

    private func sendSecure(_ command: CommandAPDU) throws -> APDUExchange {
        guard isAuthenticated else { throw TokenError.notAuthenticated(command: command.name) }
        let exchange = try transport.transmit(command)
        switch exchange.response.sw {
        case StatusWord.success: return exchange
        case StatusWord.securityNotSatisfied: throw TokenError.writeRefused(command: command.name)
        default: throw TokenError.unexpectedStatus(command: command.name, sw: exchange.response.sw)
        }
    }

    private func send(_ command: CommandAPDU) throws -> APDUExchange {
        let exchange = try transport.transmit(command)
        guard exchange.response.isSuccess else {
            throw TokenError.unexpectedStatus(command: command.name, sw: exchange.response.sw)
        }
        return exchange
    }
}
