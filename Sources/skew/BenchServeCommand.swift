import ArgumentParser
import Benchmarks
import Foundation
import Reports
import Serve

/// Times `skew serve` on loopback: a page's first load with its assets, and the live table's
/// update after each step boundary with many pages open (issue 17's targets: 100 ms and 50 ms).
struct BenchServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Time skew serve on loopback: first page load with its assets, and the live table's update after a step boundary with N pages open.",
        discussion: """
            Examples:
              skew bench serve
              skew bench serve --pages 200 --boundaries 10 -f json
            """)

    @Option(help: "Open pages (WebSocket clients) watching the live table.")
    var pages = 50

    @Option(help: "Step boundaries measured on every page.")
    var boundaries = 5

    @Option(help: "Step length the pages watch, in seconds (short, so the run is short).")
    var period = 1

    @Option(help: "First page loads timed.")
    var loads = 20

    @OptionGroup var output: OutputOptions

    func run() throws {
        for (value, name, range) in [(pages, "--pages", 1...1000), (boundaries, "--boundaries", 1...100), (period, "--period", 1...60), (loads, "--loads", 1...1000)]
        where !range.contains(value) {
            throw UsageError(input: name, problem: "\(value) is outside \(range.lowerBound)…\(range.upperBound)", fix: "give a number in that range")
        }
        var bench = ServeBench()
        bench.pages = pages
        bench.boundaries = boundaries
        bench.periodSeconds = period
        bench.loads = loads
        let configured = bench
        let result = try runBlocking { try await configured.run() }
        try output.emit(ServeBenchReport(
            cpu: BenchLocateCommand.cpuDescription(), pages: pages, periodSeconds: period,
            requestsPerLoad: result.requestsPerLoad, bytesPerLoad: result.bytesPerLoad,
            rows: [.init(measure: "first page load (new connection, page and assets)", timings: Timings(result.loadSeconds), targetMs: 100),
                   .init(measure: "live table after a step boundary, every page", timings: Timings(result.updateSeconds), targetMs: 50)],
            notes: ["Loads are the bytes a browser fetches, over one kept-alive connection; the browser's own parsing and drawing are not counted.",
                    "An update is timed from the step's start to the page's receipt of its new table, server and pages on this machine."]))
    }
}
