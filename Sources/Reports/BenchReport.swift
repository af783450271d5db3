import Benchmarks

/// `skew bench locate`: code-search throughput, side by side with oathtool on the same search.
public struct BenchReport: Report {
    public struct Row: Encodable, Sendable {
        public var algorithm: String
        /// Steps searched per run.
        public var searchedSteps: Int64
        public var threads: Int
        public var runs: Int
        public var medianSeconds: Double
        public var codesPerSecond: Double
        public var oathtoolSeconds: Double?
        public var oathtoolCodesPerSecond: Double?
        /// oathtool's time divided by ours: how many times faster skew is.
        public var speedup: Double?

        /// `oathtool` is its one timed run of the same search, nil when it was not run.
        public init(algorithm: String, steps: Int64, threads: Int, timings: Timings, oathtool: Timings?) {
            self.algorithm = algorithm
            searchedSteps = steps
            self.threads = threads
            runs = timings.count
            medianSeconds = timings.median
            codesPerSecond = timings.rate(Double(steps))
            oathtoolSeconds = oathtool?.median
            oathtoolCodesPerSecond = oathtool?.rate(Double(steps))
            speedup = oathtool.map { timings.speedup(over: $0.median) }
        }
    }

    public var command: String { "bench-locate" }
    public var schemaVersion: Int { 2 }
    public var digits: Int
    public var rangeSteps: Int64
    public var cpu: String
    public var rows: [Row]
    public var notes: [String]

    public init(digits: Int, rangeSteps: Int64, cpu: String, rows: [Row], notes: [String]) {
        self.digits = digits
        self.rangeSteps = rangeSteps
        self.cpu = cpu
        self.rows = rows
        self.notes = notes
    }

    public var table: ReportTable {
        ReportTable(
            title: "Code search benchmark: ±\(rangeSteps) steps, \(digits)-digit code that is not there",
            summary: [("cpu", cpu)],
            columns: ["algorithm", "steps", "threads", "median s", "M codes/s", "oathtool s", "oathtool M codes/s", "speed-up ×"],
            rows: rows.map { row in
                [row.algorithm, String(row.searchedSteps), String(row.threads), String(row.medianSeconds),
                 String(row.codesPerSecond / 1e6), row.oathtoolSeconds.map { String($0) } ?? "-",
                 row.oathtoolCodesPerSecond.map { String($0 / 1e6) } ?? "-",
                 row.speedup.map { String($0) } ?? "-"]
            },
            notes: notes)
    }
}
