import Foundation
import History
import XCTest

final class HistoryStoreTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("skew-history-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func event(_ token: String, _ kind: HistoryEvent.Kind, _ time: Double, _ offset: Double) -> HistoryEvent {
        HistoryEvent(token: token, kind: kind, time: time, offset: offset, uncertainty: 0.01, reference: "host",
                     method: kind == .sync ? "sync-readback" : "get-info-edge")
    }

    func testRecordsPersistAcrossOpensAndSplitAtLastSync() throws {
        let path = folder.appendingPathComponent("nested/history.sqlite").path
        do {
            let store = try HistoryStore(path: path)
            try store.record(event("A", .measurement, 10, 5))
            try store.record(event("A", .sync, 20, 0.1))
            try store.record(event("B", .measurement, 25, -1))
            try store.record(event("A", .measurement, 30, 0.2))
            let stored = try store.record(event("A", .measurement, 40, 0.3))
            XCTAssertNotNil(stored.id)
        }
        let reopened = try HistoryStore(path: path)
        XCTAssertEqual(try reopened.events().count, 5)
        XCTAssertEqual(try reopened.events(token: "B").map(\.offset), [-1])
        let split = try reopened.sinceLastSync(token: "A")
        XCTAssertEqual(split.sync?.time, 20)
        XCTAssertEqual(split.measurements.map(\.time), [30, 40])
        XCTAssertEqual(try reopened.sinceLastSync(token: "B").measurements.count, 1)
    }

    func testCorruptFileIsReportedAndLeftUntouched() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("history.sqlite").path
        let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try garbage.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try HistoryStore(path: path)) { error in
            guard case .corrupt = error as? HistoryStore.Failure else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("left untouched"))
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), garbage)
    }

    /// `skew drift history` and `forecast` only read: a mistyped path must not leave a folder and an
    /// empty database behind, and a token the history does not hold is named as unknown.
    func testReadingCreatesNothingAndNamesUnknownTokens() throws {
        let missing = folder.appendingPathComponent("typo/history.sqlite").path
        XCTAssertThrowsError(try HistoryStore(readingAt: missing)) { error in
            guard case .missing = error as? HistoryStore.Failure else { return XCTFail("\(error)") }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path), "no folder was created")

        let path = folder.appendingPathComponent("history.sqlite").path
        try HistoryStore(path: path).record(event("86596220000001", .measurement, 10, 5))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let reader = try HistoryStore(readingAt: path)
        XCTAssertEqual(try reader.tokens(), ["86596220000001"])
        XCTAssertNoThrow(try reader.requireToken("86596220000001"))
        XCTAssertThrowsError(try reader.requireToken("86596220000002")) { error in
            XCTAssertTrue("\(error)".hasPrefix("86596220000002: no measurement or sync of this token"), "\(error)")
            XCTAssertTrue("\(error)".contains("it holds 86596220000001"), "\(error)")
        }
        XCTAssertThrowsError(try reader.record(event("X", .measurement, 20, 1)), "a store opened for reading cannot write")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
    }

    func testDefaultPathFollowsXDG() {
        XCTAssertEqual(HistoryStore.defaultPath(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]), "/d/skew/history.sqlite")
        XCTAssertEqual(HistoryStore.defaultPath(environment: ["HOME": "/h"]), "/h/.local/share/skew/history.sqlite")
    }
}
