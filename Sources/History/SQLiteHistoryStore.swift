import Foundation
import GRDB

/// The history in an SQLite file: one station's own, the default.
///
/// The store never recreates or overwrites a database it cannot read: a corrupt or foreign file is
/// reported and left as it is, so no stored data is lost. Opened for reading, it creates nothing: a
/// mistyped path is reported, not answered with a new empty database. A file migrated by a newer
/// skew (a migration this one does not know) is refused before anything is written.
public final class SQLiteHistoryStore: HistoryStore {
    public let path: String
    public var location: String { path }
    private let queue: DatabaseQueue
    /// The columns `HistoryEvent.init(row:)` reads, in its order; a history from before exclusions
    /// or identities (opened read-only, so not migrated) reads NULL for the reason and '' for the uid.
    private let columns: String

    /// `$XDG_DATA_HOME/skew/history.sqlite`, falling back to `~/.local/share/skew/history.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/skew/history.sqlite" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/skew/history.sqlite"
    }

    /// Opens the history for recording, creating the folder and the database when they are missing.
    public init(path: String) throws(HistoryFailure) {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            var configuration = Configuration()
            configuration.busyMode = .timeout(2)
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.read { database in try Self.refuseNewer(database, path: path) }
            try Self.migrator.migrate(queue)
            try queue.write(Self.giveIdentities)
            columns = try Self.columns(queue)
        } catch {
            throw Self.classify(error, path: path)
        }
    }

    /// Opens an existing history to change it (migrating it when needed); nothing is created.
    public convenience init(updatingAt path: String) throws(HistoryFailure) {
        guard FileManager.default.fileExists(atPath: path) else { throw .missing(location: path) }
        try self.init(path: path)
    }

    /// Opens an existing history read-only: nothing is created, migrated or written.
    public init(readingAt path: String) throws(HistoryFailure) {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else { throw .missing(location: path) }
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(2)
            configuration.readonly = true
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.read { database in
                guard try database.tableExists("events") else {
                    throw HistoryFailure.corrupt(location: path, reason: "it is an SQLite database without skew's events table")
                }
                try Self.refuseNewer(database, path: path)
            }
            columns = try Self.columns(queue)
        } catch {
            throw Self.classify(error, path: path)
        }
    }

    /// The schema versions, oldest first; a file's version is how many of them it has applied.
    /// Never change or reorder one that has shipped: add a new one at the end (docs/design.md, "History").
    static var migrator: DatabaseMigrator {
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
        // Every event gets its identity (HistoryEvent.uid); rows recorded before get a new random one.
        migrator.registerMigration("v5 event identities") { database in
            try database.alter(table: "events") { table in table.add(column: "uid", .text) }
            try database.create(index: "events_on_uid", on: "events", columns: ["uid"], options: .unique)
            try giveIdentities(database)
        }
        return migrator
    }

    /// Gives every event without a uid a new one: the rows from before version 5, and rows a skew
    /// from before identities wrote into a migrated file (it passes over migrations it does not know).
    /// The unique index finds them without a scan.
    private static func giveIdentities(_ database: Database) throws {
        let ids = try Int64.fetchAll(database, sql: "SELECT id FROM events WHERE uid IS NULL")
        let update = try database.makeStatement(sql: "UPDATE events SET uid = ? WHERE id = ?")
        for id in ids { try update.execute(arguments: [HistoryEvent.newUID(), id]) }
    }

    /// The schema version this skew writes.
    public static var schemaVersion: Int { migrator.migrations.count }

    /// Refuses a file with a migration this skew does not know: GRDB's migrator would pass over it.
    private static func refuseNewer(_ database: Database, path: String) throws(HistoryFailure) {
        do {
            guard try migrator.hasBeenSuperseded(database) else { return }
            throw HistoryFailure.newerSchema(location: path, found: try migrator.appliedIdentifiers(database).count, known: schemaVersion)
        } catch {
            throw classify(error, path: path)
        }
    }

    private static func columns(_ queue: DatabaseQueue) throws -> String {
        let names = try queue.read { try $0.columns(in: "events").map(\.name) }
        return "id, " + (names.contains("uid") ? "ifnull(uid, '') AS uid" : "'' AS uid") + ", token, kind, time, offset, uncertainty, reference, host_offset, method, "
            + (names.contains("excluded_reason") ? "excluded_reason" : "NULL AS excluded_reason")
    }

    @discardableResult
    public func record(_ event: HistoryEvent) throws(HistoryFailure) -> HistoryEvent {
        try write { database in try Self.insert(event, into: database) }
    }

    public func record(_ events: [HistoryEvent]) throws(HistoryFailure) {
        try write { database in
            for event in events { try Self.insert(event, into: database) }
        }
    }

    /// Inserts under a new id of this store's own (an event from another store brings its id along).
    @discardableResult
    private static func insert(_ event: HistoryEvent, into database: Database) throws -> HistoryEvent {
        var stored = event
        stored.id = nil
        try stored.insert(database)
        return stored
    }

    @discardableResult
    public func recordMissing(_ events: [HistoryEvent]) throws(HistoryFailure) -> Int {
        try write { database in
            var added = 0
            for event in events {
                var stored = event
                stored.id = nil
                try stored.insert(database, onConflict: .ignore)
                added += database.changesCount
            }
            return added
        }
    }

    public func recordTriesLeft(token: String, triesLeft: Int?, time: Double) throws(HistoryFailure) {
        try write { database in
            try database.execute(sql: "INSERT OR REPLACE INTO authentication_tries (token, tries_left, seen) VALUES (?, ?, ?)",
                                 arguments: [token, triesLeft, time])
        }
    }

    public func clearTriesLeft(token: String) throws(HistoryFailure) {
        try write { database in try database.execute(sql: "DELETE FROM authentication_tries WHERE token = ?", arguments: [token]) }
    }

    public func lastTriesLeft(token: String) throws(HistoryFailure) -> Int? {
        try read { database in
            guard try database.tableExists("authentication_tries"),
                  let row = try Row.fetchOne(database, sql: "SELECT tries_left FROM authentication_tries WHERE token = ?", arguments: [token])
            else { return nil }
            return (row["tries_left"] as Int?) ?? 0
        }
    }

    public func triesLeftRecords() throws(HistoryFailure) -> [TriesLeftRecord] {
        try read { database in
            guard try database.tableExists("authentication_tries") else { return [] }
            return try Row.fetchAll(database, sql: "SELECT token, tries_left, seen FROM authentication_tries ORDER BY token").map {
                TriesLeftRecord(token: $0[0], triesLeft: $0[1], seen: $0[2])
            }
        }
    }

    public func events(token: String?) throws(HistoryFailure) -> [HistoryEvent] {
        try read { database in
            let filter = token == nil ? "" : " WHERE token = ?"
            return try HistoryEvent.fetchAll(database, sql: "SELECT \(columns) FROM events\(filter) ORDER BY time, id",
                                             arguments: StatementArguments(token.map { [$0] } ?? []))
        }
    }

    public func tokens() throws(HistoryFailure) -> [String] {
        try read { database in try String.fetchAll(database, sql: "SELECT DISTINCT token FROM events ORDER BY token") }
    }

    @discardableResult
    public func exclude(id: Int64, reason: String?) throws(HistoryFailure) -> HistoryEvent {
        try write { database in
            try database.execute(sql: "UPDATE events SET excluded_reason = ? WHERE id = ? AND kind = 'measurement'",
                                 arguments: [reason, id])
            guard database.changesCount == 1,
                  let event = try HistoryEvent.fetchOne(database, sql: "SELECT \(columns) FROM events WHERE id = ?", arguments: [id]) else {
                throw HistoryFailure.unknownMeasurement(id: id, location: path)
            }
            return event
        }
    }

    /// The events are read in storage order and grouped in Swift: sorting half a million rows by
    /// token inside SQLite took longer than the rest of `skew fleet` together.
    public func sinceLastSyncOfEveryToken() throws(HistoryFailure) -> [HistorySplit] {
        HistorySplit.everyToken(try read { database in try HistoryEvent.fetchAll(database, sql: "SELECT \(columns) FROM events") })
    }

    private func read<T>(_ body: (Database) throws -> T) throws(HistoryFailure) -> T {
        do { return try queue.read(body) } catch { throw Self.classify(error, path: path) }
    }

    private func write<T>(_ body: (Database) throws -> T) throws(HistoryFailure) -> T {
        do { return try queue.write(body) } catch { throw Self.classify(error, path: path) }
    }

    private static func classify(_ error: Error, path: String) -> HistoryFailure {
        if let failure = error as? HistoryFailure { return failure }
        if let database = error as? DatabaseError {
            switch database.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: return .locked(location: path)
            case .SQLITE_READONLY: return .readOnly(location: path, reason: database.message ?? "read-only")
            case .SQLITE_CONSTRAINT where database.message?.contains("events.uid") == true:
                return .alreadyRecorded(location: path)
            case .SQLITE_NOTADB, .SQLITE_CORRUPT: return .corrupt(location: path, reason: database.message ?? "\(database.resultCode)")
            default: return .cannotOpen(location: path, reason: database.message ?? "\(database.resultCode)")
            }
        }
        return .cannotOpen(location: path, reason: "\(error)")
    }
}
