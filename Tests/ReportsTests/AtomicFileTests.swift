import Foundation
import Reports
import TestSupport
import XCTest

final class AtomicFileTests: XCTestCase {
    /// `writeNew` takes a free name and leaves a taken one (and its content) alone, with no
    /// temporary file left behind either way; permissions are the ones asked for.
    func testWriteNewNeverReplacesAndKeepsPermissions() throws {
        let scratch = try TemporaryFolder("atomic")
        let folder = scratch.url
        let path = folder.appendingPathComponent("report.json").path
        XCTAssertTrue(try AtomicFile.writeNew(Array("first".utf8), to: path, permissions: 0o600))
        XCTAssertFalse(try AtomicFile.writeNew(Array("second".utf8), to: path))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "first")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int, 0o600)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["report.json"])
        XCTAssertThrowsError(try AtomicFile.writeNew([1], to: folder.appendingPathComponent("no/such/x").path))
    }
}
