@testable import History
import Testing

/// The .pgpass lines libpq would pick, picked the same way.
@Suite struct PostgresPasswordTests {
    private let endpoint = try! PostgresEndpoint(url: "postgres://ops@db.example:6543/fleet")

    @Test func firstMatchingLineWinsWithWildcardsAndEscapes() {
        let file = """
            # comment: db.example:6543:fleet:ops:not-this
            other.example:6543:fleet:ops:wrong-host
            db.example:5432:fleet:ops:wrong-port
            db.example:6543:*:ops:pa\\:ss\\\\word
            *:*:*:*:fallback
            """
        #expect(PostgresPassword.match(file, endpoint: endpoint) == "pa:ss\\word")
        #expect(PostgresPassword.match("*:*:*:*:fallback\ndb.example:6543:fleet:ops:later", endpoint: endpoint) == "fallback")
        #expect(PostgresPassword.match("db.example:6543:fleet:someone-else:x", endpoint: endpoint) == nil)
    }

    @Test func socketMatchesLocalhost() throws {
        let socket = try PostgresEndpoint(url: "postgres://ops@/fleet?host=/run/postgresql")
        #expect(PostgresPassword.match("localhost:5432:fleet:ops:local", endpoint: socket) == "local")
    }

    @Test func environmentComesFirst() {
        let lookup = PostgresPassword(for: endpoint, environment: ["PGPASSWORD": "from-env", "PGPASSFILE": "/nonexistent"])
        #expect(lookup.password == "from-env" && lookup.source == "PGPASSWORD")
    }
}
