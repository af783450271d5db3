import ArgumentParser
import Foundation
import Reports

/// `--format`, `--output` and `--report`, the same on every command.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: table, json, csv or html (default table, or implied by --output's extension).")
    var format: String?

    @Option(help: "Write the output to this file (atomically) instead of standard output.")
    var output: String?

    @Flag(help: "Also write JSON and CSV reports under --report-dir with a timestamped name.")
    var report = false

    @Option(help: "Folder for --report files.")
    var reportDir = "reports"

    func chosenFormat() throws -> ReportFormat {
        if let format {
            guard let chosen = ReportFormat(rawValue: format.lowercased()) else {
                throw ValidationError("--format '\(format)' is unknown; use table, json, csv or html")
            }
            return chosen
        }
        if let output, let implied = ReportFormat(fileName: output) { return implied }
        return .table
    }

    /// Writes the result where the options say; reports go to files named `COMMAND-UTCSTAMP.ext`.
    func emit(_ result: some Report) throws {
        let rendered = try Renderer.render(result, as: try chosenFormat(),
                                           width: output == nil ? TerminalWidth.ofStandardOutput : nil)
        if let output {
            try AtomicFile.write(rendered, to: output)
        } else {
            FileHandle.standardOutput.write(Data(rendered.utf8))
        }
        if report {
            try FileManager.default.createDirectory(atPath: reportDir, withIntermediateDirectories: true)
            let base = "\(reportDir)/\(result.command)-\(Self.stamp())"
            try AtomicFile.write(try Renderer.json(result), to: base + ".json")
            try AtomicFile.write(Renderer.csv(result.table), to: base + ".csv")
            Console.info("report: \(base).json, \(base).csv")
        }
    }

    /// The UTC time stamp in report file names, such as 20261129T081500Z.
    static func stamp(_ date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }
}
