import TokenProtocol
import Tokens

/// A Protectimus SLIM NFC in `token info`: the code it showed (read over NFC, no authentication)
/// and the READ INFO fields.
extension ProtectimusInfoDetail: TokenDetailPresentation {
    private struct Fields: Encodable {
        var otp: String
        var otpReadAt: ReportTime
        var hardwareScheme: String
        var firmware: String
        var hardwareRTC: Bool
        /// The TOTP period the interval code stands for: 30 or 60; nil when the code is not one of
        /// the two known ones.
        var periodSeconds: Int?
        /// The READ INFO byte that encodes the period, hex.
        var periodCode: String
        /// All nine READ INFO bytes, hex, including the ones nobody knows the meaning of.
        var infoBytes: String
    }

    private var fields: Fields {
        Fields(otp: code.code, otpReadAt: ReportTime(code.exchange.wallMidpoint),
               hardwareScheme: info.hardwareScheme, firmware: info.firmware, hardwareRTC: info.hasRTC,
               periodSeconds: info.intervalSeconds, periodCode: APDUHex.byte(info.intervalCode), infoBytes: APDUHex.spaced(info.bytes))
    }

    func encodeFields(to encoder: any Encoder) throws { try fields.encode(to: encoder) }

    func table(reader: String, roundTripSeconds: Double) -> ReportTable {
        let token = fields
        var notes = ["The code was read over NFC without authentication. This model's clock can also be set without authentication (CVE-2021-32033): the token's security audit explains the attack and what to do."]
        if token.periodSeconds == nil {
            notes.append("Interval code \(token.periodCode) is not one of the known codes (00 = 30 s, 10 = 60 s): give the period yourself when measuring or syncing.")
        }
        return ReportTable(
            title: "Protectimus SLIM NFC on \(reader)",
            columns: ["family", "code now", "read at (UTC)", "hardware scheme", "firmware", "hardware RTC", "interval s", "round trip ms"],
            rows: [["protectimus", token.otp, token.otpReadAt.utc, token.hardwareScheme, token.firmware, token.hardwareRTC ? "yes" : "no",
                    token.periodSeconds.map(String.init) ?? "unknown (code \(token.periodCode))", String(roundTripSeconds * 1000)]],
            notes: notes)
    }
}
