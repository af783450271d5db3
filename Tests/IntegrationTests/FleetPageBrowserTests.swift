import Foundation
import History
import XCTest

/// The fleet page in headless Chromium over a history the test writes: its table equals `skew
/// fleet -f json` for the same history (tokens, order, status, rate) and every fitted token has its plot.
final class FleetPageBrowserTests: XCTestCase {
    func testTheFleetPageIsTheFleetCommandsTable() throws {
        let folder = try TemporaryFolder("fleet-page")
        let store = try SQLiteHistoryStore(path: folder.url.appendingPathComponent("skew/history.sqlite").path)
        let now = Date().timeIntervalSince1970
        // A token drifting 1 s a day, now 31 s off (failing against ±1 step of 30 s), one steady, one measured once.
        for day in 0..<4 {
            let time = now - Double(3 - day) * 86_400
            try store.record(HistoryEvent(token: "86596320000001", kind: .measurement, time: time, offset: 28 + Double(day),
                                          uncertainty: 0.001, reference: "host", method: "get-info-edge"))
            try store.record(HistoryEvent(token: "86596000000002", kind: .measurement, time: time, offset: 0.2 + 0.001 * Double(day),
                                          uncertainty: 0.001, reference: "host", method: "get-info-edge"))
        }
        try store.record(HistoryEvent(token: "86596000000003", kind: .measurement, time: now, offset: 1, uncertainty: 0.001,
                                      reference: "host", method: "get-info-edge"))
        let environment = ["XDG_DATA_HOME": folder.url.path]
        let server = try ServeProcess(environment: environment)
        defer { server.stop() }
        let results = try ServeBrowser.run(url: server.url, checks: ["fleet"], input: ["fleet": [:]])
        XCTAssertEqual(results["console_errors"] as? [String], [])
        let seen = try XCTUnwrap((results["checks"] as? [String: Any])?["fleet"] as? [String: Any])
        let rows = try XCTUnwrap(seen["rows"] as? [[String: String]])

        let run = try SkewProcess.run(["fleet", "-f", "json"], environment: environment)
        let cli = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], run.stderr)
        let cliRows = try XCTUnwrap(cli["tokens"] as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["token"] }, cliRows.map { $0["token"] as? String }, "same tokens, same order")
        XCTAssertEqual(rows.map { $0["status"] }, cliRows.map { $0["status"] as? String })
        XCTAssertEqual(rows.map { $0["ppm"] }, cliRows.map { ($0["ppm"] as? Double).map { String(format: "%.2f", $0) } ?? "" })
        XCTAssertEqual(Set(rows.map { $0["status"] }), ["failing", "ok", "unmeasured"], "the three cases differ: \(rows)")
        XCTAssertEqual(seen["plots"] as? [String], ["86596320000001", "86596000000002"], "a plot for each fitted token, none for the unmeasured")
        XCTAssertEqual(seen["histogram_shown"] as? Bool, true)
    }
}
