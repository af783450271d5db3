import ArgumentParser
import Reports

struct DriftHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List stored measurements and syncs, for one token or all.",
        discussion: """
            Examples:
              skew drift history
              skew drift history 86596220000001 -f csv -o history.csv
            """)

    @Argument(help: "Token serial, or secret:FINGERPRINT for manual measurements (default: all).")
    var token: String?

    @OptionGroup var historyOptions: HistoryOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try historyOptions.openForReading()
        if let token { try store.requireToken(token) }
        try output.emit(HistoryReport(database: store.location, events: try store.events(token: token)))
    }
}
