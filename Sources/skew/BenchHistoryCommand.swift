import ArgumentParser
import Foundation
import History
import Reports

/// Compares `skew fleet` on PostgreSQL with SQLite over the same generated history, and measures
/// what concurrent writer processes sustain on PostgreSQL.
struct BenchHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Time skew fleet on PostgreSQL against SQLite and concurrent writers (targets: within 2×, 500 measurements/s).",
        discussion: """
            --postgres names an empty database the benchmark may fill (it refuses one holding events); the \
            SQLite history is a temporary file. Each writer is a new skew process recording its measurements \
            one at a time, each in its own transaction, as skew drift measure does.

            Examples:
              skew bench history --postgres postgres://skew@127.0.0.1/bench
              skew bench history --postgres postgres://skew@db/bench -f json
            """)

    @Option(help: "An empty PostgreSQL database to fill (postgres://USER@HOST:PORT/NAME; password from ~/.pgpass or PGPASSWORD).")
    var postgres: String

    @Option(help: "Tokens in the generated history.")
    var tokens = 10_000

    @Option(help: "Measurements per token (a week apart).")
    var measurements = 50

    @Option(help: "Timed skew fleet runs per store (the median is reported).")
    var runs = 3

    @Option(help: "Concurrent writer processes.")
    var writers = 8

    @Option(help: "Measurements each writer records.")
    var writes = 500

    /// Set in the writer processes this benchmark starts: record `--writes` measurements of this
    /// token in `--postgres` (through the spool, as every recording command), printing each
    /// confirmed event's uid.
    @Option(help: .hidden)
    var writerToken: String?

    @OptionGroup var output: OutputOptions

    static let targetRatio = 2.0
    static let targetRate = 500.0

    func run() throws {
        if let writerToken { return try write(token: writerToken) }
        guard (1...1_000_000).contains(tokens), (2...10_000).contains(measurements), (1...100).contains(runs), (1...64).contains(writers),
              (1...100_000).contains(writes) else {
            throw UsageError(input: "--tokens/--measurements/--runs/--writers/--writes",
                             problem: "give 1 to 1000000 tokens, 2 to 10000 measurements, 1 to 100 runs, 1 to 64 writers and 1 to 100000 writes",
                             fix: "for the issue's scale: --tokens 10000 --measurements 50 --writers 8 --writes 500")
        }
        let location = try HistoryLocation(postgres)
        guard case .postgres = location else {
            throw UsageError(input: "--postgres \(postgres)", problem: "not a postgres:// URL", fix: "name an empty PostgreSQL database, such as postgres://skew@127.0.0.1:5432/skew_bench")
        }
        let shared = try location.openForRecording()
        guard try shared.tokens().isEmpty else {
            throw UsageError(input: "--postgres \(shared.location)", problem: "the database holds events, and the benchmark never writes into a real history",
                             fix: "create an empty database for it (createdb skew_bench) and name that")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skew-bench-history-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let local = try SQLiteHistoryStore(path: folder.appendingPathComponent("history.sqlite").path)
        let events = BenchFleetCommand.events(tokens: tokens, measurements: measurements)
        try local.record(events)
        for start in stride(from: 0, to: events.count, by: HistoryCommand.batch) {
            try shared.record(Array(events[start..<min(start + HistoryCommand.batch, events.count)]))
        }
        let now = String(Int(BenchFleetCommand.start + Double(measurements) * BenchFleetCommand.week))
        let median = { (history: String) throws -> Double in
            let timings = try (0..<runs).map { _ in
                try BenchFleetCommand.timeSkew(["fleet", "--history", history, "--at", now, "--verifier", "entra", "--verifier", "oathtool-w1",
                                                "--format", "json"])
            }
            return timings.sorted()[timings.count / 2]
        }
        let sqliteSeconds = try median(local.location)
        let postgresSeconds = try median(postgres)
        let (writersSeconds, lost, duplicated) = try runWriters(shared)
        try output.emit(HistoryBenchReport(
            cpu: BenchLocateCommand.cpuDescription(), database: shared.location, tokens: tokens, measurementsPerToken: measurements, runs: runs,
            fleetSqliteSeconds: sqliteSeconds, fleetPostgresSeconds: postgresSeconds, fleetTargetRatio: Self.targetRatio, writers: writers,
            writesPerWriter: writes, writersSeconds: writersSeconds, targetMeasurementsPerSecond: Self.targetRate, eventsLost: lost,
            eventsDuplicated: duplicated,
            notes: ["Each skew fleet run is a new process (start-up, reading every event, fits and two verifier forecasts per token, JSON) against the same events in both stores.",
                    "Writer time runs from starting the processes to the last exit, so it includes their start-up and login; lost and duplicated are counted from the uids the writers printed against the database's."]))
    }

    /// One writer process's work: each measurement recorded on its own, its uid printed once stored.
    private func write(token: String) throws {
        let location = try HistoryLocation(postgres)
        let store = try location.openSpooling()
        let start = Date().timeIntervalSince1970
        for number in 0..<writes {
            let event = try store.record(HistoryEvent(token: token, kind: .measurement, time: start + Double(number), offset: 0.25,
                                                      uncertainty: 0.0005, reference: "host", method: "get-info-edge"))
            FileHandle.standardOutput.write(Data((event.uid + "\n").utf8))
        }
    }

    /// Starts the writers together and waits for all of them; then compares what they confirmed with what the database holds.
    private func runWriters(_ shared: any HistoryStore) throws -> (seconds: Double, lost: Int, duplicated: Int) {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("skew-bench-writers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let processes = try (0..<writers).map { index in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
            process.arguments = ["bench", "history", "--postgres", postgres, "--writes", String(writes), "--writer-token", "writer-\(index)"]
            let file = scratch.appendingPathComponent("\(index).txt")
            guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
                throw CLIFailure(message: "\(file.path): cannot create the writer's output file", exitCode: .cannotCreate)
            }
            process.standardOutput = try FileHandle(forWritingTo: file)
            process.standardError = FileHandle.nullDevice
            return process
        }
        let seconds = try BenchLocateCommand.measureThrowing {
            for process in processes { try process.run() }
            for process in processes { process.waitUntilExit() }
        }
        if let failed = processes.firstIndex(where: { $0.terminationStatus != 0 }) {
            throw CLIFailure(message: "writer \(failed) exited \(processes[failed].terminationStatus). Fix: run `skew bench history --postgres URL --writers 1` to see why.",
                             exitCode: .software)
        }
        let confirmed = try (0..<writers).flatMap { index in
            try String(contentsOf: scratch.appendingPathComponent("\(index).txt"), encoding: .utf8).split(separator: "\n").map(String.init)
        }
        let stored = try shared.events().filter { $0.token.hasPrefix("writer-") }.map(\.uid)
        let held = Set(stored)
        return (seconds, Set(confirmed).subtracting(held).count + (writers * writes - confirmed.count), stored.count - held.count)
    }
}
