import Foundation
import OTPCore

/// Where a history is, as `--history` or `SKEW_HISTORY` gives it: a file path (SQLite) or a
/// `postgres://` / `postgresql://` URL (a shared PostgreSQL database). The one place that picks the store.
public enum HistoryLocation: Sendable, Equatable, CustomStringConvertible {
    case file(String)
    case postgres(PostgresEndpoint)

    /// Reads `text`; nil or empty is the default file (`SQLiteHistoryStore.defaultPath`). A URL is
    /// checked here (no password in it, known parameters only), before anything connects.
    public init(_ text: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(InputError) {
        guard let text, !text.isEmpty else {
            self = .file(SQLiteHistoryStore.defaultPath(environment: environment))
            return
        }
        self = PostgresEndpoint.isURL(text) ? .postgres(try PostgresEndpoint(url: text, environment: environment)) : .file(text)
    }

    /// The path or the URL (without a password), as reports show it.
    public var description: String {
        switch self {
        case .file(let path): return path
        case .postgres(let endpoint): return endpoint.location
        }
    }

    /// Whether there is a history to read: a file that exists; a database always counts (opening it
    /// says whether it can be reached). Lets a page say "nothing recorded yet" instead of an error.
    public var exists: Bool {
        switch self {
        case .file(let path): return FileManager.default.fileExists(atPath: path)
        case .postgres: return true
        }
    }

    /// For commands that record: a missing file (and its folder) or missing tables are created, an
    /// older schema migrated. `environment` gives the PostgreSQL password (PGPASSWORD, PGPASSFILE, HOME).
    public func openForRecording(environment: [String: String] = ProcessInfo.processInfo.environment) throws(HistoryFailure) -> any HistoryStore {
        switch self {
        case .file(let path): return try SQLiteHistoryStore(path: path)
        case .postgres(let endpoint): return try PostgresHistoryStore(endpoint, mode: .recording, environment: environment)
        }
    }

    /// For commands that record what cannot be measured again: as `openForRecording`, but the events
    /// this history cannot take for now (down, locked, read-only) are kept in the spool for
    /// `skew history flush` (`SpoolingHistoryStore`).
    public func openSpooling(environment: [String: String] = ProcessInfo.processInfo.environment) throws(HistoryFailure) -> SpoolingHistoryStore {
        try SpoolingHistoryStore(location: description, open: { () throws(HistoryFailure) in try openForRecording(environment: environment) })
    }

    /// For commands that change recorded events: the history must exist; an older schema is migrated.
    public func openForUpdating(environment: [String: String] = ProcessInfo.processInfo.environment) throws(HistoryFailure) -> any HistoryStore {
        switch self {
        case .file(let path): return try SQLiteHistoryStore(updatingAt: path)
        case .postgres(let endpoint): return try PostgresHistoryStore(endpoint, mode: .reading, environment: environment)
        }
    }

    /// For commands that only read: a missing history is an error and nothing is created. An SQLite
    /// file is opened read-only and left at its schema; a shared database at an older schema is
    /// migrated (one transaction; other stations need it anyway).
    public func openForReading(environment: [String: String] = ProcessInfo.processInfo.environment) throws(HistoryFailure) -> any HistoryStore {
        switch self {
        case .file(let path): return try SQLiteHistoryStore(readingAt: path)
        case .postgres(let endpoint): return try PostgresHistoryStore(endpoint, mode: .reading, environment: environment)
        }
    }
}
