import Foundation
import GRDB

/// The measurement history in SQLite: every offset measurement and every sync, kept across runs so
/// drift becomes a rate.
///
/// The store never recreates or overwrites a database it cannot read: a corrupt or foreign file is
/// reported and left as it is, so no stored data is lost. Opened for reading, it creates nothing: a
/// mistyped path is reported, not answered with a new empty database.
public final class HistoryStore: Sendable {
    public enum Failure: Error, CustomStringConvertible {
        case cannotOpen(path: String, reason: String)
        case locked(path: String)
        case corrupt(path: String, reason: String)
        case missing(path: String)
        case unknownToken(token: String, path: String, known: [String])
        case unknownMeasurement(id: Int64, path: String)

        public var description: String {
            switch self {
            case .cannotOpen(let path, let reason):
                return "\(path): cannot open the history (\(reason))"
            case .locked(let path):
                return "\(path): the history database is locked by another program"
            case .corrupt(let path, let reason):
                return "\(path): this is not a readable history database (\(reason)); it was left untouched"
            case .missing(let path):
                return "\(path): there is no history database here (nothing was created)"
            case .unknownToken(let token, let path, let known):
                let listed = known.isEmpty ? "it holds no measurements yet" : "it holds \(known.joined(separator: ", "))"
                return "\(token): no measurement or sync of this token is in \(path) (\(listed))"
            case .unknownMeasurement(let id, let path):
                return "measurement \(id): \(path) holds no measurement with this id (syncs cannot be excluded)"
            }
        }
    }

    public let path: String
    private let queue: DatabaseQueue
    /// The columns `HistoryEvent.init(row:)` reads, in its order; a history from before exclusions
    /// (opened read-only, so not migrated) reads NULL for the reason.
    private let columns: String

    /// `$XDG_DATA_HOME/skew/history.sqlite`, falling back to `~/.local/share/skew/history.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/skew/history.sqlite" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/skew/history.sqlite"
    }

    /// Opens the history for recording, creating the folder and the database when they are missing.
    public init(path: String) throws(Failure) {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            var configuration = Configuration()
            configuration.busyMode = .timeout(2)
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try Self.migrator.migrate(queue)
            columns = try Self.columns(queue)
        } catch {
            throw Self.classify(error, path: path)
        }
    }

    /// Opens an existing history to change it (migrating it when needed); nothing is created.
    public convenience init(updatingAt path: String) throws(Failure) {
        guard FileManager.default.fileExists(atPath: path) else { throw .missing(path: path) }
        try self.init(path: path)
    }

    /// Opens an existing history read-only: nothing is created, migrated or written.
    public init(readingAt path: String) throws(Failure) {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else { throw .missing(path: path) }
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(2)
            configuration.readonly = true
            queue = try DatabaseQueue(path: path, configuration: configuration)
            guard try queue.read({ try $0.tableExists("events") }) else {
                throw Failure.corrupt(path: path, reason: "it is an SQLite database without skew's events table")
            }
            columns = try Self.columns(queue)
        } catch {
            throw Self.classify(error, path: path)
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 events") { database in
            try database.create(table: "events") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("token", .text).notNull().indexed()
                table.column("kind", .text).notNull().check { ["measurement", "sync"].contains($0) }
                table.column("time", .double).notNull()
                table.column("offset", .double).notNull()
                table.column("uncertainty", .double).notNull()
                table.column("reference", .text).notNull()
                table.column("host_offset", .double)
                table.column("method", .text).notNull()
            }
        }
        // A per-token lookup scans the table in tens of milliseconds even at half a million events,
        // while the index took a fifth of the file: without it 10,000 tokens × 50 measurements fit in 42 MB.
        migrator.registerMigration("v2 no token index") { database in
            try database.execute(sql: "DROP INDEX IF EXISTS events_on_token")
        }
        migrator.registerMigration("v3 exclusions") { database in
            try database.alter(table: "events") { table in table.add(column: "excluded_reason", .text) }
        }
        // A token whose key has a tries counter shows the count only when it refuses an
        // authentication: the last count seen per token, so that a later run can stop in time.
        migrator.registerMigration("v4 authentication tries") { database in
            try database.create(table: "authentication_tries") { table in
                table.primaryKey("token", .text)
                table.column("tries_left", .integer)
                table.column("seen", .double).notNull()
            }
        }
        return migrator
    }

    private static func columns(_ queue: DatabaseQueue) throws -> String {
        let names = try queue.read { try $0.columns(in: "events").map(\.name) }
        return "id, token, kind, time, offset, uncertainty, reference, host_offset, method, "
            + (names.contains("excluded_reason") ? "excluded_reason" : "NULL AS excluded_reason")
    }

    @discardableResult
    public func record(_ event: HistoryEvent) throws(Failure) -> HistoryEvent {
        do {
            return try queue.write { database in
                var stored = event
                try stored.insert(database)
                return stored
            }
        } catch {
            throw Self.classify(error, path: path)
        }
    }

    /// Records many events in one transaction (a generated or imported history).
    public func record(_ events: [HistoryEvent]) throws(Failure) {
        do {
            try queue.write { database in
                for event in events {
                    var stored = event
                    try stored.insert(database)
                }
            }
        } catch {
            throw Self.classify(error, path: path)
        }
    }

    /// Records the tries a refused authentication left (nil: the token did not say).
    public func recordTriesLeft(token: String, triesLeft: Int?, time: Double) throws(Failure) {
        do {
            try queue.write { database in
                try database.execute(sql: "INSERT OR REPLACE INTO authentication_tries (token, tries_left, seen) VALUES (?, ?, ?)",
                                     arguments: [token, triesLeft, time])
            }
        } catch {
            throw Self.classify(error, path: path)
        }
    }

    /// Forgets the count after a successful authentication (which restores the counter).
    public func clearTriesLeft(token: String) throws(Failure) {
        do {
            try queue.write { database in try database.execute(sql: "DELETE FROM authentication_tries WHERE token = ?", arguments: [token]) }
        } catch {
            throw Self.classify(error, path: path)
        }
    }

    /// The last count of tries left recorded for a token: nil when none was, 0 when a refusal did
    /// not say (the worst that can be assumed).
    public func lastTriesLeft(token: String) throws(Failure) -> Int? {
        do {
            return try queue.read { database in
                guard try database.tableExists("authentication_tries"),
                      let row = try Row.fetchOne(database, sql: "SELECT tries_left FROM authentication_tries WHERE token = ?", arguments: [token])
                else { return nil }
                return (row["tries_left"] as Int?) ?? 0
            }
        } catch {
            throw Self.classify(error, path: path)
        }
    }

    /// Events oldest first, for one token or all.
    public func events(token: String? = nil) throws(Failure) -> [HistoryEvent] {
        do {
            return try queue.read { database in
                let filter = token == nil ? "" : " WHERE token = ?"
                return try HistoryEvent.fetchAll(database, sql: "SELECT \(columns) FROM events\(filter) ORDER BY time, id",
                                                 arguments: StatementArguments(token.map { [$0] } ?? []))
            }
        } catch {
            throw Self.classify(error, path: path)
        }
    }

    /// Every token with at least one event, sorted.
    public func tokens() throws(Failure) -> [String] {
        do {
            return try queue.read { database in
                try String.fetchAll(database, sql: "SELECT DISTINCT token FROM events ORDER BY token")
            }
        } catch {
            throw Self.classify(error, path: path)
        }
    }

    /// Throws `.unknownToken` (listing the tokens there are) when the history holds nothing for `token`.
    public func requireToken(_ token: String) throws(Failure) {
        let known = try tokens()
        guard known.contains(token) else { throw .unknownToken(token: token, path: path, known: known) }
    }

    /// The last sync of `token` (if any) and the measurements after it: what a drift fit uses
    /// (measurements a person excluded are left out).
    public func sinceLastSync(token: String) throws(Failure) -> (sync: HistoryEvent?, measurements: [HistoryEvent], excluded: [HistoryEvent]) {
        Self.sinceLastSync(try events(token: token))
    }

    /// Takes a measurement out of every fit, keeping it and the reason; a nil reason puts it back.
    @discardableResult
    public func exclude(id: Int64, reason: String?) throws(Failure) -> HistoryEvent {
        do {
            return try queue.write { database in
                try database.execute(sql: "UPDATE events SET excluded_reason = ? WHERE id = ? AND kind = 'measurement'",
                                     arguments: [reason, id])
                guard database.changesCount == 1,
                      let event = try HistoryEvent.fetchOne(database, sql: "SELECT \(columns) FROM events WHERE id = ?", arguments: [id]) else {
                    throw Failure.unknownMeasurement(id: id, path: path)
                }
                return event
            }
        } catch {
            throw Self.classify(error, path: path)
        }
    }

    /// What a drift fit uses, for every token in one read: the whole fleet at once.
    /// Tokens come sorted. The events are read in storage order and grouped here: sorting half a
    /// million rows by token inside SQLite took longer than the rest of `skew fleet` together.
    public func sinceLastSyncOfEveryToken() throws(Failure) -> [(token: String, sync: HistoryEvent?, measurements: [HistoryEvent])] {
        var byToken: [String: [HistoryEvent]] = [:]
        do {
            try queue.read { database in
                let events = try HistoryEvent.fetchCursor(database, sql: "SELECT \(columns) FROM events")
                while let event = try events.next() { byToken[event.token, default: []].append(event) }
            }
        } catch {
            throw Self.classify(error, path: path)
        }
        return byToken.sorted { $0.key < $1.key }.map { token, events in
            let inOrder = zip(events, events.dropFirst()).allSatisfy { ($0.time, $0.id ?? 0) <= ($1.time, $1.id ?? 0) }
            let (sync, measurements, _) = Self.sinceLastSync(inOrder ? events : events.sorted { ($0.time, $0.id ?? 0) < ($1.time, $1.id ?? 0) })
            return (token, sync, measurements)
        }
    }

    /// The last sync among one token's events (oldest first), the measurements after it that count,
    /// and those a person excluded.
    private static func sinceLastSync(_ all: [HistoryEvent]) -> (sync: HistoryEvent?, measurements: [HistoryEvent], excluded: [HistoryEvent]) {
        let lastSync = all.lastIndex { $0.kind == .sync }
        let after = (lastSync.map { Array(all[($0 + 1)...]) } ?? all).filter { $0.kind == .measurement }
        return (lastSync.map { all[$0] }, after.filter { $0.excludedReason == nil }, after.filter { $0.excludedReason != nil })
    }

    private static func classify(_ error: Error, path: String) -> Failure {
        if let failure = error as? Failure { return failure }
        if let database = error as? DatabaseError {
            switch database.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: return .locked(path: path)
            case .SQLITE_NOTADB, .SQLITE_CORRUPT: return .corrupt(path: path, reason: database.message ?? "\(database.resultCode)")
            default: return .cannotOpen(path: path, reason: database.message ?? "\(database.resultCode)")
            }
        }
        return .cannotOpen(path: path, reason: "\(error)")
    }
}
