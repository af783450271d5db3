import ArgumentParser
import Benchmarks
import Diagnose
import Foundation
import OTPCore
import Reports

/// Times `diagnose` over its default space for one code, with a random secret made for the run.
struct BenchDiagnoseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        abstract: "Time diagnose's default search for one code: a 32-character secret, and a 31-character one (one character missing, about 1000 variants).",
        discussion: """
            Examples:
              skew bench diagnose --runs 5
            """)

    @Option(help: "Timed runs per case (the median is reported).")
    var runs = 3

    @Option(help: "Worker threads (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var output: OutputOptions

    func run() throws {
        guard runs >= 1, threads >= 1 else {
            throw UsageError(input: "--runs/--threads", problem: "each must be at least 1", fix: "give positive numbers")
        }
        var generator = SystemRandomNumberGenerator()
        let text = Base32.encode((0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let cases = [("32 base32 characters (20 bytes)", text), ("31 base32 characters (one missing)", String(text.dropLast()))]
        let time = 1_764_403_207.0
        let observation = try Observation(code: String(format: "%06d", Int.random(in: 0..<1_000_000)), time: time)
        var rows: [DiagnoseBenchReport.Row] = []
        for (label, secretText) in cases {
            for exhaustive in [false, true] {
                rows.append(try measureCase(label: label, secretText: secretText, observation: observation,
                                            exhaustive: exhaustive))
            }
        }
        #if DEBUG
        let build = "debug (use `swift build -c release` for real numbers)"
        #else
        let build = "release"
        #endif
        try output.emit(DiagnoseBenchReport(cpu: BenchLocateCommand.cpuDescription(), build: build, rows: rows, notes: [
            "Each run searches one 6-digit code with the default options of `skew diagnose` (range ±1 day, factory span 30 days).",
            "hypotheses = HMACs × digit counts compared (6, 7, 8 share one HMAC).",
            "default skips hypotheses whose prior could never beat 'nothing explains the code' (same answer); exhaustive scans every one (`--exhaustive`).",
        ]))
    }

    private func measureCase(label: String, secretText: String, observation: Observation,
                             exhaustive: Bool) throws -> DiagnoseBenchReport.Row {
        var space = HypothesisSpace(expected: OTPParameters())
        space.exhaustive = exhaustive
        var timings: [Double] = []
        var last: Diagnosis?
        for _ in 0..<runs {
            timings.append(BenchLocateCommand.measure {
                last = try? Diagnoser.diagnose(secretText: secretText, encoding: .base32, observations: [observation],
                                               timing: .timed, space: space, threads: threads)
            })
        }
        guard let diagnosis = last else {
            throw CLIFailure(message: "bench diagnose: the diagnosis failed for the \(label) secret", exitCode: .software)
        }
        return .init(secret: label, search: exhaustive ? "exhaustive" : "default", codes: 1,
                     secretVariants: diagnosis.secretVariantsSearched, hmacs: diagnosis.hmacsComputed,
                     hypotheses: diagnosis.hypothesesSearched, threads: threads, timings: Timings(timings))
    }
}
