import History

/// `skew drift history`: stored measurements and syncs.
public struct HistoryReport: Report {
    public struct Row: Encodable, Sendable {
        public var id: Int64?
        public var token: String
        public var kind: String
        public var time: ReportTime
        public var offset: Double
        public var uncertainty: Double
        public var reference: String
        public var hostOffset: Double?
        public var method: String
        /// Why a person excluded it from the fits; absent while it counts.
        public var excludedReason: String?
    }

    public var command: String { "drift-history" }
    public var database: String
    public var events: [Row]

    public init(database: String, events: [HistoryEvent]) {
        self.database = database
        self.events = events.map {
            Row(id: $0.id, token: $0.token, kind: $0.kind.rawValue, time: ReportTime($0.time), offset: $0.offset,
                uncertainty: $0.uncertainty, reference: $0.reference, hostOffset: $0.hostOffset, method: $0.method,
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
                [$0.id.map(String.init) ?? "", $0.token, $0.kind, $0.time.utc, String($0.time.unix), String($0.offset), String($0.uncertainty),
                 $0.reference, $0.hostOffset.map { String($0) } ?? "", $0.method, $0.excludedReason ?? ""]
            },
            notes: events.isEmpty ? ["No measurements stored yet: `skew drift` measures a token and records it."] : [])
    }
}
