import Foundation

/// Where a history is, as `--history` or `SKEW_HISTORY` gives it: a file path (SQLite) or a
/// `postgres://` / `postgresql://` URL (a shared PostgreSQL database). The one place that picks the store.
public enum HistoryLocation: Sendable, Equatable {
    case file(String)

    /// Reads `text`; nil or empty is the default file (`SQLiteHistoryStore.defaultPath`).
    public init(_ text: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let text, !text.isEmpty else {
            self = .file(SQLiteHistoryStore.defaultPath(environment: environment))
            return
        }
        self = .file(text)
    }

    /// How the stores, reports and the spool name this history: the path, or the URL without a password.
    public var name: String {
        switch self {
        case .file(let path): return path
        }
    }

    /// For commands that record: a missing file (and its folder) is created, an older schema migrated.
    public func openForRecording() throws(HistoryFailure) -> any HistoryStore {
        switch self {
        case .file(let path): return try SQLiteHistoryStore(path: path)
        }
    }

    /// For commands that change recorded events: the history must exist; an older schema is migrated.
    public func openForUpdating() throws(HistoryFailure) -> any HistoryStore {
        switch self {
        case .file(let path): return try SQLiteHistoryStore(updatingAt: path)
        }
    }

    /// For commands that only read: a missing history is an error, and nothing is created or written.
    public func openForReading() throws(HistoryFailure) -> any HistoryStore {
        switch self {
        case .file(let path): return try SQLiteHistoryStore(readingAt: path)
        }
    }
}
