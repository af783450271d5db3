import Reports
import TokenProtocol

extension TokenInfoCommand {
    /// The Protectimus answer: READ INFO's fields and the code read now with READ OTP.
    func emitProtectimus(info: ProtectimusInfo, infoExchange: APDUExchange, connection: TokenConnection) throws {
        let otp = try ProtectimusSession(transport: connection.session.transport).readOTP()
        try output.emit(ProtectimusInfoReport(
            reader: connection.reader, otp: otp.code, otpReadAt: otp.exchange.wallMidpoint, hardwareScheme: info.hardwareScheme,
            firmware: info.firmware, hardwareRTC: info.hasRTC, intervalSeconds: info.intervalSeconds,
            intervalCode: APDUHex.byte(info.intervalCode), infoBytes: APDUHex.spaced(info.bytes),
            roundTripSeconds: infoExchange.roundTrip))
    }
}
