import Foundation
import History
import XCTest

/// Faults from outside: skew killed while writing, a locked history database.
final class FaultTests: XCTestCase {
    private var scratch: TemporaryFolder!
    private var folder: URL { scratch.url }

    override func setUpWithError() throws {
        scratch = try TemporaryFolder("faults")
    }

    override func tearDown() {
        scratch = nil
    }


    /// SIGKILL at many moments while a large report is written: the file is always the old report
    /// or the whole new one, and no temporary file is left to be mistaken for a report.
    func testKilledWhileWritingLeavesOldOrNewFileNeverPart() throws {
        let output = folder.appendingPathComponent("window.json").path
        let old = try SkewProcess.run(["window", "--secret-env", "S", "--at", "0", "--steps", "1", "--output", output],
                                      environment: ["S": "JBSWY3DPEHPK3PXP"])
        XCTAssertEqual(old.status, 0, old.stderr)
        let oldContent = try Data(contentsOf: URL(fileURLWithPath: output))
        for delay in stride(from: 0.05, through: 1.2, by: 0.05) {
            let process = Process()
            process.executableURL = SkewProcess.binary
            process.arguments = ["window", "--secret-env", "S", "--at", "1700000000", "--steps", "40000", "--output", output]
            process.environment = ProcessInfo.processInfo.environment.merging(["S": "JBSWY3DPEHPK3PXP"]) { $1 }
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let content = try Data(contentsOf: URL(fileURLWithPath: output))
            if content != oldContent {
                let json = try JSONSerialization.jsonObject(with: content) as? [String: Any]
                XCTAssertEqual((json?["steps"] as? [Any])?.count, 80_001, "a new file is always complete (killed after \(delay) s)")
            }
        }
        // A killed writer may leave its hidden temporary file behind; nothing else appears.
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name != "window.json" {
            XCTAssertTrue(name.hasPrefix(".window.json.") && name.hasSuffix(".tmp"), "unexpected file \(name)")
        }
        // The next complete write clears what the killed writers left.
        let next = try SkewProcess.run(["window", "--secret-env", "S", "--at", "0", "--steps", "1", "--output", output],
                                       environment: ["S": "JBSWY3DPEHPK3PXP"])
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["window.json"])
    }

    /// Another program holds the history database locked: a clear error, and nothing is lost.
    func testLockedHistoryGivesClearErrorAndKeepsData() throws {
        let history = folder.appendingPathComponent("history.sqlite").path
        _ = try SQLiteHistoryStore(path: history)
        let locker = Process()
        locker.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        locker.arguments = ["python3", "-c", """
            import sqlite3, sys, time
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute("BEGIN EXCLUSIVE")
            db.execute("INSERT INTO events(token, kind, time, offset, uncertainty, reference, method) VALUES('T','measurement',1,0.5,0.1,'host','manual')")
            print("locked", flush=True)
            time.sleep(8)
            db.execute("COMMIT")
            """, history]
        let pipe = Pipe()
        locker.standardOutput = pipe
        try locker.run()
        _ = pipe.fileHandleForReading.availableData   // "locked"
        let blocked = try SkewProcess.run(["drift", "history", "--history", history])
        XCTAssertEqual(blocked.status, 69, blocked.stderr)
        XCTAssertTrue(blocked.stderr.contains("locked by another program"), blocked.stderr)
        locker.waitUntilExit()
        let after = try SkewProcess.run(["drift", "history", "T", "--history", history, "--format", "csv"])
        XCTAssertEqual(after.status, 0, after.stderr)
        XCTAssertEqual(after.stdout.split(separator: "\r\n").count, 2, "the other program's row is there: nothing was lost")
    }

    /// A verifier that hangs (an HTTP server that accepts and never answers; a command that never
    /// finishes, with a child of its own): the probe gives up after --timeout, says so, and keeps
    /// the attempt in its evidence.
    func testHangingVerifiersTimeOut() throws {
        let listener = try LoopbackSocket()
        XCTAssertEqual(listen(listener.descriptor, 8), 0)
        let port = listener.port
        let script = folder.appendingPathComponent("hang.sh").path
        try "#!/bin/sh\nsleep 60 &\nsleep 60\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let verifiers = [["--url", "http://127.0.0.1:\(port)/verify", "--body", "code={code}"], ["--cmd", "\(script) {code}"]]
        for verifier in verifiers {
            let evidence = folder.appendingPathComponent("evidence-\(verifier[0].dropFirst(2)).jsonl").path
            let started = Date()
            let run = try SkewProcess.run(["probe", "--secret-env", "S", "--timeout", "0.5", "--guard-seconds", "0",
                                           "--evidence", evidence] + verifier, environment: ["S": "JBSWY3DPEHPK3PXP"], timeout: 30)
            XCTAssertEqual(run.status, 69, run.stderr)
            XCTAssertTrue(run.stderr.contains("could not be asked"), run.stderr)
            XCTAssertLessThan(Date().timeIntervalSince(started), 10, "gave up after the timeout, not when the verifier did")
            XCTAssertFalse(try String(contentsOfFile: evidence, encoding: .utf8).isEmpty, "the attempt is in the evidence")
        }
    }

    /// A verifier command that exits without reading the code from its standard input (it judges by
    /// something else, or is `true`): skew used to die of SIGPIPE (exit 141); the answer now counts.
    /// `true` accepts even a wrong code, so the rule cannot say no (78); `false` accepts nothing (1).
    func testVerifierCommandThatIgnoresItsInput() throws {
        for (command, status) in [("/bin/true", Int32(78)), ("/bin/false", Int32(1))] {
            let evidence = folder.appendingPathComponent("evidence-\(URL(fileURLWithPath: command).lastPathComponent).jsonl").path
            let run = try SkewProcess.run(["probe", "--secret-env", "S", "--cmd", command, "--range", "3", "--guard-seconds", "0",
                                           "--evidence", evidence, "--format", "json"],
                                          environment: ["S": "JBSWY3DPEHPK3PXP"], timeout: 60)
            XCTAssertEqual(run.status, status, "\(command): \(run.stderr)")
            let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            XCTAssertNotNil(report?["attempts"], "\(command): a whole report")
        }
    }
}
