import Foundation
import GRDB
import History
import XCTest

/// Reading the whole fleet at once, and the history staying small at fleet scale.
final class HistoryFleetReadTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("skew-history-fleet-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func testEveryTokenSplitAtItsOwnLastSync() throws {
        let store = try HistoryStore(path: folder.appendingPathComponent("h.sqlite").path)
        func event(_ token: String, _ kind: HistoryEvent.Kind, _ time: Double, hostOffset: Double? = nil) -> HistoryEvent {
            HistoryEvent(token: token, kind: kind, time: time, offset: time / 1000, uncertainty: 0.001, reference: "ntp:time.example",
                         hostOffset: hostOffset, method: kind == .sync ? "sync-readback" : "get-info-edge")
        }
        try store.record([event("B", .measurement, 5), event("A", .measurement, 10), event("A", .sync, 20), event("A", .measurement, 30, hostOffset: -0.25),
                          event("B", .measurement, 35), event("C", .sync, 40), event("A", .measurement, 15), event("A", .measurement, 25)])
        let fleet = try store.sinceLastSyncOfEveryToken()
        XCTAssertEqual(fleet.map(\.token), ["A", "B", "C"])
        XCTAssertEqual(fleet[0].sync?.time, 20)
        XCTAssertEqual(fleet[0].measurements.map(\.time), [25, 30], "recorded late, still in time order, 15 before the sync left out")
        XCTAssertEqual(fleet[0].measurements.last?.hostOffset, -0.25, "every column read back")
        XCTAssertEqual(fleet[0].measurements.last?.reference, "ntp:time.example")
        XCTAssertEqual(fleet[1].measurements.map(\.time), [5, 35])
        XCTAssertNil(fleet[1].sync)
        XCTAssertEqual(fleet[2].measurements.count, 0)
        XCTAssertEqual(try store.events(token: "A").map(\.time), [10, 15, 20, 25, 30])
    }

    /// The token index took a fifth of the file; per-token reads do without it. An existing history loses it on the next write-open.
    func testNoTokenIndexAfterOpening() throws {
        let path = folder.appendingPathComponent("h.sqlite").path
        _ = try HistoryStore(path: path)
        let queue = try DatabaseQueue(path: path)
        let indexes = try queue.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'") }
        XCTAssertEqual(indexes, [])
    }
}
