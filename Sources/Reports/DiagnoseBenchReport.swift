import Benchmarks

/// `skew bench diagnose`: how long `diagnose` takes over its default hypothesis space.
public struct DiagnoseBenchReport: Report {
    public struct Row: Encodable, Sendable {
        public var secret: String
        /// "default" (pruned by prior) or "exhaustive".
        public var search: String
        public var codes: Int
        public var secretVariants: Int
        public var hmacs: Int64
        public var hypotheses: Int64
        public var threads: Int
        public var runs: Int
        public var medianSeconds: Double
        public var minSeconds: Double

        public init(secret: String, search: String, codes: Int, secretVariants: Int, hmacs: Int64, hypotheses: Int64, threads: Int,
                    timings: Timings) {
            self.secret = secret
            self.search = search
            self.codes = codes
            self.secretVariants = secretVariants
            self.hmacs = hmacs
            self.hypotheses = hypotheses
            self.threads = threads
            runs = timings.count
            medianSeconds = timings.median
            minSeconds = timings.min
        }
    }

    public var command: String { "bench-diagnose" }
    public var cpu: String
    public var build: String
    public var rows: [Row]
    public var notes: [String]

    public init(cpu: String, build: String, rows: [Row], notes: [String]) {
        self.cpu = cpu
        self.build = build
        self.rows = rows
        self.notes = notes
    }

    public var table: ReportTable {
        ReportTable(
            title: "Diagnose benchmark: default space (±1 day × SHA1/256/512 × 6/7/8 digits × 15/30/60/90/120 s × secret variants, plus T0, factory dates, HOTP)",
            summary: [("cpu", cpu), ("build", build)],
            columns: ["secret", "search", "codes", "variants", "HMACs", "hypotheses", "threads", "median s", "min s", "M HMAC/s"],
            rows: rows.map { row in
                [row.secret, row.search, String(row.codes), String(row.secretVariants), String(row.hmacs), String(row.hypotheses),
                 String(row.threads), String(row.medianSeconds), String(row.minSeconds),
                 String(Double(row.hmacs) / row.medianSeconds / 1e6)]
            },
            notes: notes)
    }
}
