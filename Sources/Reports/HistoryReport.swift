import History

/// `skew drift history`: stored measurements and syncs.
public struct HistoryReport: Report {
    public struct Row: Encodable, Sendable {
        public var id: Int64?
        public var token: String
        public var kind: String
        public var time: ReportTime
        /// Token clock minus the reference's (host, or true time for a sync against NTP).
        public var offsetSeconds: Double
        public var uncertaintySeconds: Double
        public var reference: String
        /// Host clock minus the NTP server's, when one was asked (the history stores the opposite, NTP's sign).
        public var hostOffsetSeconds: Double?
        public var method: String
        /// Why a person excluded it from the fits; absent while it counts.
        public var excludedReason: String?
    }

    public var command: String { "drift-history" }
    public var schemaVersion: Int { 2 }
    public var database: String
    public var events: [Row]

    public init(database: String, events: [HistoryEvent]) {
        self.database = database
        self.events = events.map {
            Row(id: $0.id, token: $0.token, kind: $0.kind.rawValue, time: ReportTime($0.time), offsetSeconds: $0.offset,
                uncertaintySeconds: $0.uncertainty, reference: $0.reference, hostOffsetSeconds: $0.hostOffset.map { -$0 }, method: $0.method,
                excludedReason: $0.excludedReason)
        }
    }

    public var table: ReportTable {
        ReportTable(
            title: "History",
            summary: [("database", database), ("events", String(events.count))],
            columns: ["id", "token", "kind", "time (UTC)", "unix", "offset s", "uncertainty s", "reference", "host offset s", "method",
                      "excluded because"],
            rows: events.map {
                [$0.id.map(String.init) ?? "", $0.token, $0.kind, $0.time.utc, String($0.time.unix), String($0.offsetSeconds), String($0.uncertaintySeconds),
                 $0.reference, $0.hostOffsetSeconds.map { String($0) } ?? "", $0.method, $0.excludedReason ?? ""]
            },
            notes: events.isEmpty ? ["No measurements stored yet: measuring a token records one."] : [])
    }
}
