import Drift
import TimeSources

/// One offset measurement: `skew drift` (measure) and the read-back after a sync.
public struct OffsetReport: Report {
    public var command: String { "drift" }
    public var schemaVersion: Int { 2 }
    public var token: String
    public var method: String
    public var time: ReportTime
    /// Token clock minus host clock.
    public var offsetSeconds: Double
    public var uncertaintySeconds: Double
    public var reference: String
    /// Host clock minus the NTP server's, when one was asked.
    public var hostOffsetSeconds: Double?
    public var hostOffsetUncertaintySeconds: Double?
    /// Token clock minus true time (the NTP server's), when known.
    public var offsetFromTrueTimeSeconds: Double?
    public var measuringSeconds: Double?
    public var notes: [String]

    public init(token: String, method: String, observation: OffsetObservation, ntp: SNTPClient.Measurement?,
                reference: String, measuringSeconds: Double? = nil, notes: [String] = []) {
        self.token = token
        self.method = method
        time = ReportTime(observation.time)
        offsetSeconds = observation.offset
        uncertaintySeconds = observation.uncertainty
        self.reference = reference
        hostOffsetSeconds = ntp?.hostOffset
        hostOffsetUncertaintySeconds = ntp?.uncertainty
        offsetFromTrueTimeSeconds = ntp.map { observation.offset + $0.hostOffset }
        self.measuringSeconds = measuringSeconds
        self.notes = notes
    }

    public var table: ReportTable {
        var summary: [(label: String, value: String)] = [
            ("token", token),
            ("offset", "\(String(offsetSeconds, plusMinus: uncertaintySeconds)) s against the host clock (\(offsetSeconds >= 0 ? "ahead" : "behind"))"),
        ]
        if let offsetFromTrueTimeSeconds, let hostOffsetSeconds {
            summary.append(("true time", "\(String(format3: offsetFromTrueTimeSeconds)) s against \(reference) (host clock \(String(format3: hostOffsetSeconds)) s off)"))
        }
        summary.append(("measured at", "\(time.utc) by \(method)"))
        if let measuringSeconds { summary.append(("took", "\(String(format3: measuringSeconds)) s")) }
        return ReportTable(title: "Clock offset", summary: summary,
                           columns: ["time (UTC)", "offset_s", "uncertainty_s", "reference", "host_offset_s", "method"],
                           rows: [[time.utc, String(offsetSeconds), String(uncertaintySeconds), reference,
                                   hostOffsetSeconds.map { String($0) } ?? "", method]],
                           notes: notes)
    }
}
