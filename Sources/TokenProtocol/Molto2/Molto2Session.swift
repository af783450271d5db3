/// How an AUTHENTICATE ended. A refusal is an outcome, not a thrown error, so that the caller has to
/// look at the tries left (`63 Cx`) and remember them: they are readable nowhere else.
public enum Molto2AuthenticationOutcome: Sendable, Equatable {
    case authenticated
    /// `63 Cx`: x tries left; `triesLeft` is nil for a `63 xx` that carries no count.
    case refused(sw: UInt16, triesLeft: Int?)
}

/// DELETE SEED's two good answers: `90 00`, or `6A 83` for a profile that had no seed.
public enum Molto2DeleteOutcome: Sendable, Equatable {
    case deleted
    case alreadyEmpty
}

/// A button-confirmed command's answer: `90 60` means the token waits for ▲ and nothing has changed
/// yet; whether the press happened can only be learnt by checking afterwards.
public enum Molto2ButtonOutcome: Sendable, Equatable {
    case awaitingButton
    case done
}

/// One conversation with a Molto2 over any transport (docs/token-protocol.md §11.1): reads at any
/// time; AUTHENTICATE at most once, whatever its outcome; then secure writes under the same key.
/// The authenticated state lives on the token for one connection only.
public final class Molto2Session {
    public let transport: any APDUTransport
    public private(set) var isAuthenticated = false
    private var authenticationSent = false
    private var key: Molto2Key?

    public init(transport: any APDUTransport) {
        self.transport = transport
    }

    /// Serial and device clock, parsed by offsets only: the answer runs on after the time.
    public func getInfo() throws -> TokenReading {
        let exchange = try send(Molto2Command.getInfo)
        do {
            return TokenReading(info: try TokenInfo(data: exchange.response.data), exchange: exchange)
        } catch TokenError.malformedResponse(let command, let problem) {
            throw Molto2Error.malformedResponse(command: command, problem: problem)
        }
    }

    public func readPublicData(_ profile: Molto2Profile) throws -> Molto2PublicData {
        try Molto2PublicData(data: send(Molto2Command.readPublicData(profile)).response.data)
    }

    /// GET CHALLENGE, then AUTHENTICATE under `key`. Sent at most once per session: a second call
    /// throws without sending anything.
    public func authenticate(key: Molto2Key) throws -> Molto2AuthenticationOutcome {
        guard !authenticationSent else { throw Molto2Error.authenticationAlreadyAttempted }
        let challengeExchange = try send(Molto2Command.getChallenge)
        guard challengeExchange.response.data.count == 8 else {
            throw Molto2Error.malformedResponse(command: "GET CHALLENGE", problem: "\(challengeExchange.response.data.count) bytes instead of 8")
        }
        let command = try Molto2Command.authenticate(challenge: challengeExchange.response.data, key: key)
        authenticationSent = true
        let sw = try transport.transmit(command).response.sw
        if sw == StatusWord.success {
            isAuthenticated = true
            self.key = key
            return .authenticated
        }
        guard Molto2Status.isAuthenticationFailure(sw) else { throw Molto2Error.unexpectedStatus(command: command.name, sw: sw) }
        return .refused(sw: sw, triesLeft: Molto2Status.triesLeft(sw))
    }

    @discardableResult
    public func writeSeed(_ seed: [UInt8], profile: Molto2Profile) throws -> APDUExchange {
        try sendSecure { key throws(Molto2Error) in try Molto2Command.writeSeed(seed, profile: profile, key: key) }
    }

    @discardableResult
    public func writeTitle(_ title: String, profile: Molto2Profile) throws -> APDUExchange {
        try sendSecure { key throws(Molto2Error) in try Molto2Command.writeTitle(title, profile: profile, key: key) }
    }

    /// The full config, clock included; the exchange's `sent` time is when the clock value left.
    @discardableResult
    public func writeConfig(_ config: Molto2Config, profile: Molto2Profile) throws -> APDUExchange {
        try sendSecure { key throws(Molto2Error) in try Molto2Command.writeConfig(config, profile: profile, key: key) }
    }

    @discardableResult
    public func syncTime(_ time: UInt32, profile: Molto2Profile) throws -> APDUExchange {
        try sendSecure { key throws(Molto2Error) in try Molto2Command.syncTime(time, profile: profile, key: key) }
    }

    /// Sent with or without authentication: the device that was tested deleted either way.
    public func deleteSeed(_ profile: Molto2Profile) throws -> Molto2DeleteOutcome {
        let command = Molto2Command.deleteSeed(profile)
        switch try transport.transmit(command).response.sw {
        case StatusWord.success: return .deleted
        case Molto2Status.noSeed: return .alreadyEmpty
        case let sw: throw Molto2Error.unexpectedStatus(command: command.name, sw: sw)
        }
    }

    /// CHANGE CUSTOMER KEY under the key this session authenticated with.
    public func changeKey(to newKey: Molto2Key) throws -> Molto2ButtonOutcome {
        guard isAuthenticated, let key else { throw Molto2Error.notAuthenticated(command: "CHANGE CUSTOMER KEY") }
        let command = try Molto2Command.changeKey(to: newKey, key: key)
        switch try transport.transmit(command).response.sw {
        case Molto2Status.awaitingButton: return .awaitingButton
        case StatusWord.success: return .done
        case let sw: throw Molto2Error.unexpectedStatus(command: command.name, sw: sw)
        }
    }

    private func sendSecure(_ build: (Molto2Key) throws(Molto2Error) -> CommandAPDU) throws -> APDUExchange {
        guard isAuthenticated, let key else {
            throw Molto2Error.notAuthenticated(command: (try? build(.factory))?.name ?? "a secure command")
        }
        return try send(build(key))
    }

    private func send(_ command: CommandAPDU) throws -> APDUExchange {
        let exchange = try transport.transmit(command)
        guard exchange.response.isSuccess else {
            throw Molto2Error.unexpectedStatus(command: command.name, sw: exchange.response.sw)
        }
        return exchange
    }
}
