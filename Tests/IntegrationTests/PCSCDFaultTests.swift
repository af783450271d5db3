import Foundation
import XCTest

/// pcscd dies while skew is talking to a token: a clear error, not a hang or a crash. The test
/// kills only a pcscd that scripts/test started (its PID file is in SKEW_PCSCD_PIDFILE), and starts
/// a replacement whose PID goes in the same file, so scripts/test stops it at the end.
final class PCSCDFaultTests: TokenStackTestCase {
    func testPCSCDKilledMidCommand() throws {
        guard let pidFile = ProcessInfo.processInfo.environment["SKEW_PCSCD_PIDFILE"],
              let pid = Int32((try? String(contentsOfFile: pidFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") else {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                return XCTFail("scripts/test starts pcscd and sets SKEW_PCSCD_PIDFILE; without it this test cannot run")
            }
            throw XCTSkip("needs a pcscd started by scripts/test (SKEW_PCSCD_PIDFILE)")
        }
        emulator = try EmulatorProcess(["--offset", "1.25"])
        // `skew drift` polls the token for two to three seconds: kill pcscd in the middle of it.
        let process = Process()
        process.executableURL = SkewProcess.binary
        process.arguments = ["drift", "--reader", TokenHarness.reader, "--no-record", "--edges", "2"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 0.6)
        XCTAssertEqual(kill(pid, SIGKILL), 0, "pcscd \(pid) was running")
        let started = Date()
        process.waitUntilExit()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "skew noticed at once")
        XCTAssertEqual(process.terminationStatus, 74, stderr)
        XCTAssertTrue(stderr.contains("pcscd stopped while skew was talking to the token"), stderr)
        XCTAssertFalse(stderr.contains("Fatal error"), stderr)

        // Put pcscd back for the tests that follow, and hand its PID to scripts/test.
        emulator?.stop()
        emulator = nil
        let replacement = Process()
        replacement.executableURL = URL(fileURLWithPath: "/usr/sbin/pcscd")
        replacement.arguments = ["--foreground"]
        replacement.standardOutput = FileHandle.nullDevice
        replacement.standardError = FileHandle.nullDevice
        usleep(300_000)
        try replacement.run()
        try String(replacement.processIdentifier).write(toFile: pidFile, atomically: true, encoding: .utf8)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, (try SkewProcess.run(["token", "list"])).status != 0 { usleep(100_000) }
        XCTAssertEqual(try SkewProcess.run(["token", "list"]).status, 0, "pcscd is back")
    }
}
