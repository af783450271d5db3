/// `skew bench history`: `skew fleet` over the same generated history in SQLite and in PostgreSQL,
/// and what concurrent writers sustain on PostgreSQL, checked for lost and duplicated events.
public struct HistoryBenchReport: Report {
    public var command: String { "bench-history" }
    public var cpu: String
    /// The PostgreSQL database, as a URL without its password.
    public var database: String
    public var tokens: Int
    public var measurementsPerToken: Int
    public var runs: Int
    public var fleetSqliteSeconds: Double
    public var fleetPostgresSeconds: Double
    /// PostgreSQL's median over SQLite's.
    public var fleetRatio: Double
    public var fleetTargetRatio: Double
    public var fleetMeetsTarget: Bool
    public var writers: Int
    public var writesPerWriter: Int
    /// From starting the writer processes until the last one exited.
    public var writersSeconds: Double
    public var measurementsPerSecond: Double
    public var targetMeasurementsPerSecond: Double
    public var writersMeetTarget: Bool
    /// Writes a writer confirmed that the database does not hold, and events it holds more than once.
    public var eventsLost: Int
    public var eventsDuplicated: Int
    public var notes: [String]

    public init(cpu: String, database: String, tokens: Int, measurementsPerToken: Int, runs: Int, fleetSqliteSeconds: Double,
                fleetPostgresSeconds: Double, fleetTargetRatio: Double, writers: Int, writesPerWriter: Int, writersSeconds: Double,
                targetMeasurementsPerSecond: Double, eventsLost: Int, eventsDuplicated: Int, notes: [String]) {
        self.cpu = cpu
        self.database = database
        self.tokens = tokens
        self.measurementsPerToken = measurementsPerToken
        self.runs = runs
        self.fleetSqliteSeconds = fleetSqliteSeconds
        self.fleetPostgresSeconds = fleetPostgresSeconds
        fleetRatio = fleetPostgresSeconds / fleetSqliteSeconds
        self.fleetTargetRatio = fleetTargetRatio
        fleetMeetsTarget = fleetRatio <= fleetTargetRatio
        self.writers = writers
        self.writesPerWriter = writesPerWriter
        self.writersSeconds = writersSeconds
        measurementsPerSecond = Double(writers * writesPerWriter) / writersSeconds
        self.targetMeasurementsPerSecond = targetMeasurementsPerSecond
        writersMeetTarget = measurementsPerSecond >= targetMeasurementsPerSecond && eventsLost == 0 && eventsDuplicated == 0
        self.eventsLost = eventsLost
        self.eventsDuplicated = eventsDuplicated
        self.notes = notes
    }

    public var table: ReportTable {
        let met = { (yes: Bool) in yes ? "yes" : "no" }
        return ReportTable(
            title: "History benchmark: \(tokens) tokens × \(measurementsPerToken) measurements, \(writers) writers × \(writesPerWriter)",
            summary: [("cpu", cpu), ("database", database)],
            columns: ["measure", "SQLite", "PostgreSQL", "result", "target", "met"],
            rows: [["fleet report, median of \(runs) s", String(format3: fleetSqliteSeconds), String(format3: fleetPostgresSeconds),
                    "\(String(fleetRatio, decimals: 2))×", "≤ \(String(fleetTargetRatio, decimals: 1))×", met(fleetMeetsTarget)],
                   ["\(writers) writers, measurements/s", "", String(measurementsPerSecond, decimals: 0),
                    "\(eventsLost) lost, \(eventsDuplicated) duplicated", "≥ \(String(targetMeasurementsPerSecond, decimals: 0))",
                    met(writersMeetTarget)]],
            notes: notes)
    }
}
