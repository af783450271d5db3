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

    /// `-o /dev/null` or a pipe: the bytes go through the node, which stays what it was (renaming a
    /// file over it would leave a regular file, and, for /dev/null, break every program after).
    /// A FIFO stands in for the device, so a failure cannot damage the machine.
    func testADeviceOrPipeIsWrittenInPlace() throws {
        let scratch = try TemporaryFolder("atomic")
        let fifo = scratch.file("pipe").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let received = Received(), done = DispatchSemaphore(value: 0)
        Thread {
            received.data = FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() ?? Data()
            done.signal()
        }.start()
        try AtomicFile.write("through the pipe", to: fifo)
        XCTAssertEqual(done.wait(timeout: .now() + 5), .success, "the reader got to the end")
        XCTAssertEqual(String(decoding: received.data, as: UTF8.self), "through the pipe")
        let type = try FileManager.default.attributesOfItem(atPath: fifo)[.type] as? FileAttributeType
        XCTAssertNotEqual(type, .typeRegular, "the pipe is still a pipe")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.path), ["pipe"], "no temporary file either")
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

/// What the pipe's reader thread read; the test reads it only after the thread signalled.
private final class Received: @unchecked Sendable {
    var data = Data()
}
