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
        /// 30 or 60; nil when the interval code is not one of the two known ones.
        var intervalSeconds: Int?
        var intervalCode: String
        /// All nine READ INFO bytes, hex, including the ones nobody knows the meaning of.
        var infoBytes: String

        enum CodingKeys: String, CodingKey {
            case otp, otpReadAt = "otp_read_at", hardwareScheme = "hardware_scheme", firmware, hardwareRTC = "hardware_rtc",
                 intervalSeconds = "interval_seconds", intervalCode = "interval_code", infoBytes = "info_bytes"
        }
    }

    private var fields: Fields {
        Fields(otp: code.code, otpReadAt: ReportTime((code.exchange.wallMidpoint * 1000).rounded() / 1000),
               hardwareScheme: info.hardwareScheme, firmware: info.firmware, hardwareRTC: info.hasRTC,
               intervalSeconds: info.intervalSeconds, intervalCode: APDUHex.byte(info.intervalCode), infoBytes: APDUHex.spaced(info.bytes))
    }

    func encodeFields(to encoder: any Encoder) throws { try fields.encode(to: encoder) }

    func table(reader: String, roundTripSeconds: Double) -> ReportTable {
        let token = fields
        var notes = ["The code was read over NFC without authentication. This model's clock can also be set without authentication (CVE-2021-32033): `skew token audit` explains the attack and what to do."]
        if token.intervalSeconds == nil {
            notes.append("Interval code \(token.intervalCode) is not one of the known codes (00 = 30 s, 10 = 60 s): give --period yourself when measuring or syncing.")
        }
        return ReportTable(
            title: "Protectimus SLIM NFC on \(reader)",
            columns: ["family", "code now", "read at (UTC)", "hardware scheme", "firmware", "hardware RTC", "interval s", "round trip ms"],
            rows: [["protectimus", token.otp, token.otpReadAt.utc, token.hardwareScheme, token.firmware, token.hardwareRTC ? "yes" : "no",
                    token.intervalSeconds.map(String.init) ?? "unknown (code \(token.intervalCode))", String(format3: roundTripSeconds * 1000)]],
            notes: notes)
    }
}
