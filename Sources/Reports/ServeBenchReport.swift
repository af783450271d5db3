import Benchmarks

/// `skew bench serve`: the first load of a page with its assets, and how soon after a step boundary
/// every open page has its new table, on loopback.
public struct ServeBenchReport: Report {
    public struct Row: Encodable, Sendable {
        public var measure: String
        public var samples: Int
        public var medianMs: Double
        public var p95Ms: Double
        public var maxMs: Double
        public var targetMs: Double
        /// The worst sample within the target (the targets hold for every page).
        public var meetsTarget: Bool

        public init(measure: String, timings: Timings, targetMs: Double) {
            self.measure = measure
            samples = timings.count
            medianMs = timings.median * 1000
            p95Ms = timings.p95 * 1000
            maxMs = timings.max * 1000
            self.targetMs = targetMs
            meetsTarget = maxMs <= targetMs
        }
    }

    public var command: String { "bench-serve" }
    public var cpu: String
    public var pages: Int
    public var periodSeconds: Int
    public var requestsPerLoad: Int
    public var bytesPerLoad: Int
    public var rows: [Row]
    public var notes: [String]

    public init(cpu: String, pages: Int, periodSeconds: Int, requestsPerLoad: Int, bytesPerLoad: Int, rows: [Row], notes: [String]) {
        self.cpu = cpu
        self.pages = pages
        self.periodSeconds = periodSeconds
        self.requestsPerLoad = requestsPerLoad
        self.bytesPerLoad = bytesPerLoad
        self.rows = rows
        self.notes = notes
    }

    public var table: ReportTable {
        ReportTable(
            title: "Local web page benchmark: \(pages) open pages, \(periodSeconds) s steps",
            summary: [("cpu", cpu), ("first load", "\(requestsPerLoad) requests, \(bytesPerLoad) bytes")],
            columns: ["measure", "samples", "median ms", "p95 ms", "max ms", "target ms", "met"],
            rows: rows.map { [$0.measure, String($0.samples), String(format3: $0.medianMs), String(format3: $0.p95Ms),
                              String(format3: $0.maxMs), String(format3: $0.targetMs), $0.meetsTarget ? "yes" : "no"] },
            notes: notes)
    }
}
