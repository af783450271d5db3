import ArgumentParser
import Files
import Foundation
import Reports

/// `--format`, `--output` and `--report`, the same on every command.
struct OutputOptions: ParsableArguments {
    @Option(name: [.customShort("f"), .long], help: "Output format: table, json, csv or html (default table, or implied by --output's extension).")
    var format: ReportFormat?

    @Option(name: [.customShort("o"), .long], help: "Write the output to this file (atomically) instead of standard output ('-' is standard output).")
    var output: String?

    @Flag(help: "Also write JSON and CSV reports under --report-dir with a timestamped name (never replacing one).")
    var report = false

    @Option(help: "Folder for --report files.")
    var reportDir = "reports"

    func chosenFormat() throws -> ReportFormat {
        if let format { return format }
        if let output, let implied = ReportFormat(fileName: output) { return implied }
        return .table
    }

    /// Writes the result where the options say; reports go to files named `COMMAND-UTCSTAMP.ext`.
    /// A file that holds a secret is readable by its owner only.
    func emit(_ result: some Report) throws {
        let toStandardOutput = output == nil || output == "-"
        let rendered = try Renderer.render(result, as: try chosenFormat(),
                                           width: toStandardOutput ? TerminalWidth.ofStandardOutput : nil)
        let permissions: mode_t = result.holdsSecrets ? 0o600 : 0o644
        if let output, !toStandardOutput {
            try AtomicFile.write(rendered, to: output, permissions: permissions)
        } else {
            FileHandle.standardOutput.write(Data(rendered.utf8))
        }
        if report {
            try FileManager.default.createDirectory(atPath: reportDir, withIntermediateDirectories: true)
            let base = try writeReports(json: try Renderer.json(result), csv: Renderer.csv(result.table),
                                        stem: "\(reportDir)/\(result.command)-\(Self.stamp())", permissions: permissions)
            Console.info("report: \(base).json, \(base).csv")
        }
    }

    /// Writes the pair under `stem`, or `stem-2`, `stem-3`, … when a run in the same second (or any
    /// file) already has that name: a report is never replaced. Returns the name used.
    private func writeReports(json: String, csv: String, stem: String, permissions: mode_t) throws -> String {
        for number in 1...Self.namesPerSecond {
            let base = number == 1 ? stem : "\(stem)-\(number)"
            guard try AtomicFile.writeNew(Array(json.utf8), to: base + ".json", permissions: permissions) else { continue }
            if try AtomicFile.writeNew(Array(csv.utf8), to: base + ".csv", permissions: permissions) { return base }
            unlink(base + ".json")
        }
        throw CLIFailure(message: "\(stem): \(Self.namesPerSecond) reports already carry this second's name. Fix: use another --report-dir, or wait a second.",
                         exitCode: .cannotCreate)
    }

    /// How many reports one command may write in one second before names run out.
    private static let namesPerSecond = 1000

    /// The UTC time stamp in report file names, such as 20261129T081500Z.
    static func stamp(_ date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }
}
