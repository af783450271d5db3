import ArgumentParser
import History
import OTPCore
import Reports

struct DriftExcludeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exclude",
        abstract: "Take a measurement out of every fit, with the reason (it stays in the history).",
        discussion: """
            The id is the first column of `skew drift history TOKEN`. --undo counts it again.

            Examples:
              skew drift exclude 42 --reason "measured over a flaky remote reader"
              skew drift exclude 42 --undo
            """)

    @Argument(help: "The measurement's id.")
    var id: Int64

    @Option(help: "Why it is wrong (shown with every forecast of the token).")
    var reason: String?

    @Flag(help: "Count the measurement again.")
    var undo = false

    @OptionGroup var historyOptions: HistoryOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard undo == trimmed.isEmpty else {
            throw UsageError(input: undo ? "--undo" : "--reason",
                             problem: undo ? "--undo takes no --reason" : "a measurement is excluded with a reason",
                             fix: undo ? "leave --reason out" : "add --reason 'what went wrong', such as --reason 'reader on a laptop in sleep'")
        }
        let store = try historyOptions.openForUpdating()
        let event = try store.exclude(id: id, reason: undo ? nil : trimmed)
        try output.emit(HistoryReport(database: store.location, events: [event]))
    }
}
