/// `skew clock`: the host clock against an NTP server.
public struct ClockReport: Report {
    public var command: String { "clock" }
    public var server: String
    public var hostTime: ReportTime
    /// True time minus host time, in seconds.
    public var hostOffset: Double
    public var uncertainty: Double
    public var delay: Double
    public var stratum: Int
    public var reference: String
    public var samplesAnswered: Int

    public init(server: String, hostTime: Double, hostOffset: Double, uncertainty: Double, delay: Double, stratum: Int,
                reference: String, samplesAnswered: Int) {
        self.server = server
        self.hostTime = ReportTime(hostTime)
        self.hostOffset = hostOffset
        self.uncertainty = uncertainty
        self.delay = delay
        self.stratum = stratum
        self.reference = reference
        self.samplesAnswered = samplesAnswered
    }

    public var table: ReportTable {
        let direction = hostOffset > 0 ? "behind" : "ahead of"
        return ReportTable(
            title: "Host clock against \(server)",
            summary: [
                ("host clock", "\(String(abs(hostOffset), plusMinus: uncertainty)) s \(direction) the server"),
                ("server", "stratum \(stratum), reference \(reference)"),
                ("round trip", "\(String(format3: delay * 1000)) ms (best of \(samplesAnswered) answers)"),
                ("measured at", hostTime.utc),
            ],
            columns: ["host_offset_s", "uncertainty_s", "delay_s", "stratum", "reference"],
            rows: [[String(hostOffset), String(uncertainty), String(delay), String(stratum), reference]])
    }
}
