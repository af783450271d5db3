import Foundation
import OTPCore
import XCTest

/// The Protectimus family and family detection through real pcscd + vpcd + `skew emulate`,
/// driving the built binary. The emulator's own log of received commands (--log-apdus) proves
/// what reached each card: detection never sends a write to either family.
final class ProtectimusCLITests: TokenStackTestCase {
    private static let seedBase32 = "GEZDGNBVGY3DQOJQGEZDGNBVGY3DQOJQ"
    private var seedFile: URL!
    private var history: URL!

    override func setUpWithError() throws {
        try super.setUpWithError()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skew-protectimus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        seedFile = folder.appendingPathComponent("seed")
        try Self.seedBase32.write(to: seedFile, atomically: true, encoding: .utf8)
        history = folder.appendingPathComponent("history.sqlite")
    }

    override func tearDown() {
        super.tearDown()
        if let seedFile { try? FileManager.default.removeItem(at: seedFile.deletingLastPathComponent()) }
    }

    private func protectimus(offset: Double, interval: Int = 2, extra: [String] = []) throws -> EmulatorProcess {
        try EmulatorProcess(["--family", "protectimus", "--seed-file", seedFile.path, "--offset", String(offset),
                             "--interval", String(interval), "--log-apdus"] + extra)
    }

    private func json(_ run: SkewRun) throws -> [String: Any] {
        try ReportSchema.validObject(run)
    }

    /// The commands the emulator logged as received, in order.
    private func received(_ emulator: EmulatorProcess) -> [String] {
        emulator.log.split(separator: "\n").compactMap { line in
            line.range(of: "emulate: received ").map { String(line[$0.upperBound...]) }
        }
    }

    func testInfoDetectsProtectimusWithReadsOnlyAndShowsItsCode() throws {
        emulator = try protectimus(offset: 0, interval: 30)
        let run = try SkewProcess.run(["token", "info", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let info = try json(run)
        XCTAssertEqual(info["family"] as? String, "protectimus")
        XCTAssertEqual(info["hardware_scheme"] as? String, "70")
        XCTAssertEqual(info["firmware"] as? String, "10.01")
        XCTAssertEqual(info["hardware_rtc"] as? Bool, true)
        XCTAssertEqual(info["period_seconds"] as? Int, 30)
        let readAt = try XCTUnwrap((info["otp_read_at"] as? [String: Any])?["unix"] as? Double)
        let totp = TOTP(secret: try Secret(bytes: Base32.decode(Self.seedBase32)), parameters: OTPParameters())
        let expected = [-0.01, 0, 0.01].compactMap { totp.code(at: readAt + $0) }
        XCTAssertTrue(expected.contains(info["otp"] as? String ?? ""), "\(info["otp"] ?? "none") is not the seed's code now")
        XCTAssertEqual(received(try XCTUnwrap(emulator)), ["80 41 00 00 02 02 11", "86 02 10 10", "86 03 42 00 42"],
                       "Token2 GET INFO, then READ INFO, then READ OTP: no write")
    }

    func testToken2TokenOnlyEverSeesGetInfoFromDetectionAuditAndProtectimusSync() throws {
        emulator = try EmulatorProcess(["--model", "C302-i", "--log-apdus"])
        let info = try SkewProcess.run(["token", "info", "--format", "json"])
        XCTAssertEqual(info.status, 0, info.stderr)
        XCTAssertEqual(try json(info)["model"] as? String, "C302-i")
        let audit = try SkewProcess.run(["token", "audit", "--format", "json"])
        XCTAssertEqual(audit.status, 0, audit.stderr)
        let findings = try XCTUnwrap(try json(audit)["findings"] as? [[String: Any]])
        let byID = Dictionary(uniqueKeysWithValues: findings.map { ($0["id"] as? String ?? "", $0["status"] as? String ?? "") })
        XCTAssertEqual(byID, ["otp-readable": "not-vulnerable", "time-write-unauthenticated": "not-vulnerable",
                              "time-write-keeps-seed": "by-design", "access-key": "not-tested"])
        let sync = try SkewProcess.run(["token", "sync-protectimus", "--secret-file", seedFile.path])
        XCTAssertEqual(sync.status, 65, sync.stderr)
        XCTAssertTrue(sync.stderr.contains("is a Token2 token, not a Protectimus; nothing was written"), sync.stderr)
        XCTAssertEqual(received(try XCTUnwrap(emulator)), Array(repeating: "80 41 00 00 02 02 11", count: 3))

        let keyCheck = try SkewProcess.run(["token", "audit", "--allow-auth-check", "--format", "json"])
        XCTAssertEqual(keyCheck.status, 1, "the published key works: a high-severity finding")
        let key = try XCTUnwrap((try json(keyCheck)["findings"] as? [[String: Any]])?.first { $0["id"] as? String == "access-key" })
        XCTAssertEqual(key["status"] as? String, "vulnerable")
        let sent = received(try XCTUnwrap(emulator))
        XCTAssertEqual(Array(sent.suffix(3)), ["80 41 00 00 02 02 11", "80 4B 08 00 00", "80 CE 00 00 10 … (21 bytes)"])
        XCTAssertFalse(sent.contains { $0.hasPrefix("84") || $0.hasPrefix("86") }, "no write and no Protectimus frame: \(sent)")
    }

    /// `skew drift measure` from the code's transitions, against fractional, negative and
    /// just-off-a-whole-second offsets (a 2 s test interval keeps each measurement under 2.5 s).
    func testDriftFromCodeTransitionsWithin20Milliseconds() throws {
        for offset in [-1.2345, -0.0007, 0.9995, 1.0005, 62.5] {
            emulator = try protectimus(offset: offset)
            let run = try SkewProcess.run(["drift", "measure", "--secret-file", seedFile.path, "--period", "2",
                                           "--history", history.path, "--format", "json"])
            XCTAssertEqual(run.status, 0, run.stderr)
            let result = try json(run)
            let measured = try XCTUnwrap(result["offset_seconds"] as? Double)
            XCTAssertEqual(measured, offset, accuracy: 0.02, "offset \(offset)")
            XCTAssertEqual(result["method"] as? String, "otp-edge")
            XCTAssertLessThan(try XCTUnwrap(result["measuring_seconds"] as? Double), 2.5, "within one step plus a little")
            emulator?.stop()
            emulator = nil
        }
        let rows = try json(try SkewProcess.run(["drift", "history", "--history", history.path, "--format", "json"]))
        XCTAssertEqual((rows["events"] as? [[String: Any]])?.filter { $0["method"] as? String == "otp-edge" }.count, 5, "\(rows)")
    }

    /// A fast clock (20000 ppm, so seconds show it): three OTP-edge measurements feed the drift fit.
    func testOTPEdgeMeasurementsFeedTheDriftFit() throws {
        emulator = try protectimus(offset: 3.3, extra: ["--drift-ppm", "20000"])
        for _ in 0..<3 {
            let run = try SkewProcess.run(["drift", "measure", "--secret-file", seedFile.path, "--period", "2", "--history", history.path])
            XCTAssertEqual(run.status, 0, run.stderr)
        }
        let fingerprint = try Secret(bytes: Base32.decode(Self.seedBase32)).fingerprint
        let forecast = try SkewProcess.run(["drift", "forecast", "secret:\(fingerprint)", "--history", history.path, "--format", "json"])
        XCTAssertEqual(forecast.status, 0, forecast.stderr)
        let fit = try XCTUnwrap(try json(forecast)["fit"] as? [String: Any])
        XCTAssertEqual(try XCTUnwrap(fit["ppm"] as? Double), 20000, accuracy: 3000)
    }

    func testSyncAlignsTheClockAndTheCodeEdgeConfirmsIt() throws {
        emulator = try protectimus(offset: 47.37)
        let sync = try SkewProcess.run(["token", "sync-protectimus", "--secret-file", seedFile.path, "--period", "2",
                                        "--history", history.path, "--format", "json"])
        XCTAssertEqual(sync.status, 0, sync.stderr)
        XCTAssertTrue(sync.stderr.contains("`skew token sync-protectimus` is an alias of `skew sync`"), sync.stderr)
        let report = try json(sync)
        XCTAssertEqual(report["verified"] as? Bool, true)
        XCTAssertEqual(report["acknowledged"] as? Bool, true)
        let schema = try XCTUnwrap(report["schema"] as? [String: Any])
        XCTAssertEqual(schema["name"] as? String, "skew.sync", "the same layout as `skew sync`")
        XCTAssertEqual(schema["version"] as? Int, 3)
        let measure = try SkewProcess.run(["drift", "measure", "--secret-file", seedFile.path, "--period", "2", "--no-record",
                                           "--format", "json"])
        XCTAssertEqual(measure.status, 0, measure.stderr)
        XCTAssertEqual(try XCTUnwrap(try json(measure)["offset_seconds"] as? Double), 0, accuracy: 0.02, "synced to the host clock")
        let writes = received(try XCTUnwrap(emulator)).filter { $0.hasPrefix("86 0A 12") }
        XCTAssertEqual(writes, [report["frame"] as? String ?? "?"], "exactly one SET TIME")
        let events = try json(try SkewProcess.run(["drift", "history", "--history", history.path, "--format", "json"]))["events"]
        XCTAssertEqual((events as? [[String: Any]])?.first?["kind"] as? String, "sync")
    }

    /// `skew sync` finds no Token2 answer to GET INFO and carries on as `skew token sync-protectimus`.
    func testSkewSyncOnAProtectimusTokenSetsItWithSetTime() throws {
        emulator = try protectimus(offset: -73.6, interval: 30)
        let sync = try SkewProcess.run(["sync", "--secret-file", seedFile.path, "--no-record", "--format", "json"])
        XCTAssertEqual(sync.status, 0, sync.stderr)
        let report = try json(sync)
        XCTAssertEqual(report["family"] as? String, "protectimus")
        XCTAssertEqual(report["readback_steps"] as? Int, 0)
        XCTAssertEqual(try XCTUnwrap(report["offset_after_seconds"] as? Double), 0, accuracy: 0.02)
        XCTAssertEqual(received(try XCTUnwrap(emulator)).filter { !$0.hasPrefix("86 03") },
                       ["80 41 00 00 02 02 11", "86 02 10 10", report["frame"] as? String ?? "?"])
    }

    /// How a real Protectimus answers Token2's GET INFO is unknown: an error status, no bytes, a
    /// response timeout and a dropped link must all lead `info`, `audit`, `sync` and `drift` on to
    /// READ INFO (reconnecting where the link broke), never to "the link dropped" (exit 74).
    func testProtectimusAnsweringGetInfoWithAnErrorIsDetectedEverywhere() throws { try assertDetectedEverywhere(foreignAnswer: "error") }
    func testProtectimusAnsweringGetInfoWithNoBytesIsDetectedEverywhere() throws { try assertDetectedEverywhere(foreignAnswer: "empty") }
    func testProtectimusTimingOutOnGetInfoIsDetectedEverywhere() throws { try assertDetectedEverywhere(foreignAnswer: "timeout") }
    func testProtectimusDroppingTheLinkOnGetInfoIsDetectedEverywhere() throws { try assertDetectedEverywhere(foreignAnswer: "drop") }

    private func assertDetectedEverywhere(foreignAnswer: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let extra = ["--foreign-answer", foreignAnswer]
        emulator = try protectimus(offset: 41.5, interval: 30, extra: extra)
        let info = try SkewProcess.run(["token", "info", "--format", "json"])
        XCTAssertEqual(info.status, 0, info.stderr, file: file, line: line)
        XCTAssertEqual(try json(info)["family"] as? String, "protectimus", file: file, line: line)
        let audit = try SkewProcess.run(["token", "audit", "--format", "json"])
        XCTAssertEqual(audit.status, 1, "a readable code is a high-severity finding: \(audit.stderr)", file: file, line: line)
        XCTAssertEqual(try json(audit)["family"] as? String, "protectimus", file: file, line: line)
        let sync = try SkewProcess.run(["sync", "--secret-file", seedFile.path, "--no-record", "--format", "json"])
        XCTAssertEqual(sync.status, 0, sync.stderr, file: file, line: line)
        XCTAssertEqual(try json(sync)["verified"] as? Bool, true, file: file, line: line)
        let log = try XCTUnwrap(emulator).log
        let sent = received(try XCTUnwrap(emulator))
        XCTAssertEqual(sent.filter { $0 == "80 41 00 00 02 02 11" }.count, 3, "one GET INFO per command: \(sent)", file: file, line: line)
        XCTAssertEqual(sent.filter { $0.hasPrefix("86 0A") }.count, 1, "the sync's SET TIME is the only write: \(sent)", file: file, line: line)
        if foreignAnswer != "error" {
            XCTAssertEqual(log.components(separatedBy: "(foreign answer: \(foreignAnswer))").count - 1, 3,
                           "the emulator went quiet on each GET INFO: \(log)", file: file, line: line)
        }
        emulator?.stop()
        emulator = try protectimus(offset: -3.25, extra: extra)
        let drift = try SkewProcess.run(["drift", "measure", "--secret-file", seedFile.path, "--period", "2", "--no-record",
                                         "--format", "json"])
        XCTAssertEqual(drift.status, 0, drift.stderr, file: file, line: line)
        XCTAssertEqual(try json(drift)["method"] as? String, "otp-edge", file: file, line: line)
        XCTAssertEqual(try XCTUnwrap(try json(drift)["offset_seconds"] as? Double), -3.25, accuracy: 0.02, file: file, line: line)
    }

    /// `--secret -` is read once per run, also when `sync` turns out to face a Protectimus token.
    func testSyncReadsTheSecretFromStandardInputOnce() throws {
        emulator = try protectimus(offset: -8.5, interval: 30)
        let dry = try SkewProcess.run(["sync", "--secret", "-", "--no-record", "--dry-run"], stdin: Self.seedBase32)
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertTrue(dry.stdout.contains("[SET TIME, e.g. "), dry.stdout)
        XCTAssertFalse(received(try XCTUnwrap(emulator)).contains { $0.hasPrefix("86 0A") }, "a dry run writes nothing")
        let sync = try SkewProcess.run(["sync", "--secret", "-", "--no-record", "--format", "json"], stdin: Self.seedBase32)
        XCTAssertEqual(sync.status, 0, sync.stderr)
        XCTAssertEqual(try json(sync)["verified"] as? Bool, true)
        XCTAssertEqual(try XCTUnwrap(try json(sync)["offset_after_seconds"] as? Double), 0, accuracy: 0.02)
    }

    func testAuditWritesOnlyTheTrueTimeAndFindsTheTimeTravelFlaw() throws {
        emulator = try protectimus(offset: 95.3, interval: 30)
        let dry = try SkewProcess.run(["token", "audit"])
        XCTAssertEqual(dry.status, 1, "a readable code is a high-severity finding")
        XCTAssertFalse(received(try XCTUnwrap(emulator)).contains { $0.hasPrefix("86 0A") }, "no write unless --allow-time-write")
        let before = Date().timeIntervalSince1970
        let audit = try SkewProcess.run(["token", "audit", "--allow-time-write", "--secret-file", seedFile.path, "--format", "json"])
        XCTAssertEqual(audit.status, 1, audit.stderr)
        let report = try json(audit)
        let statuses = Dictionary(uniqueKeysWithValues: try XCTUnwrap(report["findings"] as? [[String: Any]]).map {
            ($0["id"] as? String ?? "", $0["status"] as? String ?? "")
        })
        XCTAssertEqual(statuses, ["otp-readable": "vulnerable", "time-write-unauthenticated": "vulnerable",
                                  "time-write-keeps-seed": "vulnerable", "access-key": "by-design"])
        let writes = received(try XCTUnwrap(emulator)).filter { $0.hasPrefix("86 0A 12") }
        XCTAssertEqual(writes.count, 1)
        let bytes = try Hex.decode(writes[0].replacingOccurrences(of: " ", with: ""))
        let written = Double(bytes[6...9].reduce(0) { $0 << 8 | UInt32($1) }) * 30 + Double(bytes[10])
        XCTAssertTrue(written >= before.rounded(.down) && written <= Date().timeIntervalSince1970 + 1,
                      "the only time written is the current true time, not the token's +95 s")
    }

    /// The emulator's own options are usage errors (64); an unset seed variable is missing data (65),
    /// as for `--secret-env`.
    func testEmulatorOptionErrors() throws {
        let cases: [([String], Int32, String)] = [
            (["--family", "protectimus"], 64, "seed: no seed was given. Fix: give exactly one of --seed-file PATH or --seed-env VAR"),
            (["--family", "protectimus", "--seed-env", "SKEW_TEST_UNSET_SEED"], 65, "--seed-env SKEW_TEST_UNSET_SEED: the environment variable is not set"),
            (["--family", "protectimus", "--seed-file", seedFile.path, "--seed-env", "SKEW_TEST_UNSET_SEED"], 64, "the seed was given more than once"),
            (["--family", "protectimus", "--seed-file", seedFile.path, "--state", "/tmp/x.json"], 64, "--state: does not apply to --family protectimus"),
            (["--family", "protectimus", "--seed-file", seedFile.path, "--interval", "45"], 64, "--interval: 45 s is not 30 or 60"),
            (["--interval", "2"], 64, "do not apply to --family token2"),
            (["--foreign-answer", "empty"], 64, "do not apply to --family token2"),
            (["--tries", "3"], 64, "--clock-model/--button/--tries: apply to --family molto2 only, not token2"),
            (["--family", "molto2", "--button", "later"], 64, "--button later: is not a way to press the button"),
            (["--family", "molto2", "--serial", "86596220000001"], 64, "--serial: '86596220000001' is not 15 digits"),
            (["--family", "molto2", "--lockout", "3"], 64, "do not apply to --family molto2"),
            (["--family", "protectimus", "--seed-file", seedFile.path, "--foreign-answer", "mute"], 64,
             "'mute' is invalid for '--foreign-answer <foreign-answer>'. Please provide one of 'error', 'empty', 'timeout' or 'drop'"),
            (["--family", "yubikey"], 64, "'yubikey' is invalid for '--family <family>'. Please provide one of 'token2', 'protectimus' or 'molto2'"),
            (["--info-preset", "ones"], 64, "'ones' is invalid for '--info-preset <info-preset>'"),
        ]
        for (arguments, status, message) in cases {
            let run = try SkewProcess.run(["emulate", "--connect-timeout", "0"] + arguments)
            XCTAssertEqual(run.status, status, "\(arguments): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains(message), "\(arguments): \(run.stderr)")
        }
        let family = try SkewProcess.run(["emulate", "--connect-timeout", "0", "--family", "yubikey"])
        XCTAssertEqual(family.status, 64, "a typed option: a usage error")
        XCTAssertTrue(family.stderr.contains("'token2', 'protectimus' or 'molto2'"), family.stderr)
    }

    func testDryRunsSendNothing() throws {
        let info = try SkewProcess.run(["token", "info", "--dry-run", "--family", "token2"])
        XCTAssertEqual(info.stdout, "would send: 80 41 00 00 02 02 11  [GET INFO]\n", "a named family skips the other probe")
        let sync = try SkewProcess.run(["token", "sync-protectimus", "--dry-run", "--secret-file", seedFile.path, "--family", "protectimus",
                                        "--ntp", "192.0.2.1"])
        XCTAssertEqual(sync.status, 0, sync.stderr)
        XCTAssertTrue(sync.stdout.hasPrefix("would send: 86 02 10 10  [READ INFO]\nthen: 86 03 42 00 42"), sync.stdout)
        XCTAssertTrue(sync.stdout.contains("86 0A 12 00 00 1E "), sync.stdout)
        let audit = try SkewProcess.run(["token", "audit", "--dry-run", "--allow-time-write"])
        XCTAssertEqual(audit.status, 0, audit.stderr)
        XCTAssertTrue(audit.stdout.contains("then, Protectimus: 86 03 42 00 42  [READ OTP], and one SET TIME of the current true second"), audit.stdout)
    }
}
