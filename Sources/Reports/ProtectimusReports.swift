/// `skew token info` for a Protectimus SLIM NFC: the code it shows (read over NFC, no
/// authentication) and the READ INFO fields.
public struct ProtectimusInfoReport: Report {
    public var command: String { "token-info" }
    public var reader: String
    public var family: String { "protectimus" }
    /// The code the token showed when read.
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
    public var roundTripSeconds: Double

    public init(reader: String, otp: String, otpReadAt: Double, hardwareScheme: String, firmware: String, hardwareRTC: Bool,
                intervalSeconds: Int?, intervalCode: String, infoBytes: String, roundTripSeconds: Double) {
        self.reader = reader
        self.otp = otp
        self.otpReadAt = ReportTime((otpReadAt * 1000).rounded() / 1000)
        self.hardwareScheme = hardwareScheme
        self.firmware = firmware
        self.hardwareRTC = hardwareRTC
        self.intervalSeconds = intervalSeconds
        self.intervalCode = intervalCode
        self.infoBytes = infoBytes
        self.roundTripSeconds = (roundTripSeconds * 1_000_000).rounded() / 1_000_000
    }

    enum CodingKeys: String, CodingKey {
        case reader, family, otp, otpReadAt = "otp_read_at", hardwareScheme = "hardware_scheme", firmware,
             hardwareRTC = "hardware_rtc", intervalSeconds = "interval_seconds", intervalCode = "interval_code",
             infoBytes = "info_bytes", roundTripSeconds = "round_trip_seconds"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(reader, forKey: .reader)
        try container.encode(family, forKey: .family)
        try container.encode(otp, forKey: .otp)
        try container.encode(otpReadAt, forKey: .otpReadAt)
        try container.encode(hardwareScheme, forKey: .hardwareScheme)
        try container.encode(firmware, forKey: .firmware)
        try container.encode(hardwareRTC, forKey: .hardwareRTC)
        try container.encodeIfPresent(intervalSeconds, forKey: .intervalSeconds)
        try container.encode(intervalCode, forKey: .intervalCode)
        try container.encode(infoBytes, forKey: .infoBytes)
        try container.encode(roundTripSeconds, forKey: .roundTripSeconds)
    }

    public var table: ReportTable {
        var notes = ["The code was read over NFC without authentication. This model's clock can also be set without authentication (CVE-2021-32033): `skew token audit` explains the attack and what to do."]
        if intervalSeconds == nil {
            notes.append("Interval code \(intervalCode) is not one of the known codes (00 = 30 s, 10 = 60 s): give --period yourself when measuring or syncing.")
        }
        return ReportTable(
            title: "Protectimus SLIM NFC on \(reader)",
            columns: ["family", "code now", "read at (UTC)", "hardware scheme", "firmware", "hardware RTC", "interval s", "round trip ms"],
            rows: [["protectimus", otp, otpReadAt.utc, hardwareScheme, firmware, hardwareRTC ? "yes" : "no",
                    intervalSeconds.map(String.init) ?? "unknown (code \(intervalCode))", String(format3: roundTripSeconds * 1000)]],
            notes: notes)
    }
}
