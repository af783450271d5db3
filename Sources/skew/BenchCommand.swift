import ArgumentParser
import Benchmarks
import Foundation
import OTPCore
import Reports

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print numbers.",
        subcommands: [BenchLocateCommand.self, BenchDiagnoseCommand.self, BenchTokenCommand.self, BenchProvisionCommand.self, BenchFleetCommand.self, BenchHistoryCommand.self, BenchServeCommand.self])
}

/// Times the locate search against oathtool's own window search on the same range.
///
/// The secret is random and made for the run, so passing it to oathtool's command line exposes nothing.
struct BenchLocateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "locate",
        abstract: "Search ±R steps for a code that is not there; compare with oathtool side by side.",
        discussion: """
            Examples:
              skew bench locate
              skew bench locate --range 1d --runs 5 --oathtool none -f json
            """)

    @Option(help: "Search radius: steps (1000000), or a duration (1d) in 30 s steps.")
    var range = "1000000"

    @Option(help: "Code length.")
    var digits = 8

    @Option(help: "Timed runs per algorithm (the median is reported).")
    var runs = 3

    @Option(help: "Worker threads (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Algorithms to measure, comma-separated.")
    var algorithms = "sha1,sha256,sha512"

    @Option(help: "oathtool binary to compare against; 'none' skips it.")
    var oathtool = "/usr/bin/oathtool"

    @OptionGroup var output: OutputOptions

    func run() throws {
        let chosen = try algorithms.split(separator: ",").map { name throws(UsageError) -> HashAlgorithm in
            guard let algorithm = HashAlgorithm(name: String(name)) else {
                throw UsageError(input: "--algorithms", problem: "'\(name)' is not a known algorithm", fix: "use sha1, sha256, sha512")
            }
            return algorithm
        }
        let range = try RangeText.steps(self.range, period: OTPParameters().period)
        guard runs >= 1, range >= 1, threads >= 1 else {
            throw UsageError(input: "--runs/--range/--threads", problem: "each must be at least 1", fix: "give positive numbers")
        }
        var generator = SystemRandomNumberGenerator()
        let secret = try Secret(bytes: (0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let time = 1_700_000_000.0
        var notes: [String] = []
        let useOathtool = oathtool != "none" && FileManager.default.isExecutableFile(atPath: oathtool)
        if !useOathtool { notes.append("oathtool not run (\(oathtool) is not an executable): install it with apt-get install oathtool") }
        var rows: [BenchReport.Row] = []
        for algorithm in chosen {
            let parameters = try OTPParameters(algorithm: algorithm, digits: digits).validated()
            let search = CodeSearch(secret: secret, parameters: parameters)
            let code = absentCode(search: search, time: time, range: range)
            var timings: [Double] = []
            for _ in 0..<runs {
                let seconds = Self.measure {
                    _ = try? Locator.locate(codes: [parameters.format(code)], search: search, time: time,
                                            range: range, threads: threads)
                }
                timings.append(seconds)
            }
            var oathtool: Timings?
            if useOathtool {
                oathtool = Timings([try timeOathtool(secret: secret, algorithm: algorithm, code: parameters.format(code), time: time,
                                                   range: range)])
            }
            rows.append(BenchReport.Row(algorithm: algorithm.rawValue, steps: 2 * range + 1, threads: threads,
                                        timings: Timings(timings), oathtool: oathtool))
        }
        notes.append("codes/s counts steps evaluated; oathtool runs once per algorithm, single-threaded, as `oathtool --totp=ALG -d \(digits) -w \(range) -N @\(Int(time)) HEX CODE`.")
        try output.emit(BenchReport(digits: digits, rangeSteps: range, cpu: Self.cpuDescription(), rows: rows, notes: notes))
    }

    /// A code no step in the range produces, so the search must scan all of it.
    private func absentCode(search: CodeSearch, time: Double, range: Int64) -> UInt64 {
        var candidate: UInt64 = 12_345_678 % search.parameters.modulus
        while let result = try? Locator.locate(codes: [search.parameters.format(candidate)], search: search, time: time,
                                               range: range, threads: threads),
              !result.matches.isEmpty {
            candidate = (candidate + 1) % search.parameters.modulus
        }
        return candidate
    }

    static func measure(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let elapsed = clock.measure(body)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// `measure` for work that can fail.
    static func measureThrowing(_ body: () throws -> Void) throws -> Double {
        var failure: Error?
        let seconds = measure {
            do { try body() } catch { failure = error }
        }
        if let failure { throw failure }
        return seconds
    }

    private func timeOathtool(secret: Secret, algorithm: HashAlgorithm, code: String, time: Double, range: Int64) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: oathtool)
        process.arguments = ["--totp=\(algorithm.rawValue.lowercased())", "-d", String(digits), "-w", String(range),
                             "-N", "@\(Int(time))", Hex.encode(secret.bytes), code]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        var failure: Error?
        let seconds = Self.measure {
            do {
                try process.run()
                process.waitUntilExit()
            } catch { failure = error }
        }
        if let failure { throw CLIFailure(message: "\(oathtool): could not run (\(failure))", exitCode: .unavailable) }
        return seconds
    }

    static func cpuDescription() -> String {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = info.split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        let shaNI = info.contains(" sha_ni") ? "SHA-NI" : "no SHA-NI"
        return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(shaNI)"
    }
}
