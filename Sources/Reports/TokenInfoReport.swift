import TokenProtocol
import Tokens

/// `skew token info`: who the token is and what it tells without authentication, one layout for
/// every family: `family`, `reader` and `round_trip_seconds`, then the fields of the family's own
/// part (a Token2 token's serial and clock, a Protectimus token's code and READ INFO fields).
public struct TokenInfoReport: Report {
    public var command: String { "token-info" }
    public var reader: String
    public var family: String
    public var token2: Token2Fields?
    public var protectimus: ProtectimusFields?
    public var roundTripSeconds: Double

    /// Token2: the serial, model and clock from GET INFO.
    public struct Token2Fields: Encodable, Sendable {
        public var serial: String
        /// The model from the serial prefix, nil when the prefix is not a known programmable model.
        public var model: String?
        /// Whether a time write keeps the seed; unknown models are assumed to wipe it.
        public var timeSyncKeepsSeed: Bool
        public var tokenTime: ReportTime
        /// Host wall clock at the middle of the GET INFO exchange.
        public var hostTime: ReportTime
        /// Token minus host, seconds: token whole second + 0.5 − host midpoint.
        public var offsetSeconds: Double
        /// ± this much: half a second for the token's whole-second clock, plus half the round trip.
        public var uncertaintySeconds: Double

        enum CodingKeys: String, CodingKey {
            case serial, model, timeSyncKeepsSeed = "time_sync_keeps_seed", tokenTime = "token_time", hostTime = "host_time",
                 offsetSeconds = "offset_seconds", uncertaintySeconds = "uncertainty_seconds"
        }
    }

    /// Protectimus: the code it showed (read over NFC, no authentication) and the READ INFO fields.
    public struct ProtectimusFields: Encodable, Sendable {
        public var otp: String
        public var otpReadAt: ReportTime
        public var hardwareScheme: String
        public var firmware: String
        public var hardwareRTC: Bool
        /// 30 or 60; nil when the interval code is not one of the two known ones.
        public var intervalSeconds: Int?
        public var intervalCode: String
        /// All nine READ INFO bytes, hex, including the ones nobody knows the meaning of.
        public var infoBytes: String

        enum CodingKeys: String, CodingKey {
            case otp, otpReadAt = "otp_read_at", hardwareScheme = "hardware_scheme", firmware, hardwareRTC = "hardware_rtc",
                 intervalSeconds = "interval_seconds", intervalCode = "interval_code", infoBytes = "info_bytes"
        }
    }

    public init(description: TokenDescription) {
        reader = description.identity.reader
        family = description.identity.family.rawValue
        roundTripSeconds = (description.roundTrip * 1_000_000).rounded() / 1_000_000
        token2 = description.clockReading.map { reading in
            Token2Fields(serial: reading.info.serial, model: description.identity.model,
                         timeSyncKeepsSeed: description.timeSyncKeepsSeed ?? false, tokenTime: ReportTime(Double(reading.info.time)),
                         hostTime: ReportTime((reading.exchange.wallMidpoint * 1000).rounded() / 1000),
                         offsetSeconds: (reading.offsetEstimate * 1000).rounded() / 1000,
                         uncertaintySeconds: ((0.5 + description.roundTrip / 2) * 1000).rounded() / 1000)
        }
        if let info = description.protectimusInfo, let otp = description.code {
            protectimus = ProtectimusFields(otp: otp.code, otpReadAt: ReportTime((otp.exchange.wallMidpoint * 1000).rounded() / 1000),
                                            hardwareScheme: info.hardwareScheme, firmware: info.firmware, hardwareRTC: info.hasRTC,
                                            intervalSeconds: info.intervalSeconds, intervalCode: APDUHex.byte(info.intervalCode),
                                            infoBytes: APDUHex.spaced(info.bytes))
        }
    }

    enum CodingKeys: String, CodingKey { case reader, family, roundTripSeconds = "round_trip_seconds" }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(reader, forKey: .reader)
        try container.encode(family, forKey: .family)
        try container.encode(roundTripSeconds, forKey: .roundTripSeconds)
        try token2?.encode(to: encoder)
        try protectimus?.encode(to: encoder)
    }

    public var table: ReportTable {
        if let token2 { return table(token2) }
        if let protectimus { return table(protectimus) }
        return ReportTable(title: "Token on \(reader)", columns: ["family"], rows: [[family]])
    }

    private func table(_ token: Token2Fields) -> ReportTable {
        let offset = (token.offsetSeconds >= 0 ? "+" : "") + String(format3: token.offsetSeconds)
        var notes = ["Offset = token clock − host clock; positive means the token runs ahead. The token reports whole seconds, so the offset is good to ±\(String(format3: token.uncertaintySeconds)) s."]
        if token.model == nil {
            notes.append("Serial prefix \(token.serial.prefix(7)) is not a known programmable model: skew treats it as wiping the seed on time sync, and will not write to it.")
        } else if !token.timeSyncKeepsSeed {
            notes.append("On this model a time sync erases the seed: syncing means re-seeding.")
        }
        return ReportTable(
            title: "Token on \(reader)",
            columns: ["serial", "model", "time sync keeps seed", "token time (UTC)", "host time (UTC)", "offset s", "± s", "round trip ms"],
            rows: [[token.serial, token.model ?? "unknown", token.timeSyncKeepsSeed ? "yes" : "no (wipes seed)", token.tokenTime.utc,
                    token.hostTime.utc, offset, String(format3: token.uncertaintySeconds), String(format3: roundTripSeconds * 1000)]],
            notes: notes)
    }

    private func table(_ token: ProtectimusFields) -> ReportTable {
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
