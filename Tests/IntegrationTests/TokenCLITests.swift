import Foundation
import XCTest

/// `skew token` and `skew emulate` through real pcscd + vpcd, driving the built binary.
final class TokenCLITests: TokenStackTestCase {
    private func json(_ run: SkewRun) throws -> [String: Any] {
        try ReportSchema.validObject(run)
    }

    func testInfoShowsSerialModelAndPositiveOffset() throws {
        emulator = try EmulatorProcess(["--serial", "86596220000042", "--offset", "7.4"])
        let run = try SkewProcess.run(["token", "info", "--reader", TokenHarness.reader, "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let info = try json(run)
        XCTAssertEqual(info["serial"] as? String, "86596220000042")
        XCTAssertEqual(info["model"] as? String, "OTPC-P2-i")
        XCTAssertEqual(info["time_sync_keeps_seed"] as? Bool, false)
        XCTAssertEqual(info["reader"] as? String, TokenHarness.reader)
        let offset = try XCTUnwrap(info["offset_seconds"] as? Double)
        XCTAssertEqual(offset, 7.4, accuracy: 1.0)
        XCTAssertEqual(offset, 7.4, accuracy: 0.6, "whole-second token clock: within ±0.5 s plus the round trip")
    }

    /// The negative controls for the token report schemas: a real `token info` report passes, and
    /// fails with a field renamed back to an old name, another family's field added, or a rounded
    /// layout's version.
    func testTokenInfoSchemaRejectsOldNamesAndOtherFamiliesFields() throws {
        emulator = try EmulatorProcess(["--serial", "86596220000042"])
        let run = try SkewProcess.run(["token", "info", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertNil(try ReportSchema.problems([run.stdout]))
        let renamed = try XCTUnwrap(try ReportSchema.problems([run.stdout.replacingOccurrences(of: "\"uncertainty_seconds\"", with: "\"uncertainty\"")]))
        XCTAssertTrue(renamed.contains("uncertainty"), renamed)
        let foreign = try XCTUnwrap(try ReportSchema.problems([run.stdout.replacingOccurrences(of: "\"serial\" :", with: "\"period_code\" : \"00\", \"serial\" :")]))
        XCTAssertTrue(foreign.contains("period_code"), foreign)
        let old = try XCTUnwrap(try ReportSchema.problems([run.stdout.replacingOccurrences(of: "\"version\" : 2", with: "\"version\" : 1")]))
        XCTAssertTrue(old.contains("no schema file"), old)
    }

    /// `skew bench token`'s report (the one report that needs a token) matches its schema file.
    func testBenchTokenReportMatchesItsSchema() throws {
        emulator = try EmulatorProcess(["--serial", "86596220000042"])
        let run = try SkewProcess.run(["bench", "token", "--reader", TokenHarness.reader, "--rounds", "5", "--runs", "1",
                                       "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual((try json(run)["rows"] as? [Any])?.count, 2, run.stdout)
        try ReportSchema.assertValid(run.stdout)
    }

    func testInfoNegativeOffsetUnrestrictedModelAsCSV() throws {
        emulator = try EmulatorProcess(["--model", "C302-i", "--offset", "-3.2", "--info-preset", "zeros"])
        let run = try SkewProcess.run(["token", "info", "--format", "csv"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = run.stdout.split(separator: "\r\n").map(String.init)
        XCTAssertEqual(lines.count, 2, run.stdout)
        XCTAssertTrue(lines[0].hasPrefix("serial,model,time sync keeps seed,token time (UTC),host time (UTC),offset s"), lines[0])
        let fields = lines[1].split(separator: ",").map(String.init)
        XCTAssertEqual(Array(fields.prefix(3)), ["86596320000001", "C302-i", "yes"])
        let offset = try XCTUnwrap(Double(fields[5]))
        XCTAssertEqual(offset, -3.2, accuracy: 0.6)
    }

    func testUnknownPrefixIsShownAsUnknownAndAssumedToWipe() throws {
        emulator = try EmulatorProcess(["--serial", "86596230000001", "--drift-ppm", "-50"])
        let run = try SkewProcess.run(["token", "info", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let info = try json(run)
        XCTAssertNil(info["model"])
        XCTAssertEqual(info["time_sync_keeps_seed"] as? Bool, false)
        let table = try SkewProcess.run(["token", "info"])
        XCTAssertTrue(table.stdout.contains("not a known programmable model"), table.stdout)
    }

    func testEmulatorRejectsBadOptionsAsUsageErrors() throws {
        let mismatch = try SkewProcess.run(["emulate", "--model", "C302-i", "--serial", "86596220000001"])
        XCTAssertEqual(mismatch.status, 64)
        XCTAssertTrue(mismatch.stderr.contains("does not start with C302-i's prefix 8659632"), mismatch.stderr)
        let lockout = try SkewProcess.run(["emulate", "--lockout", "0"])
        XCTAssertEqual(lockout.status, 64)
        XCTAssertTrue(lockout.stderr.contains("The value '0' is invalid for '--lockout <lockout>'"), lockout.stderr)
    }

    func testListShowsWhichReaderHasTheToken() throws {
        emulator = try EmulatorProcess([])
        let run = try SkewProcess.run(["token", "list"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let row = try XCTUnwrap(run.stdout.split(separator: "\n").first { $0.contains(TokenHarness.reader) })
        XCTAssertTrue(row.contains("present") && row.contains("3B 87 80 01"), String(row))
        XCTAssertEqual(try TokenHarness.readers()[TokenHarness.emptyReader], false)
        let report = try SkewProcess.run(["token", "list", "--format", "json"])
        XCTAssertEqual(report.status, 0, report.stderr)
        let readers = try XCTUnwrap(try json(report)["readers"] as? [[String: Any]], report.stdout)
        XCTAssertEqual(readers.first { $0["name"] as? String == TokenHarness.reader }?["card_present"] as? Bool, true, report.stdout)
        let lowercase = try XCTUnwrap(try ReportSchema.problems([report.stdout.replacingOccurrences(of: "3B 87 80 01", with: "3b 87 80 01")]),
                                      "the schema holds the ATR to spaced upper-case hex")
        XCTAssertTrue(lowercase.contains("atr"), lowercase)
    }

    func testTraceShowsGetInfoOnStandardError() throws {
        emulator = try EmulatorProcess(["--serial", "86596000000007"])
        let run = try SkewProcess.run(["token", "info", "--trace", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try json(run)["model"] as? String, "miniOTP-2-i", "standard output stays JSON")
        XCTAssertTrue(run.stderr.contains("trace: > 80 41 00 00 02 02 11  [GET INFO]"), run.stderr)
        XCTAssertTrue(run.stderr.contains("38 36 35 39 36 30 30 30 30 30 30 30 30 37 11 04"), run.stderr)
        XCTAssertTrue(run.stderr.contains("90 00  ["), run.stderr)
    }

    /// Silence on GET INFO may be a token of another family: detection sets the link up again, and
    /// a card that does not come back has left the reader mid-command.
    func testCardSilentMidCommandExits74() throws {
        emulator = try EmulatorProcess(["--silent-after", "0"])
        let run = try SkewProcess.run(["token", "info"])
        XCTAssertEqual(run.status, 74, run.stderr)
        XCTAssertTrue(run.stderr.contains("during the command (it gave no answer and was not back within 3.0 s)"), run.stderr)
        XCTAssertTrue(run.stdout.isEmpty, "nothing half-written")
    }

    func testCardGoneBeforeNextCommandExits74() throws {
        emulator = try EmulatorProcess(["--drop-after", "1"])
        let first = try SkewProcess.run(["token", "info"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let second = try SkewProcess.run(["token", "info"])
        // pcscd may or may not have polled the card away yet: either the command fails mid-way (74)
        // or it finds no token (69). Both say so plainly.
        XCTAssertTrue([74, 69].contains(second.status), "\(second.status): \(second.stderr)")
        XCTAssertTrue(second.stderr.contains("the token left reader") || second.stderr.contains("no token on"), second.stderr)
    }

    func testWrongReaderNameExits65AndListsReaders() throws {
        let run = try SkewProcess.run(["token", "info", "--reader", "No Such Reader"])
        XCTAssertEqual(run.status, 65, run.stderr)
        XCTAssertTrue(run.stderr.contains("--reader 'No Such Reader': no such reader"), run.stderr)
        XCTAssertTrue(run.stderr.contains("'\(TokenHarness.reader)'"), run.stderr)
    }

    func testNoTokenExits69AfterWaiting() throws {
        let started = Date()
        let run = try SkewProcess.run(["token", "info", "--reader", TokenHarness.emptyReader, "--wait", "0.5"])
        XCTAssertEqual(run.status, 69, run.stderr)
        XCTAssertTrue(run.stderr.contains("no token on reader '\(TokenHarness.emptyReader)' within 0.5 s"), run.stderr)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.5)
    }

    func testWaitFindsTokenPlacedLater() throws {
        let waiting = Process()
        waiting.executableURL = SkewProcess.binary
        waiting.arguments = ["token", "info", "--reader", TokenHarness.reader, "--wait", "10", "--format", "json"]
        let output = Pipe()
        waiting.standardOutput = output
        waiting.standardError = FileHandle.nullDevice
        try waiting.run()
        usleep(300_000)
        emulator = try EmulatorProcess(["--serial", "86596320000077"], waitForCard: false)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        waiting.waitUntilExit()
        XCTAssertEqual(waiting.terminationStatus, 0)
        XCTAssertTrue(String(decoding: data, as: UTF8.self).contains("86596320000077"))
    }

    func testCtrlCStopsWaitingWithExit130() throws {
        let waiting = Process()
        waiting.executableURL = SkewProcess.binary
        waiting.arguments = ["token", "info", "--reader", TokenHarness.emptyReader, "--wait", "30"]
        let errors = Pipe()
        waiting.standardError = errors
        waiting.standardOutput = FileHandle.nullDevice
        let started = Date()
        try waiting.run()
        usleep(500_000)
        kill(waiting.processIdentifier, SIGINT)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        waiting.waitUntilExit()
        XCTAssertEqual(waiting.terminationStatus, 130, message)
        XCTAssertTrue(message.contains("cancelled"), message)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
    }

    func testPowerButtonTakesTheTokenOffAndBack() throws {
        emulator = try EmulatorProcess(["--serial", "86596000000123"])
        let pid = try XCTUnwrap(emulator?.process.processIdentifier)
        kill(pid, SIGUSR1)
        XCTAssertTrue(try TokenHarness.waitFor(cardPresent: false, timeout: 3), "switched off: gone from the reader")
        kill(pid, SIGUSR1)
        let run = try SkewProcess.run(["token", "info", "--wait", "5", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try json(run)["serial"] as? String, "86596000000123")
        XCTAssertTrue(emulator?.log.contains("switched off") ?? false)
    }

    func testPcscdNotRunningExits69WithStartHint() throws {
        let environment = ["PCSCLITE_CSOCK_NAME": FileManager.default.temporaryDirectory.path + "/no-pcscd-here.comm"]
        for arguments in [["token", "list"], ["token", "info", "--wait", "1"]] {
            let run = try SkewProcess.run(arguments, environment: environment)
            XCTAssertEqual(run.status, 69, run.stderr)
            XCTAssertTrue(run.stderr.contains("pcscd is not running. Fix: start it with `pcscd` (or `systemctl start pcscd`)"), run.stderr)
        }
        let report = try SkewProcess.run(["token", "list", "--format", "json"], environment: environment)
        XCTAssertEqual(report.status, 69, report.stderr)
        XCTAssertEqual(report.stdout, "", "no report, not an empty one, when pcscd cannot be asked")
    }

    func testEmulatorWithoutVpcdExits69() throws {
        let run = try SkewProcess.run(["emulate", "--port", "1", "--connect-timeout", "0"])
        XCTAssertEqual(run.status, 69, run.stderr)
        XCTAssertTrue(run.stderr.contains("cannot reach vpcd at 127.0.0.1:1"), run.stderr)
    }

    func testDryRunSendsNothing() throws {
        let run = try SkewProcess.run(["token", "info", "--dry-run"],
                                      environment: ["PCSCLITE_CSOCK_NAME": "/nonexistent/pcscd.comm"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "would send: 80 41 00 00 02 02 11  [GET INFO]\nthen, only if that got no Token2 answer: 86 02 10 10  [READ INFO]\nthen, only if that got no Protectimus answer: 80 41 00 00 00  [GET INFO]\n")
    }
}
