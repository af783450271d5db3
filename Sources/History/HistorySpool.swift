import Foundation
import GRDB

/// Events a shared history could not take, kept in a local SQLite file until `flush` writes them.
///
/// A measurement or sync is made once: when the shared database is down, locked or read-only the
/// event is kept here with the history it was meant for, under its `uid`, so writing it later can
/// neither lose it nor store it twice (an event whose commit reached the server before the link
/// broke is recognised by its `uid` and only removed from the spool). The file is the spool's own
/// (table `pending_events`), beside the default history, so it works whatever the shared history is.
public final class HistorySpool: Sendable {
    public let path: String
    private let queue: DatabaseQueue

    /// `pending.sqlite` beside the default history (`$XDG_DATA_HOME/skew/`, else `~/.local/share/skew/`).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        (SQLiteHistoryStore.defaultPath(environment: environment) as NSString).deletingLastPathComponent + "/pending.sqlite"
    }

    /// Opens the spool, creating it (and its folder) when missing.
    public init(path: String = HistorySpool.defaultPath()) throws(HistoryFailure) {
        self.path = path
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            queue = try DatabaseQueue(path: path, configuration: configuration)
            var migrator = DatabaseMigrator()
            migrator.registerMigration("v1 pending events") { database in
                try database.execute(sql: """
                    CREATE TABLE pending_events (
                        uid TEXT PRIMARY KEY NOT NULL, destination TEXT NOT NULL, token TEXT NOT NULL, kind TEXT NOT NULL,
                        time DOUBLE NOT NULL, offset DOUBLE NOT NULL, uncertainty DOUBLE NOT NULL, reference TEXT NOT NULL,
                        host_offset DOUBLE, method TEXT NOT NULL, excluded_reason TEXT)
                    """)
            }
            try migrator.migrate(queue)
        } catch {
            throw Self.failure(error, path: path)
        }
    }

    /// Keeps events for `destination` (a history's `location`); an event already kept stays once.
    public func keep(_ events: [HistoryEvent], for destination: String) throws(HistoryFailure) {
        do {
            try queue.write { database in
                for event in events {
                    try database.execute(sql: """
                        INSERT OR IGNORE INTO pending_events (uid, destination, token, kind, time, offset, uncertainty, reference,
                                                             host_offset, method, excluded_reason)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [event.uid, destination, event.token, event.kind.rawValue, event.time, event.offset,
                                         event.uncertainty, event.reference, event.hostOffset, event.method, event.excludedReason])
                }
            }
        } catch {
            throw Self.failure(error, path: path)
        }
    }

    /// The events kept for `destination`, in the order they were kept (at most `limit`).
    public func pending(for destination: String, limit: Int = .max) throws(HistoryFailure) -> [HistoryEvent] {
        do {
            return try queue.read { database in
                try Row.fetchAll(database, sql: """
                    SELECT uid, token, kind, time, offset, uncertainty, reference, host_offset, method, excluded_reason
                    FROM pending_events WHERE destination = ? ORDER BY rowid LIMIT ?
                    """, arguments: [destination, min(limit, Int(Int32.max))]).map { row in
                    guard let kind = HistoryEvent.Kind(rawValue: row[2]) else {
                        throw HistoryFailure.corrupt(location: path, reason: "kept event \(row[0] as String) has an unknown kind")
                    }
                    return HistoryEvent(uid: row[0], token: row[1], kind: kind, time: row[3], offset: row[4], uncertainty: row[5],
                                        reference: row[6], hostOffset: row[7], method: row[8], excludedReason: row[9])
                }
            }
        } catch {
            throw Self.failure(error, path: path)
        }
    }

    /// How many events wait for each destination.
    public func counts() throws(HistoryFailure) -> [String: Int] {
        do {
            return try queue.read { database in
                var counts: [String: Int] = [:]
                for row in try Row.fetchAll(database, sql: "SELECT destination, COUNT(*) FROM pending_events GROUP BY destination") {
                    counts[row[0]] = row[1]
                }
                return counts
            }
        } catch {
            throw Self.failure(error, path: path)
        }
    }

    /// Forgets events the destination confirmed it holds.
    public func remove(uids: [String]) throws(HistoryFailure) {
        do {
            try queue.write { database in
                for uid in uids { try database.execute(sql: "DELETE FROM pending_events WHERE uid = ?", arguments: [uid]) }
            }
        } catch {
            throw Self.failure(error, path: path)
        }
    }

    private static func failure(_ error: Error, path: String) -> HistoryFailure {
        if let failure = error as? HistoryFailure { return failure }
        if let database = error as? DatabaseError, [.SQLITE_BUSY, .SQLITE_LOCKED].contains(database.resultCode) {
            return .locked(location: path)
        }
        return .cannotOpen(location: path, reason: "\(error)")
    }
}
