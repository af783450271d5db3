import Benchmarks

/// `skew bench token`: GET INFO round trips through pcscd + vpcd + the card, and the wall time of
/// a whole `skew token info` run.
public struct TokenBenchReport: Report {
    public struct Row: Encodable, Sendable {
        public var measure: String
        public var samples: Int
        public var medianSeconds: Double
        public var p90Seconds: Double
        public var minSeconds: Double
        public var maxSeconds: Double
        public var targetSeconds: Double
        public var meetsTarget: Bool

        public init(measure: String, timings: Timings, targetSeconds: Double) {
            self.measure = measure
            samples = timings.count
            medianSeconds = timings.median
            p90Seconds = timings.p90
            minSeconds = timings.min
            maxSeconds = timings.max
            self.targetSeconds = targetSeconds
            meetsTarget = timings.meets(target: targetSeconds)
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
                [$0.measure, String($0.samples), String($0.medianSeconds * 1000), String($0.p90Seconds * 1000),
                 String($0.minSeconds * 1000), String($0.maxSeconds * 1000), String($0.targetSeconds * 1000),
                 $0.meetsTarget ? "yes" : "no"]
            },
            notes: notes)
    }
}
