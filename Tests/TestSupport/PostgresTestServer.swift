import Foundation

/// A real PostgreSQL 15 server for the history tests: the one `SKEW_TEST_POSTGRES_URL` names
/// (`scripts/test` starts one for the whole run and exports its password file as PGPASSFILE), else
/// a private one started on first use in this test process and stopped by PID when it exits.
///
/// The private server runs Debian's binaries (package `postgresql`) in a temporary folder, on a
/// free port of 127.0.0.1 and its own socket folder, as the `postgres` user when the tests run as
/// root. It asks for a password (scram-sha-256), so the tests go through skew's password handling.
public final class PostgresTestServer: @unchecked Sendable {
    /// `postgres://USER@HOST:PORT` without a database or password.
    public let baseURL: String
    /// PGPASSFILE (and PGPASSWORD, if the caller had it) for skew and psql to log in.
    public let environment: [String: String]
    /// The server's TLS certificate (self-signed, for 127.0.0.1), to trust in sslrootcert; from
    /// SKEW_TEST_POSTGRES_ROOTCERT for a server named by SKEW_TEST_POSTGRES_URL.
    public let rootCertificate: String?
    /// The folder of the server's Unix socket; from SKEW_TEST_POSTGRES_SOCKET for a server named by SKEW_TEST_POSTGRES_URL.
    public let socketFolder: String?
    /// The postmaster's PID, for a private server (nil for one named by SKEW_TEST_POSTGRES_URL).
    public private(set) var pid: pid_t?
    /// The postmaster's command line, for `restart()` after `killByPID()`.
    private var launch: (tool: String, arguments: [String])?
    private let folder: String?

    /// The server the tests share; started at the first call.
    public static func shared() throws -> PostgresTestServer {
        try sharedServer.get()
    }

    private static let sharedServer: Result<PostgresTestServer, Error> = Result {
        let server: PostgresTestServer
        if let url = ProcessInfo.processInfo.environment["SKEW_TEST_POSTGRES_URL"], !url.isEmpty {
            server = try PostgresTestServer(external: url)
        } else {
            server = try PostgresTestServer()
            sharedPID = server.pid ?? 0
            sharedFolder = server.folder ?? ""
            atexit {
                if PostgresTestServer.sharedPID > 0 { PostgresTestServer.stop(pid: PostgresTestServer.sharedPID) }
                try? FileManager.default.removeItem(atPath: PostgresTestServer.sharedFolder)
            }
        }
        return server
    }
    nonisolated(unsafe) private static var sharedPID: pid_t = 0
    nonisolated(unsafe) private static var sharedFolder = ""

    private init(external url: String) throws {
        var environment: [String: String] = [:]
        for name in ["PGPASSFILE", "PGPASSWORD"] { environment[name] = ProcessInfo.processInfo.environment[name] }
        baseURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.environment = environment
        rootCertificate = ProcessInfo.processInfo.environment["SKEW_TEST_POSTGRES_ROOTCERT"]
        socketFolder = ProcessInfo.processInfo.environment["SKEW_TEST_POSTGRES_SOCKET"]
        pid = nil
        folder = nil
    }

    /// Starts a private server of its own (callers other than `shared()` stop it with `stop()`).
    /// `synchronousCommit` makes a commit wait for its WAL write, so a server killed after
    /// acknowledging it keeps it (the default, off, is faster and loses such commits: what the
    /// tests that kill the server must not allow).
    public init(synchronousCommit: Bool = false) throws {
        let bin = "/usr/lib/postgresql/15/bin"
        guard FileManager.default.isExecutableFile(atPath: "\(bin)/postgres") else {
            throw Failure("\(bin)/postgres is missing: install the Debian package postgresql (scripts/install-deps does)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skew-postgres-\(UUID().uuidString)").path
        let asPostgres = getuid() == 0
        try FileManager.default.createDirectory(atPath: folder + "/socket", withIntermediateDirectories: true)
        let password = UUID().uuidString
        try password.write(toFile: folder + "/password", atomically: false, encoding: .utf8)
        // TLS is on, so that sslmode=verify-full can be tested against a certificate made out to 127.0.0.1.
        try Self.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                                          "-keyout", folder + "/server.key", "-out", folder + "/server.crt", "-days", "2",
                                          "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"])
        chmod(folder + "/server.key", 0o600)
        if asPostgres {
            try Self.run("/bin/chown", ["-R", "postgres:postgres", folder])
            chmod(folder, 0o700)
        }
        let wrap: (String, [String]) -> (String, [String]) = { tool, arguments in
            asPostgres ? ("/usr/sbin/runuser", ["-u", "postgres", "--", tool] + arguments) : (tool, arguments)
        }
        let (initTool, initArguments) = wrap("\(bin)/initdb", ["-D", folder + "/data", "-U", "skew", "--auth=scram-sha-256",
                                                              "--pwfile=\(folder)/password", "--no-sync", "--encoding=UTF8", "--locale=C"])
        try Self.run(initTool, initArguments)
        var started: (pid: pid_t, port: Int, launch: (tool: String, arguments: [String]))?
        for attempt in 0..<5 where started == nil {
            let port = Int.random(in: 20_000..<40_000)
            let (tool, arguments) = wrap("\(bin)/postgres", ["-D", folder + "/data", "-k", folder + "/socket", "-p", String(port),
                                                              "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                                                              "-c", "synchronous_commit=\(synchronousCommit ? "on" : "off")", "-c", "full_page_writes=off",
                                                              "-c", "ssl=on", "-c", "ssl_cert_file=\(folder)/server.crt",
                                                              "-c", "ssl_key_file=\(folder)/server.key"])
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
            // The server's log, for a failure's diagnosis; removed with the folder.
            _ = FileManager.default.createFile(atPath: folder + "/postgres.log", contents: nil)
            let log = FileHandle(forWritingAtPath: folder + "/postgres.log")
            process.standardOutput = log
            process.standardError = log
            try process.run()
            if let pid = Self.waitUntilReady(folder: folder + "/data", process: process) {
                started = (pid, port, (tool, arguments))
            } else if attempt == 4 {
                let log = (try? String(contentsOfFile: folder + "/postgres.log", encoding: .utf8)) ?? ""
                throw Failure("PostgreSQL did not start in \(folder)/data (five ports tried): \(log.suffix(2_000))")
            }
        }
        guard let started else { throw Failure("PostgreSQL did not start") }
        let passFile = folder + "/pgpass"
        try "127.0.0.1:\(started.port):*:skew:\(password)\n".write(toFile: passFile, atomically: false, encoding: .utf8)
        chmod(passFile, 0o600)
        try? FileManager.default.removeItem(atPath: folder + "/password")
        baseURL = "postgres://skew@127.0.0.1:\(started.port)"
        environment = ["PGPASSFILE": passFile]
        rootCertificate = folder + "/server.crt"
        socketFolder = folder + "/socket"
        pid = started.pid
        launch = started.launch
        self.folder = folder
    }

    /// Stops a private server at once by its PID (SIGQUIT, PostgreSQL's immediate shutdown: every
    /// connection is cut mid-statement), keeping its data for `restart()`.
    public func killByPID() throws {
        guard let pid else { throw Failure("only a private server is stopped by the tests") }
        Glibc.kill(pid, SIGQUIT)
        for _ in 0..<500 where Glibc.kill(pid, 0) == 0 { usleep(10_000) }
        self.pid = nil
    }

    /// Starts a server stopped by `killByPID()` again, on the same port and data.
    public func restart() throws {
        guard let launch, let folder, pid == nil else { throw Failure("restart() follows killByPID() of a private server") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launch.tool)
        process.arguments = launch.arguments
        let log = FileHandle(forWritingAtPath: folder + "/postgres.log")
        log?.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        guard let started = Self.waitUntilReady(folder: folder + "/data", process: process) else {
            throw Failure("PostgreSQL did not start again in \(folder)/data")
        }
        pid = started
    }

    /// Stops a server this object started, and removes its folder.
    public func stop() {
        if let pid { Self.stop(pid: pid) }
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// A new empty database with a random name, its URL, and the environment to log in: each test
    /// gets its own, so tests never see each other's events. Dropped when the object goes away.
    public func freshDatabase() throws -> PostgresTestDatabase {
        let name = "skew_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try psql("CREATE DATABASE \(name)")
        return PostgresTestDatabase(server: self, name: String(name))
    }

    /// Runs one SQL statement as the server's user on `database` with psql, an independent client.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") throws -> String {
        try Self.run("/usr/bin/psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", "\(baseURL)/\(database)", "-c", sql], environment: environment)
    }

    /// Sends the fast-shutdown signal and waits until the process is gone.
    private static func stop(pid: pid_t) {
        kill(pid, SIGINT)
        for _ in 0..<500 where kill(pid, 0) == 0 { usleep(10_000) }
    }

    /// The postmaster's PID once its postmaster.pid says "ready", or nil when it exited first.
    private static func waitUntilReady(folder: String, process: Process) -> pid_t? {
        for _ in 0..<1_000 {
            if let text = try? String(contentsOfFile: folder + "/postmaster.pid", encoding: .utf8) {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                if lines.count > 7, lines[7].trimmingCharacters(in: .whitespaces) == "ready", let pid = pid_t(lines[0]) { return pid }
            }
            if !process.isRunning { return nil }
            usleep(10_000)
        }
        return nil
    }

    @discardableResult
    private static func run(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure("\(tool) \(arguments.first ?? "") failed (\(process.terminationStatus)): \(String(decoding: message, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}

/// One test's own database on the test server.
public final class PostgresTestDatabase: @unchecked Sendable {
    public let server: PostgresTestServer
    public let name: String
    /// `postgres://USER@HOST:PORT/NAME`, without a password.
    public var url: String { "\(server.baseURL)/\(name)" }
    /// What skew needs in its environment to log in.
    public var environment: [String: String] { server.environment }

    init(server: PostgresTestServer, name: String) {
        self.server = server
        self.name = name
    }

    /// Runs SQL on this database with psql (an independent look at what skew stored).
    @discardableResult
    public func psql(_ sql: String) throws -> String { try server.psql(sql, database: name) }

    deinit { _ = try? server.psql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
}
