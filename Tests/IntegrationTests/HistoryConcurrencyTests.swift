import Foundation
import XCTest

/// Many `skew` processes writing one PostgreSQL history at once, and the faults a shared server
/// brings (stopped mid-write, read-only, locked): checked with psql and Python's sqlite3 against
/// the uids each writer printed once the database confirmed them. Nothing may be lost or stored twice.
final class HistoryConcurrencyTests: XCTestCase {
    private let data = try! TemporaryFolder("history-spool")
    private var spool: String { data.file("skew/pending.sqlite").path }

    /// A writer: `skew bench history`'s writer mode records `writes` measurements of `token` one at
    /// a time through the same spooling path as every recording command.
    private func writer(_ url: String, token: String, writes: Int, environment: [String: String]) throws -> Writer {
        let process = Process()
        process.executableURL = SkewProcess.binary
        process.arguments = ["bench", "history", "--postgres", url, "--writes", String(writes), "--writer-token", token]
        process.environment = ProcessInfo.processInfo.environment.merging(environment.merging(["XDG_DATA_HOME": data.path]) { _, new in new }) { _, new in new }
        // Files, not pipes: a writer must never wait for the test to read what it printed.
        let writer = Writer(process: process, output: data.file("\(token)-\(UUID().uuidString).out"), errors: data.file("\(token)-\(UUID().uuidString).err"))
        for file in [writer.output, writer.errors] { XCTAssertTrue(FileManager.default.createFile(atPath: file.path, contents: nil)) }
        process.standardOutput = try FileHandle(forWritingTo: writer.output)
        process.standardError = try FileHandle(forWritingTo: writer.errors)
        try process.run()
        return writer
    }

    private struct Writer {
        var process: Process
        var output: URL
        var errors: URL
    }

    /// Waits for a writer to end: exit status, the uids it confirmed, its error text.
    private func finish(_ writer: Writer) -> (status: Int32, uids: [String], stderr: String) {
        writer.process.waitUntilExit()
        let out = (try? String(contentsOf: writer.output, encoding: .utf8)) ?? ""
        return (writer.process.terminationStatus, out.split(separator: "\n").map(String.init),
                (try? String(contentsOf: writer.errors, encoding: .utf8)) ?? "")
    }

    /// The uids the spool holds, read with Python's sqlite3.
    private func spooled() throws -> [String] {
        guard FileManager.default.fileExists(atPath: spool) else { return [] }
        let run = try SkewProcess.run(["-c", """
            import sqlite3, sys
            for row in sqlite3.connect(sys.argv[1]).execute("SELECT uid FROM pending_events"): print(row[0])
            """, spool], executable: URL(fileURLWithPath: "/usr/bin/python3"))
        XCTAssertEqual(run.status, 0, run.stderr)
        return run.stdout.split(separator: "\n").map(String.init)
    }

    private func flush(_ url: String, environment: [String: String]) throws -> SkewRun {
        try SkewProcess.run(["history", "flush", "--history", url, "-f", "json"], environment: environment.merging(["XDG_DATA_HOME": data.path]) { _, new in new })
    }

    func testEightWritersLoseAndDuplicateNothing() throws {
        let database = try PostgresTestServer.shared().freshDatabase()
        let writers = try (0..<8).map { try writer(database.url, token: "W\($0)", writes: 500, environment: database.environment) }
        let results = writers.map(finish)
        for result in results { XCTAssertEqual(result.status, 0, result.stderr) }
        let confirmed = results.flatMap(\.uids)
        XCTAssertEqual(confirmed.count, 4_000)
        XCTAssertEqual(try database.psql("SELECT count(*), count(DISTINCT uid) FROM skew_events").trimmed, "4000|4000")
        XCTAssertEqual(try database.psql("SELECT uid FROM skew_events ORDER BY uid").trimmed, confirmed.sorted().joined(separator: "\n"))
        XCTAssertEqual(try database.psql("SELECT string_agg(n::text, ',') FROM (SELECT count(*) AS n FROM skew_events GROUP BY token) AS t").trimmed,
                       Array(repeating: "500", count: 8).joined(separator: ","))
        XCTAssertEqual(try spooled(), [], "nothing was kept for later")
    }

    /// The server stopped by PID while a writer records: exit 69 naming the spool and the fix, the
    /// unwritten measurement kept; once the server is back, flush stores it and nothing is twice.
    func testServerStoppedMidWriteKeepsTheMeasurementUntilFlush() throws {
        // Commits wait for their WAL write: a commit the server acknowledged survives the kill.
        let server = try PostgresTestServer(synchronousCommit: true)
        defer { server.stop() }
        let database = try server.freshDatabase()
        let started = try writer(database.url, token: "K", writes: 100_000, environment: database.environment)
        var stored = 0
        for _ in 0..<500 where stored < 200 {
            usleep(20_000)
            stored = Int((try? database.psql("SELECT count(*) FROM skew_events").trimmed) ?? "") ?? 0
        }
        XCTAssertGreaterThanOrEqual(stored, 200, "the writer was writing before the server stopped")
        try server.killByPID()
        let result = finish(started)
        XCTAssertEqual(result.status, 69, result.stderr)
        XCTAssertTrue(result.stderr.contains("unavailable"), result.stderr)
        XCTAssertTrue(result.stderr.contains(spool), result.stderr)
        XCTAssertTrue(result.stderr.contains("skew history flush --history \(database.url)"), result.stderr)
        let kept = try spooled()
        XCTAssertEqual(kept.count, 1, "the one measurement not confirmed is kept")
        XCTAssertFalse(result.uids.contains(kept[0]))

        let early = try flush(database.url, environment: database.environment)
        XCTAssertEqual(early.status, 69, "flushing while the server is down fails clearly: \(early.stderr)")
        XCTAssertEqual(try spooled(), kept, "and keeps the spool")

        try server.restart()
        let flushed = try flush(database.url, environment: database.environment)
        XCTAssertEqual(flushed.status, 0, flushed.stderr)
        let report = try ReportSchema.validObject(flushed)
        XCTAssertEqual(report["events_read"] as? Int, 1)
        XCTAssertEqual(try spooled(), [])
        let expected = Set(result.uids + kept)
        XCTAssertEqual(try database.psql("SELECT count(*), count(DISTINCT uid) FROM skew_events").trimmed, "\(expected.count)|\(expected.count)")
        XCTAssertEqual(Set(try database.psql("SELECT uid FROM skew_events").trimmed.split(separator: "\n").map(String.init)), expected)
        let again = try flush(database.url, environment: database.environment)
        XCTAssertEqual(try ReportSchema.validObject(again)["events_read"] as? Int, 0)
    }

    /// A database switched to read-only: the measurements are kept, written once it is writable again.
    func testReadOnlyDatabaseKeepsMeasurementsUntilFlush() throws {
        let database = try PostgresTestServer.shared().freshDatabase()
        let first = finish(try writer(database.url, token: "R", writes: 1, environment: database.environment))
        XCTAssertEqual(first.status, 0, first.stderr)
        try database.server.psql("ALTER DATABASE \(database.name) SET default_transaction_read_only = on")
        let refused = finish(try writer(database.url, token: "R", writes: 5, environment: database.environment))
        XCTAssertEqual(refused.status, 69, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("read-only"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains(spool), refused.stderr)
        XCTAssertEqual(refused.uids, [])
        XCTAssertEqual(try spooled().count, 1)
        try database.server.psql("ALTER DATABASE \(database.name) SET default_transaction_read_only = off")
        let flushed = try flush(database.url, environment: database.environment)
        XCTAssertEqual(flushed.status, 0, flushed.stderr)
        XCTAssertEqual(try database.psql("SELECT count(*), count(DISTINCT uid) FROM skew_events").trimmed, "2|2")
        XCTAssertEqual(try spooled(), [])
    }

    /// Another session holds the events table locked: the write gives up after the lock wait, the
    /// measurement is kept, and flush writes it once the lock is gone.
    func testLockedTableKeepsMeasurementsUntilFlush() throws {
        let database = try PostgresTestServer.shared().freshDatabase()
        XCTAssertEqual(finish(try writer(database.url, token: "L", writes: 1, environment: database.environment)).status, 0)
        let locker = Process()
        locker.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        locker.arguments = ["-X", "-q", "-d", database.url, "-c", "BEGIN; LOCK TABLE skew_events IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(60); COMMIT;"]
        locker.environment = ProcessInfo.processInfo.environment.merging(database.environment) { _, new in new }
        try locker.run()
        let unlock = { _ = try? database.psql("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE relation = 'skew_events'::regclass AND mode = 'AccessExclusiveLock'") }
        defer { unlock(); locker.waitUntilExit() }
        var held = false
        for _ in 0..<500 where !held {
            usleep(20_000)
            held = (try? database.psql("SELECT count(*) FROM pg_locks WHERE relation = 'skew_events'::regclass AND mode = 'AccessExclusiveLock' AND granted").trimmed) == "1"
        }
        XCTAssertTrue(held, "psql holds the lock")
        let refused = finish(try writer(database.url, token: "L", writes: 3, environment: database.environment))
        XCTAssertEqual(refused.status, 69, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("locked"), refused.stderr)
        XCTAssertEqual(try spooled().count, 1)
        unlock()
        locker.waitUntilExit()
        let flushed = try flush(database.url, environment: database.environment)
        XCTAssertEqual(flushed.status, 0, flushed.stderr)
        XCTAssertEqual(try database.psql("SELECT count(*), count(DISTINCT uid) FROM skew_events").trimmed, "2|2")
    }
}
