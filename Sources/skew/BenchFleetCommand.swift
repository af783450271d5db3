import ArgumentParser
import Benchmarks
import Foundation
import History
import OTPCore
import Reports

/// Builds a large history and times `skew fleet` over it, as a person would run it (a new process).
struct BenchFleetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Build a history of many tokens and time skew fleet over it (targets: 1 s, under 50 MB).",
        discussion: """
            Examples:
              skew bench fleet
              skew bench fleet --tokens 1000 --runs 5 -f json
            """)

    @Option(help: "Tokens in the generated history.")
    var tokens = 10_000

    @Option(help: "Measurements per token (a week apart).")
    var measurements = 50

    @Option(help: "Timed runs per format (the median is reported).")
    var runs = 3

    @Option(help: "Where to build the history (must not exist; default a temporary file, removed afterwards).")
    var history: String?

    @OptionGroup var output: OutputOptions

    static let targetSeconds = 1.0
    static let targetBytes = 50_000_000

    func run() throws {
        guard (1...1_000_000).contains(tokens), (2...10_000).contains(measurements), (1...100).contains(runs) else {
            throw UsageError(input: "--tokens/--measurements/--runs", problem: "give 1 to 1000000 tokens, 2 to 10000 measurements and 1 to 100 runs",
                             fix: "for the issue's scale: --tokens 10000 --measurements 50")
        }
        let temporary = history == nil
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skew-bench-fleet-\(UUID().uuidString)")
        let path = history ?? folder.appendingPathComponent("history.sqlite").path
        guard !FileManager.default.fileExists(atPath: path) else {
            throw UsageError(input: "--history \(path)", problem: "the file exists, and the benchmark never writes into a real history",
                             fix: "give a path that does not exist yet, or leave --history out")
        }
        defer { if temporary { try? FileManager.default.removeItem(at: folder) } }
        let store = try HistoryStore(path: path)
        let buildSeconds = try BenchLocateCommand.measureThrowing { try store.record(Self.events(tokens: tokens, measurements: measurements)) }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let now = Self.start + Double(measurements) * Self.week
        var rows: [FleetBenchReport.Row] = []
        for format in ["table", "json"] {
            let timings = try (0..<runs).map { _ in
                try timeFleet(["fleet", "--history", path, "--at", String(Int(now)), "--verifier", "entra", "--verifier", "oathtool-w1",
                               "--format", format, "--output", "/dev/null"])
            }
            rows.append(FleetBenchReport.Row(format: format, timings: Timings(timings), targetSeconds: Self.targetSeconds))
        }
        try output.emit(FleetBenchReport(
            cpu: BenchLocateCommand.cpuDescription(), tokens: tokens, measurementsPerToken: measurements, historyBytes: bytes,
            historyTargetBytes: Self.targetBytes, buildSeconds: buildSeconds, rows: rows,
            notes: ["Each run is a new `skew fleet` process (start-up, reading every event, one fit and two verifier forecasts per token, rendering) against entra and oathtool-w1; measurements are GET INFO edges against the host clock, a week apart, with drifts from −50 to +50 ppm."]))
    }

    private static let start = 1_700_000_000.0
    private static let week = 7 * 86_400.0

    /// Token2 serials drifting at evenly spread rates, with a little measurement noise.
    static func events(tokens: Int, measurements: Int) -> [HistoryEvent] {
        var events: [HistoryEvent] = []
        events.reserveCapacity(tokens * measurements)
        for index in 0..<tokens {
            let serial = "8659622" + String(repeating: "0", count: max(0, 7 - String(index).count)) + String(index)
            let rate = (Double(index % 1001) / 10 - 50) * 1e-6
            let offset = Double(index % 37) - 18
            for number in 0..<measurements {
                let time = start + Double(number) * week + Double((index * 7919 + number * 104_729) % 3600)
                let noise = Double((index * 31 + number * 17) % 11 - 5) * 1e-4
                events.append(HistoryEvent(token: serial, kind: .measurement, time: time, offset: offset + rate * (time - start) + noise,
                                           uncertainty: 0.0005, reference: "host", method: "get-info-edge"))
            }
        }
        return events
    }

    /// Wall time of one `skew` run with these arguments; a failure to run or an error exit stops the benchmark.
    private func timeFleet(_ arguments: [String]) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let seconds = try BenchLocateCommand.measureThrowing {
            try process.run()
            process.waitUntilExit()
        }
        guard [0, 1, 2].contains(process.terminationStatus) else {
            throw CLIFailure(message: "skew \(arguments.joined(separator: " ")) exited \(process.terminationStatus). Fix: run it by hand to see why.",
                             exitCode: .software)
        }
        return seconds
    }
}
