import TimeSources

/// `skew clock`: the host clock against an NTP server.
public struct ClockReport: Report {
    public var command: String { "clock" }
    public var schemaVersion: Int { 2 }
    public var server: String
    public var hostTime: ReportTime
    /// Host clock minus the server's, in seconds: positive when the host runs ahead.
    public var offsetSeconds: Double
    public var uncertaintySeconds: Double
    /// The best round trip.
    public var delaySeconds: Double
    public var stratum: Int
    public var reference: String
    public var samplesAnswered: Int

    public init(measurement: SNTPClient.Measurement, hostTime: Double) {
        server = measurement.server
        self.hostTime = ReportTime(hostTime)
        offsetSeconds = measurement.hostOffset
        uncertaintySeconds = measurement.uncertainty
        delaySeconds = measurement.delay
        stratum = measurement.stratum
        reference = measurement.referenceName
        samplesAnswered = measurement.samplesAnswered
    }

    public var table: ReportTable {
        let direction = offsetSeconds < 0 ? "behind" : "ahead of"
        return ReportTable(
            title: "Host clock against \(server)",
            summary: [
                ("host clock", "\(String(abs(offsetSeconds), plusMinus: uncertaintySeconds)) s \(direction) the server"),
                ("server", "stratum \(stratum), reference \(reference)"),
                ("round trip", "\(String(format3: delaySeconds * 1000)) ms (best of \(samplesAnswered) answers)"),
                ("measured at", hostTime.utc),
            ],
            columns: ["offset_s", "uncertainty_s", "delay_s", "stratum", "reference"],
            rows: [[String(offsetSeconds), String(uncertaintySeconds), String(delaySeconds), String(stratum), reference]])
    }
}
