/// `skew bench token`: GET INFO round trips through pcscd + vpcd + the card, and the wall time of
/// a whole `skew token info` run.
public struct TokenBenchReport: Report {
    public struct Row: Encodable, Sendable {
        public var measure: String
        public var samples: Int
        public var medianMilliseconds: Double
        public var p90Milliseconds: Double
        public var minMilliseconds: Double
        public var maxMilliseconds: Double
        public var targetMilliseconds: Double
        public var meetsTarget: Bool

        /// Summarises samples given in seconds.
        public init(measure: String, seconds: [Double], targetMilliseconds: Double) {
            let sorted = seconds.sorted().map { $0 * 1000 }
            self.measure = measure
            samples = sorted.count
            medianMilliseconds = Self.round(sorted.isEmpty ? 0 : sorted[sorted.count / 2])
            p90Milliseconds = Self.round(sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, sorted.count * 9 / 10)])
            minMilliseconds = Self.round(sorted.first ?? 0)
            maxMilliseconds = Self.round(sorted.last ?? 0)
            self.targetMilliseconds = targetMilliseconds
            meetsTarget = medianMilliseconds <= targetMilliseconds
        }

        private static func round(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

        enum CodingKeys: String, CodingKey {
            case measure, samples, medianMilliseconds = "median_ms", p90Milliseconds = "p90_ms", minMilliseconds = "min_ms",
                 maxMilliseconds = "max_ms", targetMilliseconds = "target_ms", meetsTarget = "meets_target"
        }
    }

    public var command: String { "bench-token" }
    public var reader: String
    public var serial: String
    public var rows: [Row]
    public var notes: [String]

    public init(reader: String, serial: String, rows: [Row], notes: [String]) {
        self.reader = reader
        self.serial = serial
        self.rows = rows
        self.notes = notes
    }

    public var table: ReportTable {
        ReportTable(
            title: "Token benchmark: \(serial) on \(reader)",
            columns: ["measure", "samples", "median ms", "p90 ms", "min ms", "max ms", "target ms", "meets target"],
            rows: rows.map {
                [$0.measure, String($0.samples), String(format3: $0.medianMilliseconds), String(format3: $0.p90Milliseconds),
                 String(format3: $0.minMilliseconds), String(format3: $0.maxMilliseconds), String(format3: $0.targetMilliseconds),
                 $0.meetsTarget ? "yes" : "no"]
            },
            notes: notes)
    }
}
