import History
import OTPCore
import Testing

/// Reading a history URL: what it names, what it refuses, and that a password never comes back.
@Suite struct PostgresEndpointTests {
    @Test func readsEveryPartWithLibpqDefaults() throws {
        let full = try PostgresEndpoint(url: "postgresql://ops@db.example:6543/fleet?sslmode=verify-full&sslrootcert=/etc/ca.pem&connect_timeout=3")
        #expect(full.host == "db.example" && full.port == 6543 && full.user == "ops" && full.database == "fleet")
        #expect(full.tls == .verifyFull && full.rootCertificate == "/etc/ca.pem" && full.connectTimeoutSeconds == 3)
        #expect(full.server == "db.example:6543")
        #expect(full.location == "postgres://ops@db.example:6543/fleet?sslmode=verify-full&sslrootcert=/etc/ca.pem")

        let bare = try PostgresEndpoint(url: "postgres://db.example", environment: ["PGUSER": "station"])
        #expect(bare.port == 5432 && bare.user == "station" && bare.database == "station" && bare.tls == .prefer)

        let socket = try PostgresEndpoint(url: "postgres://ops@/fleet?host=/run/postgresql")
        #expect(socket.isSocket && socket.server == "/run/postgresql/.s.PGSQL.5432")
    }

    @Test(arguments: ["postgres://ops:hunter2@db.example/fleet", "postgres://ops@db.example/fleet?password=hunter2"])
    func passwordIsRefusedAndNotRepeated(url: String) {
        #expect {
            try PostgresEndpoint(url: url)
        } throws: { error in
            guard let error = error as? InputError else { return false }
            return !"\(error)".contains("hunter2") && error.problem.contains("password") && error.fix.contains(".pgpass")
        }
    }

    @Test(arguments: ["postgres://db.example/fleet?sslmode=on", "postgres://db.example/fleet?sslcert=x.pem",
                      "postgres://db.example/fleet?connect_timeout=0", "postgres:///fleet", "postgres://db.example/a/b"])
    func mistakesAreRefusedNotIgnored(url: String) {
        #expect(throws: InputError.self) { try PostgresEndpoint(url: url) }
    }

    @Test func locationPicksTheStore() throws {
        #expect(try HistoryLocation("/var/lib/skew/history.sqlite") == .file("/var/lib/skew/history.sqlite"))
        #expect(try HistoryLocation(nil, environment: ["HOME": "/h"]) == .file("/h/.local/share/skew/history.sqlite"))
        guard case .postgres(let endpoint) = try HistoryLocation("postgresql://ops@db.example/fleet") else {
            Issue.record("a postgresql:// URL is a shared database")
            return
        }
        #expect(endpoint.database == "fleet")
    }
}
