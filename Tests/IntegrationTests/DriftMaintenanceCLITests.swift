import Foundation
import History
import XCTest

/// Keeping a drift history right: a jump starts a new fit, --since chooses the start, a wrong
/// measurement is excluded with a reason, and an old history still reads.
final class DriftMaintenanceCLITests: XCTestCase {
    private var folder: URL!
    private var database: String { folder.appendingPathComponent("history.sqlite").path }
    private let start = 1_700_000_000.0

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("skew-maintain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Daily measurements of a clock gaining 2 ppm that jumps 3 s ahead from day `jumpAt`.
    private func seed(jumpAt: Int, days: Int = 20) throws {
        try SQLiteHistoryStore(path: database).record((0..<days).map { day in
            let time = start + Double(day) * 86_400
            return HistoryEvent(token: "T", kind: .measurement, time: time, offset: 0.4 + 2e-6 * (time - start) + (day >= jumpAt ? 3 : 0),
                                uncertainty: 0.001, reference: "host", method: "get-info-edge")
        })
    }

    private func json(_ arguments: [String]) throws -> (SkewRun, [String: Any]) {
        let run = try SkewProcess.run(arguments + ["--format", "json"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], run.stderr)
        return (run, object)
    }

    func testAJumpStartsANewFitAndSinceSpansIt() throws {
        try seed(jumpAt: 12)
        let base = ["drift", "forecast", "T", "--history", database, "--at", "1702000000", "--window", "30"]
        let (run, object) = try json(base)
        XCTAssertEqual(run.status, 0, run.stderr)
        let fit = try XCTUnwrap(object["fit"] as? [String: Any])
        XCTAssertEqual(fit["ppm"] as? Double ?? 0, 2, accuracy: 0.01)
        XCTAssertLessThan(fit["reduced_chi_square"] as? Double ?? .infinity, 1, "not the 10⁵ of a line across the jump")
        XCTAssertEqual((object["points"] as? [Any])?.count, 8)
        let segment = try XCTUnwrap(object["segment"] as? [String: Any])
        XCTAssertEqual(segment["left_out"] as? Int, 12)
        let table = try SkewProcess.run(base)
        XCTAssertTrue(table.stdout.contains("the fit starts after it, leaving out 12 earlier measurements"), table.stdout)

        let (_, across) = try json(base + ["--since", "1700000000"])
        XCTAssertNil(across["segment"] as? [String: Any])
        XCTAssertEqual(((across["fit"] as? [String: Any])?["jumps"] as? [Any])?.count, 1, "flagged, not cut")
        let (_, late) = try json(base + ["--since", "2023-11-30T00:00:00Z"])
        XCTAssertEqual((late["points"] as? [Any])?.count, 20 - 16, "only measurements from 30 November on")
    }

    func testAJumpAtTheLastMeasurementExitsOne() throws {
        try seed(jumpAt: 19)
        let run = try SkewProcess.run(["drift", "forecast", "T", "--history", database])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("1 measurement follows it"), run.stderr)
    }

    func testExcludeAMeasurementWithAReasonAndUndo() throws {
        try seed(jumpAt: 100)
        try SQLiteHistoryStore(path: database).record(HistoryEvent(token: "T", kind: .measurement, time: start + 9.5 * 86_400, offset: 1.9,
                                                             uncertainty: 0.001, reference: "host", method: "get-info-edge"))
        let base = ["drift", "forecast", "T", "--history", database]
        let (_, before) = try json(base)
        XCTAssertGreaterThan((before["fit"] as? [String: Any])?["reduced_chi_square"] as? Double ?? 0, 100, "the outlier spoils the fit")
        let (_, history) = try json(["drift", "history", "T", "--history", database])
        let rows = try XCTUnwrap(history["events"] as? [[String: Any]])
        let outlier = try XCTUnwrap(rows.first { $0["offset_seconds"] as? Double == 1.9 }?["id"] as? Int)

        let excluded = try SkewProcess.run(["drift", "exclude", String(outlier), "--reason", "laptop slept during the read", "--history", database])
        XCTAssertEqual(excluded.status, 0, excluded.stderr)
        let (_, after) = try json(base)
        XCTAssertEqual((after["fit"] as? [String: Any])?["ppm"] as? Double ?? 0, 2, accuracy: 0.001)
        XCTAssertEqual((after["excluded"] as? [[String: Any]])?.first?["reason"] as? String, "laptop slept during the read")
        XCTAssertTrue(try SkewProcess.run(base).stdout.contains("is excluded: laptop slept during the read"))
        let (_, listed) = try json(["drift", "history", "T", "--history", database])
        XCTAssertEqual((listed["events"] as? [[String: Any]])?.compactMap { $0["excluded_reason"] as? String }, ["laptop slept during the read"])

        XCTAssertEqual(try SkewProcess.run(["drift", "exclude", String(outlier), "--undo", "--history", database]).status, 0)
        let (_, undone) = try json(base)
        XCTAssertEqual((undone["points"] as? [Any])?.count, 21)

        let noReason = try SkewProcess.run(["drift", "exclude", String(outlier), "--history", database])
        XCTAssertEqual(noReason.status, 64)
        XCTAssertTrue(noReason.stderr.contains("--reason"), noReason.stderr)
        let unknown = try SkewProcess.run(["drift", "exclude", "99999", "--reason", "x", "--history", database])
        XCTAssertEqual(unknown.status, 65)
        XCTAssertTrue(unknown.stderr.contains("measurement 99999"), unknown.stderr)
        let typo = folder.appendingPathComponent("histroy/h.sqlite").path
        XCTAssertEqual(try SkewProcess.run(["drift", "exclude", "1", "--reason", "x", "--history", typo]).status, 66)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("histroy").path))
    }

    /// A history written before exclusions (no excluded_reason column) reads without being changed.
    func testAHistoryFromBeforeExclusionsStillReads() throws {
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            db.execute("INSERT INTO grdb_migrations VALUES ('v1 events')")
            db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, token TEXT NOT NULL, kind TEXT NOT NULL, time DOUBLE NOT NULL, offset DOUBLE NOT NULL, uncertainty DOUBLE NOT NULL, reference TEXT NOT NULL, host_offset DOUBLE, method TEXT NOT NULL)")
            db.execute("CREATE INDEX events_on_token ON events(token)")
            for day in range(5):
                db.execute("INSERT INTO events (token, kind, time, offset, uncertainty, reference, method) VALUES ('T', 'measurement', ?, ?, 0.001, 'host', 'get-info-edge')", (1700000000 + day * 86400, 0.1 + day * 0.5))
            db.commit()
            """
        let made = try SkewProcess.run(["python3", "-c", script, database], executable: URL(fileURLWithPath: "/usr/bin/env"))
        XCTAssertEqual(made.status, 0, made.stderr)
        let modified = try FileManager.default.attributesOfItem(atPath: database)[.modificationDate] as? Date
        let (history, object) = try json(["drift", "history", "T", "--history", database])
        XCTAssertEqual(history.status, 0, history.stderr)
        XCTAssertEqual((object["events"] as? [Any])?.count, 5)
        XCTAssertEqual(try SkewProcess.run(["fleet", "--history", database, "--at", "1700400000"]).status, 0)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: database)[.modificationDate] as? Date, modified, "read-only")
    }
}
