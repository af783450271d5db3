import Foundation
import Files
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

    func testAtomicWriteReplacesWholeFileAndLeavesNoTemporaries() throws {
        let scratch = try TemporaryFolder("atomic")
        let folder = scratch.url
        let path = folder.appendingPathComponent("out.json").path
        try AtomicFile.write("old", to: path)
        try AtomicFile.write("new content", to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new content")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["out.json"])
        XCTAssertThrowsError(try AtomicFile.write("x", to: folder.path + "/missing/out.json")) { error in
            XCTAssertTrue("\(error)".contains("missing/out.json"))
        }
    }

    /// A writer killed mid-write leaves `.NAME.PID.RANDOM.tmp`; the next write of NAME removes it once
    /// that PID is gone, and leaves alone what a live process may still be writing.
    func testNextWriteRemovesTemporariesOfDeadWritersOnly() throws {
        let scratch = try TemporaryFolder("atomic")
        let folder = scratch.url
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = ".out.json.\(finished.processIdentifier).123.tmp"
        let alive = ".out.json.1.456.tmp"  // PID 1 is always running
        let otherFile = ".other.json.\(finished.processIdentifier).789.tmp"
        let notOurs = ".out.json.notes.tmp"
        for name in [dead, alive, otherFile, notOurs] {
            XCTAssertTrue(FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: Data("part".utf8)))
        }
        try AtomicFile.write("whole", to: folder.appendingPathComponent("out.json").path)
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)),
                       ["out.json", alive, otherFile, notOurs])
    }
}
