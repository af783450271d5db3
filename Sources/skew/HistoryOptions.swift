import ArgumentParser
import Foundation
import History

/// `--history PATH|URL` (else `SKEW_HISTORY`), shared by every command that reads or records measurements.
struct HistoryOptions: ParsableArguments {
    @Option(help: "History: an SQLite file, or a postgres:// URL of a shared database (default $SKEW_HISTORY, else $XDG_DATA_HOME/skew/history.sqlite).")
    var history: String?

    /// The history named by `--history`, else by `SKEW_HISTORY`, else the default file.
    func location() throws -> HistoryLocation {
        try HistoryLocation(history ?? ProcessInfo.processInfo.environment["SKEW_HISTORY"])
    }

    /// For commands that record: a missing SQLite file (and its folder) is created, and events the
    /// history cannot take for now (down, locked, read-only) are kept in the spool (`skew history flush`).
    func open() throws -> any HistoryStore {
        try location().openSpooling()
    }

    /// For commands that change recorded events: the history must exist.
    func openForUpdating() throws -> any HistoryStore {
        try location().openForUpdating()
    }

    /// For commands that only read: a missing database is an error, and nothing is created.
    func openForReading() throws -> any HistoryStore {
        try location().openForReading()
    }
}
