import Foundation
import Logging
import PostgresNIO

/// The history in a PostgreSQL database that many stations share, through PostgresNIO.
///
/// One connection per store, opened at init; each call waits for its answer (docs/design.md,
/// "History", on why the protocol is synchronous). Every write is one transaction. The schema is
/// migrated on first use under an advisory lock; a database at a newer version is refused.
/// Nothing PostgresNIO logs reaches the terminal, and no message carries the password.
public final class PostgresHistoryStore: HistoryStore {
    public let endpoint: PostgresEndpoint
    public var location: String { endpoint.location }
    private let connection: PostgresConnection
    /// One call at a time on the connection: a transaction's statements must not interleave.
    private let lock = NSLock()
    private static let logger = Logger(label: "skew.history.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    private static let columns = "id, uid, token, kind, time, \"offset\", uncertainty, reference, host_offset, method, excluded_reason"
    /// How long a statement waits for another session's lock.
    static let lockTimeoutSeconds = 5
    private static let insertColumns = "uid, token, kind, time, \"offset\", uncertainty, reference, host_offset, method, excluded_reason"

    /// How the store is opened: `reading` creates no tables in a database without them (it is
    /// `.missing`), though it migrates an older schema.
    public enum Mode: Sendable { case recording, reading }

    /// Connects, logs in and brings the schema to this skew's version.
    public init(_ endpoint: PostgresEndpoint, mode: Mode = .recording,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(HistoryFailure) {
        self.endpoint = endpoint
        let password = PostgresPassword(for: endpoint, environment: environment)
        connection = try Self.connect(endpoint, password: password)
        do {
            try migrate(creating: mode == .recording)
        } catch {
            try? connection.close().wait()
            throw error
        }
    }

    /// Closes the connection and waits for it. No closure given to PostgresNIO may hold the store
    /// (`readEvents` decodes with a static function for that reason): a store released last on the
    /// connection's own event loop could not wait there, and NIO traps.
    deinit { try? connection.close().wait() }

    private static func connect(_ endpoint: PostgresEndpoint, password: PostgresPassword) throws(HistoryFailure) -> PostgresConnection {
        var configuration: PostgresConnection.Configuration
        if endpoint.isSocket {
            configuration = .init(unixSocketPath: endpoint.server, username: endpoint.user, password: password.password, database: endpoint.database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            do {
                tls = try Self.tls(endpoint)
            } catch {
                throw .cannotOpen(location: endpoint.location, reason: "TLS cannot be set up: \(error)")
            }
            configuration = .init(host: endpoint.host, port: endpoint.port, username: endpoint.user, password: password.password,
                                  database: endpoint.database, tls: tls)
        }
        configuration.options.connectTimeout = .seconds(Int64(endpoint.connectTimeoutSeconds))
        // A write behind another session's lock gives up (55P03, `.locked`) rather than waiting for
        // ever, so a recording command can keep its measurement in the spool and end.
        configuration.options.additionalStartupParameters = [("lock_timeout", "\(lockTimeoutSeconds)s")]
        do {
            return try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 1,
                                                  logger: logger).wait()
        } catch {
            throw classify(error, endpoint: endpoint, password: password)
        }
    }

    /// The TLS the URL's `sslmode` asks for; the certificate is checked only for verify-ca and verify-full.
    private static func tls(_ endpoint: PostgresEndpoint) throws -> PostgresConnection.Configuration.TLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch endpoint.tls {
        case .disable: return .disable
        case .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        if let root = endpoint.rootCertificate { configuration.trustRoots = .file(root) }
        let context = try NIOSSLContext(configuration: configuration)
        return endpoint.tls == .prefer ? .prefer(context) : .require(context)
    }

    /// Brings the schema to `PostgresSchema.version` in one transaction under the migration lock.
    /// A database already at this version is only read, so a user without CREATE can use it.
    /// Without `creating`, a database that holds no history is `.missing` and nothing is created.
    private func migrate(creating: Bool) throws(HistoryFailure) {
        let found = try schemaVersion()
        if found == nil && !creating { throw .missing(location: location) }
        if let found, found >= PostgresSchema.version {
            guard found == PostgresSchema.version else {
                throw .newerSchema(location: location, found: found, known: PostgresSchema.version)
            }
            return
        }
        try transaction {
            try query("SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLock))")
            try query(PostgresQuery(unsafeSQL: PostgresSchema.createVersionTable))
            // Read again under the lock: another station may have migrated meanwhile.
            let version = try schemaVersion()
            let current = version ?? 0
            guard current <= PostgresSchema.version else {
                throw HistoryFailure.newerSchema(location: location, found: current, known: PostgresSchema.version)
            }
            guard current < PostgresSchema.version else { return }
            for statement in PostgresSchema.migrations[current...].joined() { try query(PostgresQuery(unsafeSQL: statement)) }
            if version == nil {
                try query("INSERT INTO skew_schema_version (version) VALUES (\(PostgresSchema.version))")
            } else {
                try query("UPDATE skew_schema_version SET version = \(PostgresSchema.version)")
            }
        }
    }

    /// The version in `skew_schema_version`, nil when the table or its row is not there.
    private func schemaVersion() throws(HistoryFailure) -> Int? {
        let exists = try query("SELECT to_regclass('skew_schema_version') IS NOT NULL")
        guard let row = exists.first, try decode(row, as: Bool.self) else { return nil }
        return try query("SELECT version FROM skew_schema_version").first.map { row throws(HistoryFailure) in try decode(row, as: Int.self) }
    }

    @discardableResult
    public func record(_ event: HistoryEvent) throws(HistoryFailure) -> HistoryEvent {
        var stored = event
        stored.id = try transaction { try insert([event], skippingKnown: false).first }
        return stored
    }

    public func record(_ events: [HistoryEvent]) throws(HistoryFailure) {
        try transaction { _ = try insert(events, skippingKnown: false) }
    }

    @discardableResult
    public func recordMissing(_ events: [HistoryEvent]) throws(HistoryFailure) -> Int {
        try transaction { try insert(events, skippingKnown: true).count }
    }

    /// Inserts in statements of up to 4,000 rows (10 parameters each, under PostgreSQL's 65,535)
    /// and returns the ids of the rows added, in the order given.
    private func insert(_ events: [HistoryEvent], skippingKnown: Bool) throws(HistoryFailure) -> [Int64] {
        var ids: [Int64] = []
        for start in stride(from: 0, to: events.count, by: 4_000) {
            let chunk = events[start..<min(start + 4_000, events.count)]
            var binds = PostgresBindings(capacity: chunk.count * 10)
            var rows: [String] = []
            for (index, event) in chunk.enumerated() {
                let first = index * 10
                rows.append("(" + (1...10).map { "$\(first + $0)" }.joined(separator: ", ") + ")")
                binds.append(event.uid)
                binds.append(event.token)
                binds.append(event.kind.rawValue)
                binds.append(event.time)
                binds.append(event.offset)
                binds.append(event.uncertainty)
                binds.append(event.reference)
                binds.append(event.hostOffset)
                binds.append(event.method)
                binds.append(event.excludedReason)
            }
            let conflict = skippingKnown ? " ON CONFLICT (uid) DO NOTHING" : ""
            let sql = "INSERT INTO skew_events (\(Self.insertColumns)) VALUES \(rows.joined(separator: ", "))\(conflict) RETURNING id"
            ids += try each(try query(PostgresQuery(unsafeSQL: sql, binds: binds))) { row throws(HistoryFailure) in try decode(row, as: Int64.self) }
        }
        return ids
    }

    public func events(token: String?) throws(HistoryFailure) -> [HistoryEvent] {
        if let token {
            return try readEvents("SELECT \(unescaped: Self.columns) FROM skew_events WHERE token = \(token) ORDER BY time, id")
        }
        return try readEvents("SELECT \(unescaped: Self.columns) FROM skew_events ORDER BY time, id")
    }

    public func tokens() throws(HistoryFailure) -> [String] {
        try each(try locked { try query("SELECT DISTINCT token FROM skew_events ORDER BY token") }) { row throws(HistoryFailure) in
            try decode(row, as: String.self)
        }
    }

    @discardableResult
    public func exclude(id: Int64, reason: String?) throws(HistoryFailure) -> HistoryEvent {
        let rows = try transaction {
            try query("UPDATE skew_events SET excluded_reason = \(reason) WHERE id = \(id) AND kind = 'measurement' RETURNING \(unescaped: Self.columns)")
        }
        guard let row = rows.first else { throw HistoryFailure.unknownMeasurement(id: id, location: location) }
        return try Self.event(row, location: location)
    }

    public func sinceLastSyncOfEveryToken() throws(HistoryFailure) -> [HistorySplit] {
        HistorySplit.everyToken(try readEvents("SELECT \(unescaped: Self.columns) FROM skew_events"))
    }

    public func recordTriesLeft(token: String, triesLeft: Int?, time: Double) throws(HistoryFailure) {
        try transaction {
            try query("""
                INSERT INTO skew_authentication_tries (token, tries_left, seen) VALUES (\(token), \(triesLeft), \(time))
                ON CONFLICT (token) DO UPDATE SET tries_left = excluded.tries_left, seen = excluded.seen
                """)
        }
    }

    public func clearTriesLeft(token: String) throws(HistoryFailure) {
        try transaction { try query("DELETE FROM skew_authentication_tries WHERE token = \(token)") }
    }

    public func lastTriesLeft(token: String) throws(HistoryFailure) -> Int? {
        let rows = try locked { try query("SELECT tries_left FROM skew_authentication_tries WHERE token = \(token)") }
        guard let row = rows.first else { return nil }
        return try decode(row, as: Int?.self) ?? 0
    }

    public func triesLeftRecords() throws(HistoryFailure) -> [TriesLeftRecord] {
        let rows = try locked { try query("SELECT token, tries_left, seen FROM skew_authentication_tries ORDER BY token") }
        return try each(rows) { row throws(HistoryFailure) in
            do {
                let (token, triesLeft, seen) = try row.decode((String, Int?, Double).self)
                return TriesLeftRecord(token: token, triesLeft: triesLeft, seen: seen)
            } catch {
                throw .corrupt(location: location, reason: "a tries-left row is not as skew wrote it (\(String(reflecting: error)))")
            }
        }
    }

    // MARK: - Talking to the server

    /// Runs `body` alone on the connection. It throws only `HistoryFailure`s (the closures' typed
    /// throws are not inferred, hence the cast).
    private func locked<T>(_ body: () throws -> T) throws(HistoryFailure) -> T {
        lock.lock()
        defer { lock.unlock() }
        do { return try body() } catch { throw Self.asFailure(error, location: location) }
    }

    /// `transform` applied to every row (Array.map would lose the error's type).
    private func each<T>(_ rows: [PostgresRow], _ transform: (PostgresRow) throws(HistoryFailure) -> T) throws(HistoryFailure) -> [T] {
        var results: [T] = []
        results.reserveCapacity(rows.count)
        for row in rows { results.append(try transform(row)) }
        return results
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    @discardableResult
    private func transaction<T>(_ body: () throws -> T) throws(HistoryFailure) -> T {
        try locked {
            try query("BEGIN")
            do {
                let result = try body()
                try query("COMMIT")
                return result
            } catch {
                if !connection.isClosed { _ = try? query("ROLLBACK") }
                throw error
            }
        }
    }

    private static func asFailure(_ error: Error, location: String) -> HistoryFailure {
        (error as? HistoryFailure) ?? .cannotOpen(location: location, reason: "\(error)")
    }

    /// The events a SELECT of `columns` returns, decoded as the rows arrive: PostgresNIO's
    /// collect-every-row path copied its growing row buffer again and again, which took half of a
    /// fleet read (10,000 tokens × 50 measurements).
    private func readEvents(_ statement: PostgresQuery) throws(HistoryFailure) -> [HistoryEvent] {
        let collected = CollectedEvents()
        let location = location
        try locked {
            do {
                _ = try connection.query(statement, logger: Self.logger) { row in collected.events.append(try Self.event(row, location: location)) }.wait()
            } catch {
                throw Self.classify(error, endpoint: endpoint, password: nil)
            }
        }
        return collected.events
    }

    @discardableResult
    private func query(_ statement: PostgresQuery) throws(HistoryFailure) -> [PostgresRow] {
        // A query sent on a connection the server closed is never answered (PostgresNIO 1.33):
        // fail it here instead of waiting for ever.
        guard !connection.isClosed else { throw .serverUnavailable(server: endpoint.server, reason: "the connection closed") }
        do {
            return try connection.query(statement, logger: Self.logger).wait().rows
        } catch {
            throw Self.classify(error, endpoint: endpoint, password: nil)
        }
    }

    private func decode<T: PostgresDecodable>(_ row: PostgresRow, as type: T.Type) throws(HistoryFailure) -> T {
        do { return try row.decode(T.self) } catch {
            throw .corrupt(location: location, reason: "a value is not of the type skew wrote (\(String(reflecting: error)))")
        }
    }

    private static func event(_ row: PostgresRow, location: String) throws(HistoryFailure) -> HistoryEvent {
        do {
            let (id, uid, token, kind, time, offset, uncertainty, reference, hostOffset, method, excludedReason) =
                try row.decode((Int64, String, String, String, Double, Double, Double, String, Double?, String, String?).self)
            guard let kind = HistoryEvent.Kind(rawValue: kind) else {
                throw HistoryFailure.corrupt(location: location, reason: "event \(id) has an unknown kind")
            }
            return HistoryEvent(id: id, uid: uid, token: token, kind: kind, time: time, offset: offset, uncertainty: uncertainty,
                                reference: reference, hostOffset: hostOffset, method: method, excludedReason: excludedReason)
        } catch let failure as HistoryFailure {
            throw failure
        } catch {
            throw .corrupt(location: location, reason: "an event row is not as skew wrote it (\(String(reflecting: error)))")
        }
    }

    /// What went wrong, in `HistoryFailure`'s terms. Only the server's own message and the
    /// connection error are quoted: neither holds the password.
    private static func classify(_ error: Error, endpoint: PostgresEndpoint, password: PostgresPassword?) -> HistoryFailure {
        if let failure = error as? HistoryFailure { return failure }
        guard let error = error as? PSQLError else {
            return .serverUnavailable(server: endpoint.server, reason: "\(error)")
        }
        let message = error.serverInfo?[.message] ?? ""
        switch error.code {
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
            let cause = error.underlying.map { "\($0)" } ?? "the connection closed"
            return .serverUnavailable(server: endpoint.server, reason: cause)
        case .sslUnsupported:
            return .serverUnavailable(server: endpoint.server, reason: "the server does not offer TLS, which sslmode=\(endpoint.tls.rawValue) requires")
        case .failedToAddSSLHandler:
            return .serverUnavailable(server: endpoint.server, reason: "TLS could not be started: \(error.underlying.map { "\($0)" } ?? "")")
        case .authMechanismRequiresPassword:
            let note = password?.note.map { "; \($0)" } ?? ""
            return .loginRefused(location: endpoint.location,
                                 reason: "the server asks for a password and none was found in PGPASSWORD, PGPASSFILE or ~/.pgpass\(note)")
        case .server:
            break
        default:
            return .cannotOpen(location: endpoint.location, reason: "\(error.code)")
        }
        switch error.serverInfo?[.sqlState] ?? "" {
        case "28P01", "28000":
            let from = password?.source.map { " (password from \($0))" } ?? ""
            return .loginRefused(location: endpoint.location, reason: message + from)
        case "3D000":
            return .missing(location: endpoint.location)
        case "57P01", "57P02", "57P03", "53300":
            return .serverUnavailable(server: endpoint.server, reason: message)
        case "23505" where message.contains("uid"):
            return .alreadyRecorded(location: endpoint.location)
        case "42501", "25006":
            return .readOnly(location: endpoint.location, reason: message)
        case "55P03", "40001", "40P01":
            return .locked(location: endpoint.location)
        default:
            return .cannotOpen(location: endpoint.location, reason: message)
        }
    }
}

/// Events decoded on the connection's event loop, one row after another, and read by the caller
/// only once the query's future has completed (which orders the two): no lock is needed.
private final class CollectedEvents: @unchecked Sendable {
    var events: [HistoryEvent] = []
}
