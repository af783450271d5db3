import Foundation
import History
import XCTest

/// `skew history copy` between a station's SQLite file and a real PostgreSQL 15 database, both
/// ways: every event arrives once (checked with psql and Python's sqlite3, not only with skew),
/// exclusions and tries-left counts travel, and a second copy adds nothing.
final class HistoryCopyCLITests: XCTestCase {
    private let folder = try! TemporaryFolder("history-copy")

    /// Three measurements (one excluded) and a sync of T1, a measurement of T2, and a refusal that
    /// left T3's key with 2 tries.
    private func station(_ name: String) throws -> (path: String, events: [HistoryEvent]) {
        let path = folder.file(name).path
        let store = try SQLiteHistoryStore(path: path)
        let events = [
            HistoryEvent(token: "T1", kind: .sync, time: 1_700_000_000, offset: 0.01, uncertainty: 0.001, reference: "host", method: "sync-readback"),
            HistoryEvent(token: "T1", kind: .measurement, time: 1_700_100_000, offset: 0.4, uncertainty: 0.001, reference: "host", method: "get-info-edge"),
            HistoryEvent(token: "T1", kind: .measurement, time: 1_700_200_000, offset: 9.9, uncertainty: 0.001, reference: "host", method: "get-info-edge",
                         excludedReason: "reader on a sleeping laptop"),
            HistoryEvent(token: "T2", kind: .measurement, time: 1_700_300_000, offset: -1.5, uncertainty: 0.25, reference: "ntp:pool",
                         hostOffset: 0.02, method: "manual"),
        ]
        try store.record(events)
        try store.recordTriesLeft(token: "T3", triesLeft: 2, time: 1_700_400_000)
        return (path, events)
    }

    private func copy(_ from: String, _ to: String, environment: [String: String]) throws -> [String: Any] {
        let run = try SkewProcess.run(["history", "copy", from, to, "-f", "json"], environment: environment)
        XCTAssertEqual(run.status, 0, run.stderr)
        return try ReportSchema.validObject(run)
    }

    func testCopyIntoPostgresTwiceAddsNothingTheSecondTime() throws {
        let database = try PostgresTestServer.shared().freshDatabase()
        let (path, events) = try station("station.sqlite")
        let first = try copy(path, database.url, environment: database.environment)
        XCTAssertEqual(first["events_read"] as? Int, 4)
        XCTAssertEqual(first["events_added"] as? Int, 4)
        XCTAssertEqual(first["tries_left_added"] as? Int, 1)
        let second = try copy(path, database.url, environment: database.environment)
        XCTAssertEqual(second["events_added"] as? Int, 0)
        XCTAssertEqual(second["events_already_there"] as? Int, 4)
        XCTAssertEqual(second["tries_left_added"] as? Int, 0)
        XCTAssertEqual(second["tries_left_already_there"] as? Int, 1)

        // psql's own look: every uid once, the exclusion and the tries count as they were.
        XCTAssertEqual(try database.psql("SELECT count(*), count(DISTINCT uid) FROM skew_events").trimmed, "4|4")
        XCTAssertEqual(try database.psql("SELECT uid FROM skew_events ORDER BY uid").trimmed,
                       events.map(\.uid).sorted().joined(separator: "\n"))
        XCTAssertEqual(try database.psql("SELECT excluded_reason FROM skew_events WHERE excluded_reason IS NOT NULL").trimmed,
                       "reader on a sleeping laptop")
        XCTAssertEqual(try database.psql("SELECT tries_left FROM skew_authentication_tries WHERE token = 'T3'").trimmed, "2")
    }

    /// The same measurement reaching the shared database through two stations' copies is stored
    /// once; a station's own new events are added.
    func testSameEventsThroughTwoCopiesAreStoredOnce() throws {
        let database = try PostgresTestServer.shared().freshDatabase()
        let (desk, _) = try station("desk.sqlite")
        _ = try copy(desk, database.url, environment: database.environment)
        let laptop = folder.file("laptop.sqlite").path
        let back = try copy(database.url, laptop, environment: database.environment)
        XCTAssertEqual(back["events_added"] as? Int, 4)
        try SQLiteHistoryStore(path: laptop).record(HistoryEvent(token: "T2", kind: .measurement, time: 1_700_500_000, offset: -1.4,
                                                                 uncertainty: 0.25, reference: "host", method: "manual"))
        let again = try copy(laptop, database.url, environment: database.environment)
        XCTAssertEqual(again["events_added"] as? Int, 1)
        XCTAssertEqual(again["events_already_there"] as? Int, 4)
        XCTAssertEqual(try database.psql("SELECT count(*), count(DISTINCT uid) FROM skew_events").trimmed, "5|5")
    }

    /// PostgreSQL into a new SQLite file, checked with Python's sqlite3: the same uids, the
    /// exclusion and the tries count; a second copy adds nothing.
    func testCopyFromPostgresIntoSQLite() throws {
        let database = try PostgresTestServer.shared().freshDatabase()
        let (desk, events) = try station("desk.sqlite")
        _ = try copy(desk, database.url, environment: database.environment)
        let copyPath = folder.file("copy.sqlite").path
        XCTAssertEqual(try copy(database.url, copyPath, environment: database.environment)["events_added"] as? Int, 4)
        XCTAssertEqual(try copy(database.url, copyPath, environment: database.environment)["events_added"] as? Int, 0)
        let python = try SkewProcess.run(["-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            print(",".join(sorted(row[0] for row in db.execute("SELECT uid FROM events"))))
            print(db.execute("SELECT excluded_reason FROM events WHERE excluded_reason IS NOT NULL").fetchone()[0])
            print(db.execute("SELECT tries_left FROM authentication_tries WHERE token = 'T3'").fetchone()[0])
            """, copyPath], executable: URL(fileURLWithPath: "/usr/bin/python3"))
        XCTAssertEqual(python.status, 0, python.stderr)
        XCTAssertEqual(python.stdout, "\(events.map(\.uid).sorted().joined(separator: ","))\nreader on a sleeping laptop\n2\n")
    }

    /// A newer tries count in the destination is kept; an older one is replaced.
    func testTriesLeftKeepsTheNewerCount() throws {
        let (desk, _) = try station("desk.sqlite")
        let other = folder.file("other.sqlite").path
        try SQLiteHistoryStore(path: other).recordTriesLeft(token: "T3", triesLeft: 1, time: 1_700_500_000)
        XCTAssertEqual(try copy(desk, other, environment: [:])["tries_left_added"] as? Int, 0)
        XCTAssertEqual(try SQLiteHistoryStore(path: other).lastTriesLeft(token: "T3"), 1)
        XCTAssertEqual(try copy(other, desk, environment: [:])["tries_left_added"] as? Int, 1)
        XCTAssertEqual(try SQLiteHistoryStore(path: desk).lastTriesLeft(token: "T3"), 1)
    }

    func testCopyIntoItselfIsRefused() throws {
        let (desk, _) = try station("desk.sqlite")
        let run = try SkewProcess.run(["history", "copy", desk, desk])
        XCTAssertEqual(run.status, 64, run.stderr)
        XCTAssertTrue(run.stderr.contains("both name the same history"), run.stderr)
    }
}

extension String {
    /// Without the newline psql ends its answer with.
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// `skew bench history` runs on a tiny size and prints every field (its numbers are not judged here).
final class BenchHistoryCLITests: XCTestCase {
    func testBenchHistoryRunsAndReports() throws {
        let database = try PostgresTestServer.shared().freshDatabase()
        let run = try SkewProcess.run(["bench", "history", "--postgres", database.url, "--tokens", "20", "--measurements", "5", "--runs", "1",
                                       "--writers", "2", "--writes", "10", "-f", "json"], environment: database.environment, timeout: 120)
        XCTAssertEqual(run.status, 0, run.stderr)
        let report = try ReportSchema.validObject(run)
        XCTAssertEqual(report["events_lost"] as? Int, 0)
        XCTAssertEqual(report["events_duplicated"] as? Int, 0)
        XCTAssertGreaterThan(report["fleet_postgres_seconds"] as? Double ?? 0, 0)
        XCTAssertGreaterThan(report["measurements_per_second"] as? Double ?? 0, 0)
        XCTAssertEqual(try database.psql("SELECT count(*) FROM skew_events").trimmed, "120", "100 generated events and 2 × 10 written")
        let again = try SkewProcess.run(["bench", "history", "--postgres", database.url, "--tokens", "2", "--runs", "1"], environment: database.environment)
        XCTAssertEqual(again.status, 64, "a database holding events is refused: \(again.stderr)")
    }
}
