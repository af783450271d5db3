import ArgumentParser
import History

/// `--history PATH`, shared by every command that reads or records measurements.
struct HistoryOptions: ParsableArguments {
    @Option(help: "History database (default $XDG_DATA_HOME/skew/history.sqlite).")
    var history: String?

    /// For commands that record: the database (and its folder) is created when missing.
    func open() throws -> HistoryStore {
        try HistoryStore(path: history ?? HistoryStore.defaultPath())
    }

    /// For commands that only read: a missing database is an error, and nothing is created.
    func openForReading() throws -> HistoryStore {
        try HistoryStore(readingAt: history ?? HistoryStore.defaultPath())
    }
}
