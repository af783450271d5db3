import Benchmarks

/// `skew bench fleet`: how long `skew fleet` takes over a large generated history, and its size.
public struct FleetBenchReport: Report {
    public struct Row: Encodable, Sendable {
        public var format: String
        public var runs: Int
        public var medianSeconds: Double
        public var maxSeconds: Double
        public var targetSeconds: Double
        public var meetsTarget: Bool

        public init(format: String, timings: Timings, targetSeconds: Double) {
            self.format = format
            runs = timings.count
            medianSeconds = timings.median
            maxSeconds = timings.max
            self.targetSeconds = targetSeconds
            meetsTarget = timings.meets(target: targetSeconds)
        }
    }

    public var command: String { "bench-fleet" }
    public var cpu: String
    public var tokens: Int
    public var measurementsPerToken: Int
    public var historyBytes: Int
    public var historyTargetBytes: Int
    public var historyMeetsTarget: Bool
    public var buildSeconds: Double
    public var rows: [Row]
    public var notes: [String]

    public init(cpu: String, tokens: Int, measurementsPerToken: Int, historyBytes: Int, historyTargetBytes: Int, buildSeconds: Double,
                rows: [Row], notes: [String]) {
        self.cpu = cpu
        self.tokens = tokens
        self.measurementsPerToken = measurementsPerToken
        self.historyBytes = historyBytes
        self.historyTargetBytes = historyTargetBytes
        historyMeetsTarget = historyBytes < historyTargetBytes
        self.buildSeconds = buildSeconds
        self.rows = rows
        self.notes = notes
    }

    public var table: ReportTable {
        ReportTable(
            title: "Fleet benchmark: \(tokens) tokens × \(measurementsPerToken) measurements",
            summary: [("cpu", cpu),
                      ("history", "\(String(Double(historyBytes) / 1e6, decimals: 1)) MB (target under \(historyTargetBytes / 1_000_000) MB: \(historyMeetsTarget ? "met" : "missed")), written in \(String(format3: buildSeconds)) s")],
            columns: ["fleet report format", "runs", "median s", "max s", "target s", "met"],
            rows: rows.map { [$0.format, String($0.runs), String($0.medianSeconds), String($0.maxSeconds),
                              String($0.targetSeconds), $0.meetsTarget ? "yes" : "no"] },
            notes: notes)
    }
}
