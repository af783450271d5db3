import Foundation
import XCTest

/// `skew sync` through real pcscd + vpcd against the virtual token (second vpcd slot).
final class SyncCLITests: TokenWriteTestCase {
    private let seedBase32 = "JBSWY3DPEHPK3PXP"
    private let seedHex = "48656C6C6F21DEADBEEF"

    func testUnrestrictedModelKeepsSeedAndEndsWithinOneSecond() throws {
        try writeState(serial: "86596000000042", model: "miniOTP-2-i", restricted: false, seedHex: seedHex, offset: 37.5)
        try startToken([])
        let before = try skew(["token", "info", "--format", "json"])
        XCTAssertEqual(try json(before)["offset_seconds"] as? Double ?? 0, 37.5, accuracy: 0.6)
        XCTAssertEqual(try json(before)["family"] as? String, "token2", "one token-info layout for every family")

        let run = try skew(["sync", "--format", "json", "--trace"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let report = try json(run)
        XCTAssertEqual(report["verified"] as? Bool, true)
        XCTAssertEqual(report["family"] as? String, "token2", "one sync layout for every family")
        XCTAssertNil(report["secret_fingerprint"], "no seed was given or written")
        XCTAssertEqual(report["offset_before_seconds"] as? Double ?? 0, 37.5, accuracy: 0.6)
        XCTAssertEqual(report["readback_offset_seconds"] as? Double ?? 9, 0, accuracy: 0.1)
        XCTAssertEqual(authenticateCount(run), 1)
        XCTAssertFalse(run.stderr.contains("[WRITE SEED]"), "an unrestricted sync writes no seed")

        XCTAssertEqual(try tokenState()["seed_hex"] as? String, seedHex, "the seed survived the time write")
        XCTAssertEqual(try stateOffset(), 0, accuracy: 0.1, "the token's second starts on the host's whole second")
        let after = try skew(["token", "info", "--format", "json"])
        XCTAssertEqual(try json(after)["offset_seconds"] as? Double ?? 9, 0, accuracy: 1)
        let window = try windowCodes(secretBase32: seedBase32)
        let shown = try XCTUnwrap(displayedCode())
        XCTAssertTrue(window.values.contains(shown), "the token's code \(shown) is one of skew window's \(window)")
        let counter = try Int(Date().timeIntervalSince1970 + stateOffset()) / 30
        XCTAssertEqual(window[counter] ?? shown, shown, "and the one for the current step")
    }

    func testRestrictedModelNeedsTheSeedAndThenWritesBoth() throws {
        try writeState(serial: "86596220000042", model: "OTPC-P2-i", restricted: true, seedHex: seedHex, offset: -12.25)
        try startToken([])
        let refused = try skew(["sync", "--trace"])
        XCTAssertEqual(refused.status, 65, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("a OTPC-P2-i erases its seed on every time write, and a sync is a time write"), refused.stderr)
        XCTAssertEqual(authenticateCount(refused), 0, "refused before authenticating")
        XCTAssertEqual(try tokenState()["seed_hex"] as? String, seedHex)
        XCTAssertEqual(try stateOffset(), -12.25, accuracy: 0.05, "clock untouched")

        let newSeed = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"   // "12345678901234567890"
        let run = try skew(["sync", "--secret-env", "SEED", "--format", "json", "--trace"], environment: ["SEED": newSeed])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try json(run)["secret_fingerprint"] as? String, try fingerprint(of: newSeed))
        XCTAssertTrue(run.stderr.contains("warning: OTPC-P2-i erases its seed on a time write: the seed given is written again in the same session"), run.stderr)
        let sent = run.stderr.components(separatedBy: "\n").filter { $0.hasPrefix("trace: > ") }
        let names = sent.compactMap { $0.split(separator: "[").last.map { String($0.dropLast()) } }.filter { $0 != "GET INFO" }
        XCTAssertEqual(names, ["GET CHALLENGE", "AUTHENTICATE", "WRITE CONFIG", "WRITE SEED"], "config then seed in one session")
        XCTAssertFalse(run.stderr.contains(newSeed) || run.stdout.contains(newSeed), "the secret never shows")
        XCTAssertEqual(try tokenState()["seed_hex"] as? String, "3132333435363738393031323334353637383930")
        XCTAssertEqual(try stateOffset(), 0, accuracy: 0.1)
    }

    func testUnknownPrefixIsRefusedWithoutModelAndAssumedToWipeWithIt() throws {
        try startToken(["--serial", "86596230000001", "--offset", "5"])
        let refused = try skew(["sync", "--trace"])
        XCTAssertEqual(refused.status, 65, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("serial prefix 8659623 is not a known programmable model"), refused.stderr)
        XCTAssertEqual(authenticateCount(refused), 0)
        let withModel = try skew(["sync", "--model", "miniOTP-2-i"])
        XCTAssertEqual(withModel.status, 65, withModel.stderr)
        XCTAssertTrue(withModel.stderr.contains("serial prefix 8659623 is unknown, so skew assumes a time write erases its seed"), withModel.stderr)
        let mismatch = try skew(["sync", "--model", "nonsense"])
        XCTAssertEqual(mismatch.status, 64, "a model name not in the table is an option value outside its list")
        XCTAssertTrue(mismatch.stderr.contains("'nonsense' is not in the model table"), mismatch.stderr)
    }

    func testSyncIsRecordedInTheHistory() throws {
        try startToken(["--serial", "86596320000009", "--offset", "3.5"])
        let run = try skew(["sync", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let report = try json(run)
        XCTAssertNotNil(report["history_id"] as? Int)
        let history = try SkewProcess.run(["drift", "history", "86596320000009", "--history", historyPath, "--format", "json"])
        XCTAssertEqual(history.status, 0, history.stderr)
        XCTAssertTrue(history.stdout.contains("\"sync-readback\""), history.stdout)
        XCTAssertTrue(history.stdout.contains("\"sync\""), history.stdout)
        let table = try SkewProcess.run(["drift", "history", "86596320000009", "--history", historyPath])
        XCTAssertTrue(table.stdout.contains("sync"), table.stdout)
        let unrecorded = try skew(["sync", "--no-record", "--format", "json"])
        XCTAssertEqual(unrecorded.status, 0, unrecorded.stderr)
        XCTAssertNil(try json(unrecorded)["history_id"])
    }

    func testDryRunReadsInfoOnlyAndWritesNothing() throws {
        try writeState(serial: "86596220000042", model: "OTPC-P2-i", restricted: true, seedHex: seedHex, offset: 20)
        try startToken([])
        let stateBefore = try Data(contentsOf: URL(fileURLWithPath: statePath))
        let run = try skew(["sync", "--dry-run", "--secret-env", "SEED", "--trace"], environment: ["SEED": seedBase32])
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "sent: 80 41 00 00 02 02 11  [GET INFO] (read-only; a dry run sends nothing else)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("would send: 84 C5 01 00 14 ** ** ") && $0.contains("[WRITE SEED]") }, run.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("would send: 84 D4 00 00 17 81 11 1F 01 01 0F 04 ") && $0.contains("86 06 0A 01 01 0D 01 1E ** ** ** **  [WRITE CONFIG]") }, run.stdout)
        let sent = run.stderr.components(separatedBy: "\n").filter { $0.hasPrefix("trace: > ") }
        XCTAssertEqual(sent, ["trace: > 80 41 00 00 02 02 11  [GET INFO]"], "only GET INFO went to the token")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: statePath)), stateBefore, "the token is unchanged")

        let shown = try skew(["sync", "--dry-run", "--show-secrets", "--secret-env", "SEED"], environment: ["SEED": seedBase32])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        let seedLine = try XCTUnwrap(shown.stdout.split(separator: "\n").first { $0.contains("[WRITE SEED]") })
        XCTAssertFalse(seedLine.contains("**"), String(seedLine))
        XCTAssertTrue(shown.stderr.contains("secrets shown: the WRITE SEED line carries the seed"), shown.stderr)
    }

    func testNTPReferenceRefusesAWrongHostClockUnlessForced() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/chronyd") else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("chronyd is missing: scripts/install-deps installs chrony") }
            throw XCTSkip("chronyd is not installed (apt-get install chrony)")
        }
        let server = try ChronyServer(shift: 2.0)
        defer { server.stop() }
        try server.waitForLock(expected: 2.0)
        try startToken(["--serial", "86596000000042", "--offset", "-4"])
        let ntp = "127.0.0.1:\(server.port)"
        let refused = try skew(["sync", "--ntp", ntp, "--trace"])
        XCTAssertEqual(refused.status, 69, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("the host clock is 2.00 s behind 127.0.0.1:\(server.port), more than --max-host-offset 0.50 s"), refused.stderr)
        XCTAssertFalse(refused.stderr.contains("trace:"), "refused before touching the token")

        let forced = try skew(["sync", "--ntp", ntp, "--force", "--format", "json"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        let report = try json(forced)
        XCTAssertEqual(report["reference"] as? String, "ntp:127.0.0.1:\(server.port)")
        XCTAssertEqual(report["host_offset_seconds"] as? Double ?? 0, -2.0, accuracy: 0.01, "host − server: the host is 2 s behind")
        XCTAssertEqual(report["readback_offset_seconds"] as? Double ?? 9, 0, accuracy: 0.1, "token matches NTP time")
        XCTAssertEqual(try stateOffset(), 2.0, accuracy: 0.1, "so it runs 2 s ahead of the wrong host clock")

        let allowed = try skew(["sync", "--ntp", ntp, "--max-host-offset", "3", "--no-record"])
        XCTAssertEqual(allowed.status, 0, allowed.stderr)
    }

    private func fingerprint(of base32: String) throws -> String {
        let run = try SkewProcess.run(["window", "--secret-env", "S", "--format", "json"], environment: ["S": base32])
        let parameters = try XCTUnwrap(json(run)["parameters"] as? [String: Any])
        return try XCTUnwrap(parameters["secret_fingerprint"] as? String)
    }
}
