import Foundation
import History
import XCTest

/// The commands that read and write the history give the same answers on an SQLite file and on a
/// shared PostgreSQL database: the same events, the same forecasts, the same fleet, the same exit
/// codes. Only the `database` field (the path or the URL) of the reports that have one differs.
final class HistoryStoresCLITests: XCTestCase {
    private var folder: TemporaryFolder!
    private var database: PostgresTestDatabase!
    private var sqlite: String { folder.file("history.sqlite").path }

    override func setUpWithError() throws {
        folder = try TemporaryFolder("history-stores")
        database = try PostgresTestServer.shared().freshDatabase()
    }

    override func tearDown() {
        database = nil
        folder = nil
    }

    /// `skew ARGUMENTS --history H` on both stores: equal exit codes and equal JSON, but for `database`.
    private func assertSameOnBothStores(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let onFile = try SkewProcess.run(arguments + ["--history", sqlite, "--format", "json"])
        let onServer = try SkewProcess.run(arguments + ["--history", database.url, "--format", "json"], environment: database.environment)
        XCTAssertEqual(onFile.status, onServer.status, "\(arguments): \(onFile.stderr) / \(onServer.stderr)", file: file, line: line)
        var fileJSON = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(onFile.stdout.utf8)) as? [String: Any], onFile.stderr, file: file, line: line)
        var serverJSON = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(onServer.stdout.utf8)) as? [String: Any], onServer.stderr, file: file, line: line)
        if let path = fileJSON.removeValue(forKey: "database") as? String {
            XCTAssertEqual(path, sqlite, file: file, line: line)
            XCTAssertEqual(serverJSON.removeValue(forKey: "database") as? String, try HistoryLocation(database.url).description, file: file, line: line)
        }
        XCTAssertEqual(NSDictionary(dictionary: fileJSON), NSDictionary(dictionary: serverJSON), "\(arguments)", file: file, line: line)
        return fileJSON
    }

    /// `skew ARGUMENTS --history H` fails on both stores with `status` and the same message, but for the location.
    private func assertSameRefusalOnBothStores(_ arguments: [String], status: Int32, file: StaticString = #filePath, line: UInt = #line) throws {
        let onFile = try SkewProcess.run(arguments + ["--history", sqlite])
        let onServer = try SkewProcess.run(arguments + ["--history", database.url], environment: database.environment)
        XCTAssertEqual(onFile.status, status, onFile.stderr, file: file, line: line)
        XCTAssertEqual(onServer.status, status, onServer.stderr, file: file, line: line)
        let location = try HistoryLocation(database.url).description
        XCTAssertEqual(onFile.stderr.replacingOccurrences(of: sqlite, with: "HISTORY"), onServer.stderr.replacingOccurrences(of: location, with: "HISTORY"),
                       file: file, line: line)
    }

    /// Three tokens (one synced, one drifting out of a window, one excluded measurement), the same
    /// events recorded in both stores in the same order, then every reading command on both.
    func testRecordedHistoryGivesTheSameAnswers() throws {
        let start = 1_700_000_000.0
        var events: [HistoryEvent] = []
        for (token, ppm) in [("86596220000001", 12.0), ("86596220000002", -40.0), ("86596220000003", 2.0)] {
            events.append(HistoryEvent(token: token, kind: .sync, time: start, offset: 0.05, uncertainty: 0.01, reference: "host", method: "sync-readback"))
            for day in stride(from: 1, through: 15, by: 2) {
                let time = start + Double(day) * 86_400
                events.append(HistoryEvent(token: token, kind: .measurement, time: time, offset: 0.05 + ppm * 1e-6 * (time - start) + (day == 7 ? 9 : 0),
                                           uncertainty: 0.01, reference: "ntp:time.example", hostOffset: day == 3 ? -0.125 : nil, method: "get-info-edge"))
            }
        }
        try SQLiteHistoryStore(path: sqlite).record(events)
        try HistoryLocation(database.url).openForRecording(environment: database.environment).record(events)

        let history = try assertSameOnBothStores(["drift", "history", "86596220000002"])
        let outlier = try XCTUnwrap((history["events"] as? [[String: Any]])?.first { (($0["time"] as? [String: Any])?["unix"] as? Double) == start + 7 * 86_400 })
        let id = try XCTUnwrap(outlier["id"] as? Int)
        _ = try assertSameOnBothStores(["drift", "exclude", String(id), "--reason", "reader on a sleeping laptop"])
        _ = try assertSameOnBothStores(["drift", "history"])
        let forecast = try assertSameOnBothStores(["drift", "forecast", "86596220000002", "--window-steps", "1", "--period", "30", "--at", "1701300000"])
        XCTAssertEqual((forecast["fit"] as? [String: Any])?["ppm"] as? Double ?? 0, -40, accuracy: 0.01, "the excluded outlier is out of the fit on both")
        let fleet = try assertSameOnBothStores(["fleet", "--at", "1702000000", "--verifier", "entra", "--verifier", "oathtool-w1"])
        XCTAssertEqual((fleet["tokens"] as? [Any])?.count, 3)
        _ = try assertSameOnBothStores(["fleet", "--serial", "86596220000001", "--at", "1702000000"])
        try assertSameRefusalOnBothStores(["drift", "forecast", "86596229999999", "--window", "30"], status: 65)
        try assertSameRefusalOnBothStores(["drift", "exclude", "999999", "--reason", "no such"], status: 65)
    }

    /// A password in the URL is refused before anything connects, and never printed; a server that
    /// does not answer is exit 69 naming host:port and the fix, whether the URL came from
    /// `--history` or SKEW_HISTORY.
    func testURLRefusalsAndAnAbsentServer() throws {
        let secret = "Pa55-in-the-URL"
        let withPassword = try SkewProcess.run(["drift", "history", "--history", "postgres://skew:\(secret)@127.0.0.1:5432/skew"])
        XCTAssertEqual(withPassword.status, 65, withPassword.stderr)
        XCTAssertTrue(withPassword.stderr.contains("the URL holds a password"), withPassword.stderr)
        XCTAssertTrue(withPassword.stderr.contains("~/.pgpass (mode 0600)"), withPassword.stderr)
        XCTAssertFalse(withPassword.stderr.contains(secret) || withPassword.stdout.contains(secret), withPassword.stderr)

        let badMode = try SkewProcess.run(["fleet", "--history", "postgres://skew@127.0.0.1/skew?sslmode=on"])
        XCTAssertEqual(badMode.status, 65, badMode.stderr)
        XCTAssertTrue(badMode.stderr.contains("sslmode=on is not one skew takes"), badMode.stderr)

        // A database that does not exist, and one without skew's tables: nothing to read, nothing created.
        let server = try PostgresTestServer.shared()
        for url in [server.baseURL + "/no_such_database", database.url] {
            let missing = try SkewProcess.run(["fleet", "--history", url], environment: database.environment)
            XCTAssertEqual(missing.status, 66, missing.stderr)
            XCTAssertTrue(missing.stderr.contains("there is no history database here (nothing was created)"), missing.stderr)
        }
        XCTAssertEqual(try database.psql("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'skew%'").trimmingCharacters(in: .whitespacesAndNewlines), "0")

        let port = String(try XCTUnwrap(URLComponents(string: database.url)?.port) + 1)
        for (arguments, environment) in [(["--history", "postgres://skew@127.0.0.1:\(port)/skew"], [String: String]()),
                                         ([], ["SKEW_HISTORY": "postgres://skew@127.0.0.1:\(port)/skew"])] {
            let absent = try SkewProcess.run(["drift", "history"] + arguments, environment: environment)
            XCTAssertEqual(absent.status, 69, absent.stderr)
            XCTAssertTrue(absent.stderr.contains("127.0.0.1:\(port): the shared history server is unavailable"), absent.stderr)
            XCTAssertTrue(absent.stderr.contains("Fix: start the PostgreSQL server"), absent.stderr)
        }
    }

    /// `skew drift` measures the virtual token (real pcscd) into PostgreSQL; the measurements, copied
    /// into an SQLite file by identity, read the same through every command.
    func testMeasuringIntoPostgresThenReadingBoth() throws {
        try TokenHarness.requirePCSCD()
        let emulator = try EmulatorProcess(["--offset", "0.3", "--drift-ppm", "5000"])
        defer { emulator.stop() }
        for _ in 0..<3 {
            let run = try SkewProcess.run(["drift", "--reader", TokenHarness.reader, "--history", database.url, "--edges", "1", "--format", "json"],
                                          environment: database.environment)
            XCTAssertEqual(run.status, 0, run.stderr)
        }
        let stored = try database.psql("SELECT count(*) FROM skew_events WHERE token = '86596220000001' AND method = 'get-info-edge'")
        XCTAssertEqual(stored.trimmingCharacters(in: .whitespacesAndNewlines), "3", "psql sees the three measurements")
        let events = try HistoryLocation(database.url).openForReading(environment: database.environment).events()
        XCTAssertEqual(try SQLiteHistoryStore(path: sqlite).recordMissing(events), 3)

        let history = try assertSameOnBothStores(["drift", "history", "86596220000001"])
        XCTAssertEqual((history["events"] as? [Any])?.count, 3)
        let at = String(Int(Date().timeIntervalSince1970) + 60)
        _ = try assertSameOnBothStores(["drift", "forecast", "86596220000001", "--window", "1", "--at", at])
        _ = try assertSameOnBothStores(["fleet", "--at", at])
    }
}
