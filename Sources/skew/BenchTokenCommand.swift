import ArgumentParser
import Benchmarks
import Foundation
import OTPCore
import Reports
import Tokens

/// Times the token's identifying read (GET INFO on Token2, READ INFO on Protectimus) on one
/// connection (monotonic clock around `SCardTransmit`) and whole `skew token info` runs as child
/// processes, from spawn to exit.
struct BenchTokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Median GET INFO round trip through pcscd + vpcd + token, and wall time of `skew token info`.",
        discussion: """
            Examples:
              skew bench token --runs 50
              skew bench token -r "Virtual PCD 00 00" -f json
            """)

    @OptionGroup var readerOptions: ReaderOptions

    @Option(help: "GET INFO round trips to time on one connection.")
    var rounds = 1000

    @Option(help: "Whole `skew token info` runs to time.")
    var runs = 20

    @OptionGroup var output: OutputOptions

    func run() throws {
        guard (1...1_000_000).contains(rounds), (1...10_000).contains(runs) else {
            throw UsageError(input: "--rounds/--runs", problem: "each must be at least 1", fix: "give positive counts, such as --rounds 1000 --runs 20")
        }
        let connection = try readerOptions.connect()
        let reader = connection.reader
        let token = try connection.detect(family: nil)
        let read = token.identity.family.probe.name
        for _ in 0..<10 { _ = try token.reread() }
        var roundTrips: [Double] = []
        roundTrips.reserveCapacity(rounds)
        for _ in 0..<rounds { roundTrips.append(try token.reread().roundTrip) }
        connection.close()

        var wallTimes: [Double] = []
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        for _ in 0..<runs {
            let process = Process()
            process.executableURL = executable
            process.arguments = ["token", "info", "--reader", reader, "--format", "json"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let started = DispatchTime.now().uptimeNanoseconds
            try process.run()
            process.waitUntilExit()
            wallTimes.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
            guard process.terminationStatus == 0 else {
                throw CLIFailure(message: "`skew token info --reader '\(reader)'` exited with \(process.terminationStatus) during the benchmark; run it alone to see why",
                                 exitCode: .ioError)
            }
        }
        try output.emit(TokenBenchReport(
            reader: reader, serial: token.identity.serial ?? token.identity.family.displayName,
            rows: [TokenBenchReport.Row(measure: "\(read) round trip", timings: Timings(roundTrips), targetSeconds: 0.001),
                   TokenBenchReport.Row(measure: "skew token info, end to end", timings: Timings(wallTimes), targetSeconds: 0.150)],
            notes: ["Round trip: monotonic clock just before and after SCardTransmit, \(rounds) \(read) on one connection after 10 warm-up exchanges.",
                    "End to end: spawn to exit of `\(executable.path) token info --format json`, \(runs) runs, each connecting anew."]))
    }
}
