import Foundation
import History
import OTPCore
import TestSupport
import Testing

/// What only the shared database has: its schema version, the login, TLS and the server's absence.
/// psql, an independent client, checks what skew left in the database.
@Suite struct PostgresHistoryStoreTests {
    private func store(_ database: PostgresTestDatabase, query: String = "", environment: [String: String]? = nil,
                       reading: Bool = false) throws -> any HistoryStore {
        let location = try HistoryLocation(database.url + query)
        return reading ? try location.openForReading(environment: environment ?? database.environment)
            : try location.openForRecording(environment: environment ?? database.environment)
    }

    private func skewTables(_ database: PostgresTestDatabase) throws -> String {
        try database.psql("SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE tablename LIKE 'skew%'")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// An empty database (the oldest state there is) is brought to the current version on first use, once.
    @Test func emptyDatabaseIsMigratedOnFirstUse() throws {
        let database = try PostgresTestServer.shared().freshDatabase()
        #expect(try skewTables(database) == "")
        #expect(throws: HistoryFailure.missing(location: try HistoryLocation(database.url).description)) {
            try store(database, reading: true)
        }
        #expect(try skewTables(database) == "", "reading created nothing")
        try store(database).record(event("T", .measurement, 10))
        #expect(try skewTables(database) == "skew_authentication_tries,skew_events,skew_schema_version")
        _ = try store(database)
        #expect(try database.psql("SELECT string_agg(version::text, ',') FROM skew_schema_version").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        #expect(try store(database, reading: true).events().count == 1)
    }

    /// Eight stations opening a new database at once: one migrates, none fails, one version row.
    @Test func simultaneousFirstUseMigratesOnce() throws {
        let database = try PostgresTestServer.shared().freshDatabase()
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            do { try store(database).record(event("T\(index)", .measurement, Double(index))) } catch { failures.add(error) }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        #expect(try database.psql("SELECT count(*) FROM skew_schema_version").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        #expect(try store(database).tokens().count == 8)
    }

    /// A database a newer skew migrated is refused for recording and for reading, and left as it was.
    @Test func newerSchemaIsRefusedAndLeftUntouched() throws {
        let database = try PostgresTestServer.shared().freshDatabase()
        try store(database).record(event("T", .measurement, 10))
        try database.psql("UPDATE skew_schema_version SET version = 99")
        let refusal = HistoryFailure.newerSchema(location: try HistoryLocation(database.url).description, found: 99, known: 1)
        #expect(throws: refusal) { try store(database) }
        #expect(throws: refusal) { try store(database, reading: true) }
        #expect("\(refusal)".contains("newer skew"))
        #expect(try database.psql("SELECT version FROM skew_schema_version").trimmingCharacters(in: .whitespacesAndNewlines) == "99")
        #expect(try database.psql("SELECT count(*) FROM skew_events").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    /// A user allowed only to read uses a database at this version: opening it writes nothing, and
    /// a write is refused as read-only.
    @Test func readOnlyUserReadsAndIsRefusedWrites() throws {
        let database = try PostgresTestServer.shared().freshDatabase()
        try store(database).record(event("T", .measurement, 10))
        let role = "reader_" + database.name
        try database.psql("CREATE ROLE \(role) LOGIN PASSWORD 'read-only-pw'")
        defer { _ = try? database.psql("DROP OWNED BY \(role); DROP ROLE \(role)") }
        try database.psql("GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(role)")
        let url = database.url.replacingOccurrences(of: "//skew@", with: "//\(role)@")
        let reader = try HistoryLocation(url).openForReading(environment: ["PGPASSWORD": "read-only-pw"])
        #expect(try reader.events().count == 1)
        #expect {
            try reader.record(event("T", .measurement, 20))
        } throws: { error in
            guard case .readOnly(_, let reason) = error as? HistoryFailure else { return false }
            return reason.contains("permission denied")
        }
        #expect(try database.psql("SELECT count(*) FROM skew_events").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    /// `?host=/FOLDER` connects through the server's Unix socket, and a .pgpass line for
    /// `localhost` gives its password, as libpq does.
    @Test func unixSocketWithLocalhostPasswordLine() throws {
        let server = try PostgresTestServer.shared()
        let socket = try #require(server.socketFolder, "the test server names no socket folder (SKEW_TEST_POSTGRES_SOCKET)")
        let database = try server.freshDatabase()
        let tcp = try #require(URLComponents(string: database.url))
        let line = try String(contentsOfFile: try #require(database.environment["PGPASSFILE"]), encoding: .utf8)
        let password = try #require(line.split(separator: ":").last).trimmingCharacters(in: .whitespacesAndNewlines)
        let folder = try TemporaryFolder("pgpass-socket")
        let file = try folder.write("pgpass", "localhost:\(try #require(tcp.port)):*:skew:\(password)\n")
        chmod(file, 0o600)
        let url = "postgres://skew@:\(try #require(tcp.port))/\(database.name)?host=\(socket)"
        let store = try HistoryLocation(url).openForRecording(environment: ["PGPASSFILE": file])
        try store.record(event("T", .measurement, 10))
        #expect(try database.psql("SELECT count(*) FROM skew_events").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        #expect(store.location.hasPrefix("postgres://skew@:\(try #require(tcp.port))/\(database.name)?host=\(socket)"), "\(store.location)")
    }

    /// Nothing listens: the error names the server and says it is unavailable.
    @Test func noServerIsUnavailableNamingHostAndPort() throws {
        let socket = try LoopbackSocket()   // bound, not listening: connections are refused
        let port = socket.port
        let location = try HistoryLocation("postgres://skew@127.0.0.1:\(port)/skew?connect_timeout=2")
        #expect {
            try location.openForRecording(environment: [:])
        } throws: { error in
            guard case .serverUnavailable(let server, _) = error as? HistoryFailure else { return false }
            return server == "127.0.0.1:\(port)" && "\(error)".contains("127.0.0.1:\(port): the shared history server is unavailable")
        }
    }

    /// A wrong password is a refused login whose message holds no password; a password file anyone
    /// can read is passed over, as libpq does, and the message says how to fix its mode.
    @Test func loginRefusalsNameTheCauseAndNeverThePassword() throws {
        let database = try PostgresTestServer.shared().freshDatabase()
        let folder = try TemporaryFolder("pgpass")
        #expect {
            try store(database, environment: ["PGPASSWORD": "not-the-Password-42", "PGPASSFILE": folder.file("none").path])
        } throws: { error in
            guard case .loginRefused = error as? HistoryFailure else { return false }
            return !"\(error)".contains("not-the-Password-42") && "\(error)".contains("password authentication failed")
        }
        let real = try String(contentsOfFile: try #require(database.environment["PGPASSFILE"]), encoding: .utf8)
        let open = try folder.write("pgpass", real)
        chmod(open, 0o644)
        #expect {
            try store(database, environment: ["PGPASSFILE": open, "HOME": folder.path])
        } throws: { error in
            guard case .loginRefused(_, let reason) = error as? HistoryFailure else { return false }
            return reason.contains("asks for a password") && reason.contains("its mode is 644") && reason.contains("chmod 600 \(open)")
                && !"\(error)".contains(real.split(separator: ":").last.map(String.init) ?? "?")
        }
        chmod(open, 0o600)
        #expect(try store(database, environment: ["PGPASSFILE": open]).tokens() == [], "the same file at 0600 logs in")
    }

    /// sslmode=verify-full trusts the server only with its authority in sslrootcert; the connection
    /// really is encrypted (pg_stat_ssl, read through psql), and without TLS it is not.
    @Test func tlsFollowsSSLMode() throws {
        let server = try PostgresTestServer.shared()
        let certificate = try #require(server.rootCertificate, "the test server has no TLS certificate (SKEW_TEST_POSTGRES_ROOTCERT)")
        let database = try server.freshDatabase()
        func encryptedSessions() throws -> String {
            try database.psql("SELECT count(*) FROM pg_stat_ssl JOIN pg_stat_activity USING (pid) WHERE datname = current_database() AND ssl AND pid <> pg_backend_pid()")
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        do {
            let verified = try store(database, query: "?sslmode=verify-full&sslrootcert=\(certificate)")
            #expect(try verified.tokens() == [])
            #expect(try encryptedSessions() == "1")
        }
        do {
            let plain = try store(database, query: "?sslmode=disable")
            #expect(try plain.tokens() == [])
            #expect(try encryptedSessions() == "0")
        }
        #expect {
            try store(database, query: "?sslmode=verify-full")
        } throws: { error in
            guard case .serverUnavailable = error as? HistoryFailure else { return false }
            return "\(error)".contains("TLS") || "\(error)".lowercased().contains("certificate")
        }
    }

}

/// Errors collected from several threads.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [Error] = []
    func add(_ error: Error) { lock.withLock { errors.append(error) } }
    var all: [Error] { lock.withLock { errors } }
}
