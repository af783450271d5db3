/// A READ OTP answer with the host times around it: the token computed the code somewhere
/// between `exchange.sent` and `exchange.received`.
public struct ProtectimusOTPReading: Sendable {
    /// The six digits, as shown on the display.
    public var code: String
    public var exchange: APDUExchange
}

/// One conversation with a Protectimus SLIM NFC token over any transport. Nothing is
/// authenticated: the token has no such step.
public final class ProtectimusSession {
    public let transport: any APDUTransport

    public init(transport: any APDUTransport) {
        self.transport = transport
    }

    /// Reads the code the token shows now. Each digit byte carries its digit in the low nibble;
    /// the high nibble is `0` or `3` (ASCII), which real tokens use is unknown, so both are taken.
    public func readOTP() throws -> ProtectimusOTPReading {
        let (data, exchange) = try send(ProtectimusCommand.readOTP)
        guard data.count == 6 else {
            throw ProtectimusError.malformed(command: "READ OTP", problem: "\(data.count) digit bytes instead of 6")
        }
        var code = ""
        for byte in data {
            guard byte >> 4 == 0 || byte >> 4 == 3, byte & 0x0F <= 9 else {
                throw ProtectimusError.malformed(command: "READ OTP", problem: "digit byte \(APDUHex.byte(byte)) is not a decimal digit")
            }
            code.append(Character(String(byte & 0x0F)))
        }
        return ProtectimusOTPReading(code: code, exchange: exchange)
    }

    public func readInfo() throws -> (info: ProtectimusInfo, exchange: APDUExchange) {
        let (data, exchange) = try send(ProtectimusCommand.readInfo)
        return (try ProtectimusInfo(bytes: data), exchange)
    }

    /// Sends SET TIME. The answer's layout is unknown (the published script ignores it), so any
    /// answer is accepted and returned: callers verify the write by reading the code back.
    @discardableResult
    public func setTime(_ time: ProtectimusTime) throws -> APDUExchange {
        try transport.transmit(ProtectimusCommand.setTime(time))
    }

    /// Sends a command and checks the answer is a frame for the same command.
    private func send(_ command: CommandAPDU) throws -> ([UInt8], APDUExchange) {
        let exchange = try transport.transmit(command)
        switch ProtectimusFrame.parse(exchange.response.raw, marker: ProtectimusFrame.responseMarker) {
        case .failure(let problem):
            throw ProtectimusError.malformed(command: command.name, problem: problem.text)
        case .success(let frame):
            guard frame.command == command.bytes[2] else {
                throw ProtectimusError.wrongCommand(command: command.name, answered: frame.command)
            }
            return (frame.data, exchange)
        }
    }
}
