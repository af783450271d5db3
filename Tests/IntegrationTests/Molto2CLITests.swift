import Foundation
import History
import XCTest

/// The Molto2 through real pcscd + vpcd against `skew emulate --family molto2`, driving the built
/// binary: token info, drift under both clock models, detection among the three families on one
/// reader, and the audit.
final class Molto2CLITests: TokenStackTestCase {
    private var folder: URL!
    private var database: String { folder.appendingPathComponent("history.sqlite").path }

    override func setUpWithError() throws {
        try super.setUpWithError()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("skew-molto2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        super.tearDown()
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    private func json(_ arguments: [String], status: Int32 = 0) throws -> [String: Any] {
        let run = try SkewProcess.run(arguments + ["--format", "json"])
        XCTAssertEqual(run.status, status, run.stderr)
        return try ReportSchema.validObject(run)
    }

    func testInfoShowsSerialClockAndEveryProfileUnderBothClockModels() throws {
        for model in ["device", "per-profile"] {
            emulator = try EmulatorProcess(["--family", "molto2", "--clock-model", model, "--offset", "-42.3", "--serial", "826658719844499"])
            let info = try json(["token", "info", "--reader", TokenHarness.reader])
            XCTAssertEqual(info["family"] as? String, "molto2")
            XCTAssertEqual(info["serial"] as? String, "826658719844499")
            XCTAssertEqual(try XCTUnwrap(info["offset_seconds"] as? Double), -42.3, accuracy: 0.6, model)
            let profiles = try XCTUnwrap(info["profiles"] as? [[String: Any]])
            XCTAssertEqual(profiles.count, 100)
            XCTAssertEqual(profiles[99]["profile"] as? Int, 99)
            XCTAssertEqual(profiles[0]["seed_present"] as? Bool, false)
            XCTAssertEqual(profiles[0]["digits"] as? Int, 6)
            let table = try SkewProcess.run(["token", "info", "--reader", TokenHarness.reader])
            XCTAssertTrue(table.stdout.contains("0 with a seed, 100 untouched"), table.stdout)
            emulator?.stop()
            emulator = nil
        }
    }

    /// The same grid as the single-profile token's (DriftTokenTests), held to 2 ms, under both
    /// clock models: the GET INFO clock to the millisecond, recorded in the history.
    func testDriftOfTheGetInfoClockWithin2MillisecondsOverTheGrid() throws {
        var errors: [Double] = []
        for model in ["device", "per-profile"] {
            for offset in [-3.2371, -0.999, -0.5, -0.0005, 0.0005, 0.25, 0.9995, 1.5, 7.4] {
                emulator = try EmulatorProcess(["--family", "molto2", "--clock-model", model, "--offset", String(offset)])
                let report = try json(["drift", "--reader", TokenHarness.reader, "--history", database])
                let measured = try XCTUnwrap(report["offset_seconds"] as? Double)
                errors.append(abs(measured - offset))
                XCTAssertEqual(measured, offset, accuracy: 0.002, "\(model) offset \(offset)")
                XCTAssertEqual(report["method"] as? String, "molto2-get-info-edge")
                emulator?.stop()
                emulator = nil
            }
        }
        errors.sort()
        print("molto2 drift grid: median error \(errors[errors.count / 2] * 1000) ms, worst \(errors.last! * 1000) ms over \(errors.count) runs")
        XCTAssertEqual(try SQLiteHistoryStore(path: database).events(token: "826658710000001").count, 18)
    }

    /// Token2, Molto2 and Protectimus on the same reader one after another, each recognised by reads only.
    func testDetectionOfTheThreeFamiliesOnOneReader() throws {
        let seedFile = folder.appendingPathComponent("seed").path
        try "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ".write(toFile: seedFile, atomically: true, encoding: .utf8)
        for (arguments, family) in [(["--family", "molto2"], "molto2"), ([], "token2"), (["--family", "protectimus", "--seed-file", seedFile], "protectimus"),
                                    (["--family", "molto2", "--clock-model", "per-profile"], "molto2")] {
            emulator = try EmulatorProcess(arguments + ["--log-apdus"])
            let info = try json(["token", "info", "--reader", TokenHarness.reader])
            XCTAssertEqual(info["family"] as? String, family)
            let log = emulator!.log
            for write in ["received 84 ", "received 80 CE", "received 80 E6", "received 86 0A 12"] {
                XCTAssertFalse(log.contains(write), "\(family): \(write)\n\(log)")
            }
            emulator?.stop()
            emulator = nil
        }
    }

    func testAuditTriesTheFactoryKeyAndDeletesOnlyWhenAllowed() throws {
        emulator = try EmulatorProcess(["--family", "molto2", "--log-apdus"])
        let plain = try json(["token", "audit", "--reader", TokenHarness.reader])
        let findings = { (report: [String: Any]) in
            Dictionary(uniqueKeysWithValues: ((report["findings"] as? [[String: Any]]) ?? []).map { ($0["id"] as? String ?? "", $0["status"] as? String ?? "") })
        }
        XCTAssertEqual(findings(plain)["access-key"], "not-tested")
        XCTAssertEqual(findings(plain)["delete-unauthenticated"], "not-tested")
        XCTAssertFalse(emulator!.log.contains("received 80 CE"), "no authentication unasked")
        let checked = try json(["token", "audit", "--reader", TokenHarness.reader, "--allow-auth-check", "--allow-delete-check", "4"], status: 1)
        XCTAssertEqual(findings(checked)["access-key"], "vulnerable", "the factory key works: a high finding, exit 1")
        XCTAssertEqual(findings(checked)["delete-unauthenticated"], "not-tested", "profile 4 holds no seed")
        let token2 = try SkewProcess.run(["token", "audit", "--reader", TokenHarness.reader, "--family", "token2", "--allow-delete-check", "4"])
        XCTAssertNotEqual(token2.status, 0, "a Molto2 does not answer the single-profile GET INFO")

        // A throwaway seed on the expendable profile, then the deletion without the key.
        let key = folder.appendingPathComponent("key").path
        try "TOKEN2MOLTO1-KEY".write(toFile: key, atomically: true, encoding: .utf8)
        let burn = try SkewProcess.run(["burn", "--reader", TokenHarness.reader, "--profile", "4", "--secret-env", "SEED", "--key-file", key,
                                        "--no-record", "--history", database], environment: ["SEED": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"])
        XCTAssertEqual(burn.status, 0, burn.stderr)
        let authenticationsBefore = emulator!.log.components(separatedBy: "received 80 CE").count
        let deleted = try json(["token", "audit", "--reader", TokenHarness.reader, "--allow-delete-check", "4"])
        XCTAssertEqual(findings(deleted)["delete-unauthenticated"], "vulnerable")
        XCTAssertEqual(emulator!.log.components(separatedBy: "received 80 CE").count, authenticationsBefore, "deleted without authenticating")
        XCTAssertTrue(emulator!.log.contains("received 80 E6 00 04 00"), emulator!.log)
        XCTAssertEqual((deleted["writes_sent"] as? [String])?.count, 1)
        let info = try json(["token", "info", "--reader", TokenHarness.reader])
        XCTAssertEqual((info["profiles"] as? [[String: Any]])?[4]["seed_present"] as? Bool, false)
    }
}
