import Drift

/// One offset measurement: `skew drift` (measure) and the read-back after a sync.
public struct OffsetReport: Report {
    public var command: String { "drift" }
    public var token: String
    public var method: String
    public var time: ReportTime
    /// Token minus host clock, seconds.
    public var offset: Double
    public var uncertainty: Double
    public var reference: String
    /// True time minus host time, when an NTP server was asked.
    public var hostOffset: Double?
    public var hostOffsetUncertainty: Double?
    /// Token minus true time, when known.
    public var offsetFromTrueTime: Double?
    public var measuringSeconds: Double?
    public var notes: [String]

    public init(token: String, method: String, observation: OffsetObservation, hostOffset: Double?,
                hostOffsetUncertainty: Double?, reference: String, measuringSeconds: Double? = nil, notes: [String] = []) {
        self.token = token
        self.method = method
        time = ReportTime(observation.time)
        offset = observation.offset
        uncertainty = observation.uncertainty
        self.reference = reference
        self.hostOffset = hostOffset
        self.hostOffsetUncertainty = hostOffsetUncertainty
        offsetFromTrueTime = hostOffset.map { observation.offset - $0 }
        self.measuringSeconds = measuringSeconds
        self.notes = notes
    }

    public var table: ReportTable {
        var summary: [(label: String, value: String)] = [
            ("token", token),
            ("offset", "\(String(offset, plusMinus: uncertainty)) s against the host clock (\(offset >= 0 ? "ahead" : "behind"))"),
        ]
        if let offsetFromTrueTime, let hostOffset {
            summary.append(("true time", "\(String(format3: offsetFromTrueTime)) s against \(reference) (host clock \(String(format3: hostOffset)) s off)"))
        }
        summary.append(("measured at", "\(time.utc) by \(method)"))
        if let measuringSeconds { summary.append(("took", "\(String(format3: measuringSeconds)) s")) }
        return ReportTable(title: "Clock offset", summary: summary,
                           columns: ["time (UTC)", "offset_s", "uncertainty_s", "reference", "host_offset_s", "method"],
                           rows: [[time.utc, String(offset), String(uncertainty), reference, hostOffset.map { String($0) } ?? "", method]],
                           notes: notes)
    }
}
