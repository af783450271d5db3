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

/// `skew token sync-protectimus`: what SET TIME wrote and whether the code read back agrees.
public struct ProtectimusSyncReport: Report {
    public var command: String { "token-sync" }
    public var reader: String
    public var family: String { "protectimus" }
    public var reference: String
    /// The reference second written, and its SET TIME encoding.
    public var writtenTime: ReportTime
    public var interval: Int
    public var counter: UInt32
    public var remainder: Int
    public var frame: String
    public var acknowledged: Bool
    /// Token minus reference right after the write (estimated from the write's timing).
    public var offsetAfter: Double
    public var uncertainty: Double
    public var readbackCode: String
    /// The read-back code's step minus the reference step; nil when not found near it.
    public var readbackSteps: Int64?
    public var verified: Bool

    public init(reader: String, reference: String, writtenTime: Int64, interval: Int, counter: UInt32, remainder: Int, frame: String,
                acknowledged: Bool, offsetAfter: Double, uncertainty: Double, readbackCode: String, readbackSteps: Int64?) {
        self.reader = reader
        self.reference = reference
        self.writtenTime = ReportTime(writtenTime)
        self.interval = interval
        self.counter = counter
        self.remainder = remainder
        self.frame = frame
        self.acknowledged = acknowledged
        self.offsetAfter = (offsetAfter * 1_000_000).rounded() / 1_000_000
        self.uncertainty = (uncertainty * 1_000_000).rounded() / 1_000_000
        self.readbackCode = readbackCode
        self.readbackSteps = readbackSteps
        verified = readbackSteps == 0
    }

    enum CodingKeys: String, CodingKey {
        case reader, family, reference, writtenTime = "written_time", interval, counter, remainder, frame, acknowledged,
             offsetAfter = "offset_after", uncertainty, readbackCode = "readback_code", readbackSteps = "readback_steps", verified
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(reader, forKey: .reader)
        try container.encode(family, forKey: .family)
        try container.encode(reference, forKey: .reference)
        try container.encode(writtenTime, forKey: .writtenTime)
        try container.encode(interval, forKey: .interval)
        try container.encode(counter, forKey: .counter)
        try container.encode(remainder, forKey: .remainder)
        try container.encode(frame, forKey: .frame)
        try container.encode(acknowledged, forKey: .acknowledged)
        try container.encode(offsetAfter, forKey: .offsetAfter)
        try container.encode(uncertainty, forKey: .uncertainty)
        try container.encode(readbackCode, forKey: .readbackCode)
        try container.encode(readbackSteps, forKey: .readbackSteps)
        try container.encode(verified, forKey: .verified)
    }

    public var table: ReportTable {
        let readback: String
        switch readbackSteps {
        case 0?: readback = "\(readbackCode): the code of the reference step (verified)"
        case let steps?: readback = "\(readbackCode): \(steps) step(s) from the reference step (NOT verified)"
        case nil: readback = "\(readbackCode): not a code of this secret near the reference time (NOT verified)"
        }
        return ReportTable(
            title: "Protectimus clock set on \(reader)",
            summary: [("written", "\(writtenTime.utc) (counter \(counter) × \(interval) s + \(remainder) s) against \(reference)"),
                      ("frame", frame),
                      ("offset after", "\(String(offsetAfter, plusMinus: uncertainty)) s (from the write's timing)"),
                      ("read back", readback)],
            columns: ["written (UTC)", "counter", "remainder", "acknowledged", "offset_after_s", "readback", "verified"],
            rows: [[writtenTime.utc, String(counter), String(remainder), acknowledged ? "yes" : "no", String(offsetAfter),
                    readbackCode, verified ? "yes" : "no"]],
            notes: ["The write needed no authentication (CVE-2021-32033) and kept the seed: anyone with the token in reach of an NFC phone for a second can do the same with any time."])
    }
}
