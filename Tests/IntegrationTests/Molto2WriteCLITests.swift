import Foundation
import History
import XCTest

/// Molto2 writes through real pcscd + vpcd against `skew emulate --family molto2`: sync of one and
/// of all profiles under both clock models, burn checked with oathtool, delete, set-key with the
/// button, and the lockout rules.
final class Molto2WriteCLITests: TokenStackTestCase {
    private var folder: URL!
    private var database: String { folder.appendingPathComponent("history.sqlite").path }
    private var statePath: String { folder.appendingPathComponent("molto2.json").path }
    private var keyFile: String { folder.appendingPathComponent("key").path }
    private static let serial = "826658710000001"

    override func setUpWithError() throws {
        try super.setUpWithError()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("skew-molto2-write-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "TOKEN2MOLTO1-KEY\n".write(toFile: keyFile, atomically: true, encoding: .utf8)
    }

    override func tearDown() {
        super.tearDown()
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    private func start(_ arguments: [String]) throws {
        emulator?.stop()
        emulator = try EmulatorProcess(["--family", "molto2", "--state", statePath, "--log-apdus"] + arguments)
    }

    private func skew(_ arguments: [String], environment: [String: String] = [:]) throws -> SkewRun {
        try SkewProcess.run(arguments + ["--reader", TokenHarness.reader, "--history", database], environment: environment)
    }

    private func json(_ run: SkewRun) throws -> [String: Any] {
        try ReportSchema.validObject(run)
    }

    private func state() throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: statePath))) as? [String: Any])
    }

    private func authentications() -> Int { emulator?.log.components(separatedBy: "received 80 CE").count.advanced(by: -1) ?? 0 }

    func testSyncOneProfileUnderBothClockModelsReportsWhichClockMoved() throws {
        for (model, moved) in [("device", "moved"), ("per-profile", "not-moved")] {
            try? FileManager.default.removeItem(atPath: statePath)
            try start(["--clock-model", model, "--offset", "-5.3"])
            let run = try skew(["sync", "--profile", "3", "--key-file", keyFile, "--format", "json"])
            XCTAssertEqual(run.status, 0, run.stderr)
            let report = try json(run)
            XCTAssertEqual(report["verified"] as? Bool, true)
            XCTAssertEqual(report["device_clock"] as? String, moved, model)
            let profile = try XCTUnwrap((report["profiles"] as? [[String: Any]])?.first)
            XCTAssertEqual(profile["time_field_shows_write"] as? Bool, true)
            XCTAssertLessThan(abs(profile["write_arrival_error_ms"] as? Double ?? 99), 20)
            let after = try XCTUnwrap(report["device_offset_after_seconds"] as? Double)
            XCTAssertEqual(after, model == "device" ? 0 : -5.3, accuracy: 0.02, model)
            // Independent of the report: what `token info` reads back from profile 3's block.
            let info = try json(try SkewProcess.run(["token", "info", "--reader", TokenHarness.reader, "--format", "json"]))
            let block = try XCTUnwrap((info["profiles"] as? [[String: Any]])?[3])
            XCTAssertEqual(block["time_field_b"] as? Int, Int((profile["written_time"] as? [String: Any])?["unix"] as? Double ?? 0))
            XCTAssertEqual(authentications(), 1)
        }
        XCTAssertEqual(try SQLiteHistoryStore(path: database).events(token: Self.serial).filter { $0.kind == .sync }.count, 2)
    }

    func testSyncAllProfilesInOneSession() throws {
        try start(["--clock-model", "per-profile", "--offset", "2.25"])
        let dry = try skew(["sync", "--all-profiles", "--key-file", keyFile, "--dry-run"])
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertEqual(dry.stdout.components(separatedBy: "[SYNC TIME]").count - 1, 100)
        XCTAssertEqual(authentications(), 0, "a dry run sends GET INFO only")
        let run = try skew(["sync", "--all-profiles", "--key-file", keyFile, "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let profiles = try XCTUnwrap(try json(run)["profiles"] as? [[String: Any]])
        XCTAssertEqual(profiles.count, 100)
        XCTAssertTrue(profiles.allSatisfy { abs($0["write_arrival_error_ms"] as? Double ?? 99) < 25 }, "\(profiles.map { $0["write_arrival_error_ms"] ?? "" })")
        XCTAssertEqual(authentications(), 1)
    }

    /// The token leaves the reader part-way through a 100-profile sync: exit 74, and the error says
    /// which profiles hold the write and which one went out unanswered.
    func testSyncCutShortSaysWhichProfilesWereWritten() throws {
        // 1 GET INFO, 100 READ PUBLIC DATA, GET CHALLENGE, AUTHENTICATE, 3 GET INFO for the latency, then 10 writes.
        try start(["--drop-after", "116"])
        let run = try skew(["sync", "--all-profiles", "--family", "molto2", "--key-file", keyFile, "--no-record"])
        XCTAssertEqual(run.status, 74, run.stderr)
        XCTAssertTrue(run.stderr.contains("state: profiles 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 written; profile 10 sent but not answered"), run.stderr)
        XCTAssertTrue(run.stderr.contains("89 not sent"), run.stderr)
    }

    /// The burn's predicted codes are checked with oathtool against the seed the virtual token stored.
    func testBurnOneProfileThenDelete() throws {
        try start([])
        let run = try skew(["burn", "--profile", "7", "--title", "Bank", "--secret-env", "SEED", "--digits", "8", "--period", "60",
                            "--algorithm", "sha256", "--key-file", keyFile, "--no-record", "--format", "json"],
                           environment: ["SEED": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let report = try json(run)
        XCTAssertEqual(report["verified"] as? Bool, true)
        let stored = try XCTUnwrap((try state()["profiles"] as? [[String: Any]])?[7])
        XCTAssertEqual(stored["title"] as? String, "Bank")
        let seedHex = try XCTUnwrap(stored["seed_hex"] as? String)
        for expected in try XCTUnwrap(report["expected_codes"] as? [[String: Any]]) {
            let from = try XCTUnwrap((expected["from"] as? [String: Any])?["unix"] as? Double)
            XCTAssertEqual(expected["code"] as? String, try SeedConsumers.oathtoolCode(hexSeed: seedHex, algorithm: "SHA256", digits: 8, period: 60, at: Int(from)))
        }
        let table = try SkewProcess.run(["token", "info", "--reader", TokenHarness.reader])
        XCTAssertTrue(table.stdout.contains("Bank"), table.stdout)
        let occupied = try skew(["burn", "--profile", "7", "--secret-env", "SEED", "--key-file", keyFile, "--no-record"], environment: ["SEED": "JBSWY3DPEHPK3PXP"])
        XCTAssertEqual(occupied.status, 65)
        XCTAssertTrue(occupied.stderr.contains("already holds a seed"), occupied.stderr)
        XCTAssertEqual(authentications(), 1, "the occupied profile was refused before authenticating")

        let delete = try SkewProcess.run(["token", "delete", "--profile", "7", "--key-file", keyFile, "--reader", TokenHarness.reader,
                                          "--history", database, "--format", "json"])
        XCTAssertEqual(delete.status, 0, delete.stderr)
        XCTAssertEqual(try json(delete)["deleted"] as? Bool, true)
        XCTAssertNil((try state()["profiles"] as? [[String: Any]])?[7]["seed_hex"] as? String)
        let empty = try SkewProcess.run(["token", "delete", "--profile", "7", "--key-file", keyFile, "--reader", TokenHarness.reader,
                                         "--history", database, "--format", "json"])
        XCTAssertEqual(try json(empty)["deleted"] as? Bool, false, "6A 83 is already empty, not an error")
    }

    /// A Google Authenticator export (protobuf built by Python, not by skew) onto the free profiles in
    /// one session; each profile checked with oathtool against the seed the virtual token stored. An
    /// export holding an HOTP account (the QR fixture) is refused before the token is touched.
    func testBurnAGoogleAuthenticatorExportOntoFreeProfiles() throws {
        try start([])
        let occupied = try skew(["burn", "--profile", "0", "--secret-env", "SEED", "--key-file", keyFile, "--no-record"],
                                environment: ["SEED": "JBSWY3DPEHPK3PXP"])
        XCTAssertEqual(occupied.status, 0, occupied.stderr)
        let withHOTP = try skew(["burn", "--accounts", SkewProcess.packageRoot.appendingPathComponent("fixtures/qr/migration.png").path,
                                 "--key-file", keyFile, "--no-record"])
        XCTAssertEqual(withHOTP.status, 65, withHOTP.stderr)
        XCTAssertTrue(withHOTP.stderr.contains("'carol' is HOTP"), withHOTP.stderr)
        XCTAssertEqual(authentications(), 1, "refused before touching the token")
        let script = #"""
        import base64, sys, urllib.parse
        def varint(v):
            out = bytearray()
            while True:
                b = v & 0x7F; v >>= 7
                out.append(b | 0x80 if v else b)
                if not v: return bytes(out)
        def field(n, wire, payload):
            key = varint(n << 3 | wire)
            return key + (varint(payload) if wire == 0 else varint(len(payload)) + payload)
        def account(secret, name, issuer, algorithm, digits):
            body = field(1, 2, secret) + field(2, 2, name.encode()) + field(3, 2, issuer.encode())
            body += field(4, 0, algorithm) + field(5, 0, digits) + field(6, 0, 2)
            return field(1, 2, body)
        payload = account(b"12345678901234567890", "alice@example.com", "Example", 1, 1) + account(b"12345678901234567890123456789012", "bob", "Bank", 2, 2)
        payload += field(2, 0, 1) + field(3, 0, 1) + field(4, 0, 0) + field(5, 0, 7)
        print("otpauth-migration://offline?data=" + urllib.parse.quote(base64.b64encode(payload).decode(), safe=""))
        """#
        let uri = try SkewProcess.run(["-c", script], executable: URL(fileURLWithPath: "/usr/bin/python3"))
        XCTAssertEqual(uri.status, 0, uri.stderr)
        let export = folder.appendingPathComponent("export.txt").path
        try uri.stdout.write(toFile: export, atomically: true, encoding: .utf8)
        let run = try skew(["burn", "--accounts", export, "--key-file", keyFile, "--no-record", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let report = try json(run)
        XCTAssertEqual(report["verified"] as? Bool, true)
        XCTAssertEqual((report["profiles"] as? [[String: Any]])?.map { $0["profile"] as? Int }, [1, 2], "the free profiles after the occupied 0")
        XCTAssertEqual(authentications(), 2, "one AUTHENTICATE for the whole export")
        let stored = try XCTUnwrap(try state()["profiles"] as? [[String: Any]])
        XCTAssertEqual(stored[1]["title"] as? String, "Example alic", "issuer and label, cut to 12 bytes")
        XCTAssertEqual(stored[2]["title"] as? String, "Bank bob")
        let now = Int(Date().timeIntervalSince1970)
        XCTAssertEqual(try SeedConsumers.oathtoolCode(hexSeed: try XCTUnwrap(stored[1]["seed_hex"] as? String), at: now),
                       try SeedConsumers.oathtoolCode(hexSeed: "3132333435363738393031323334353637383930", at: now), "profile 1 holds alice's seed")
        XCTAssertEqual(stored[2]["digits"] as? Int, 8)
        XCTAssertEqual(stored[2]["algorithm"] as? Int, 2)
    }

    /// A plain PSKC file written by python-pskc onto the free profiles, titled by serial.
    func testBurnAPSKCFileOntoFreeProfiles() throws {
        try start([])
        let temporary = try TemporaryFolder("molto2-pskc")
        let file = folder.appendingPathComponent("tokens.pskc").path
        let tokens = #"[{"serial": "T-1", "secret": "3132333435363738393031323334353637383930", "suite": "HMAC-SHA1"}, {"serial": "T-2", "secret": "48656C6C6F21DEADBEEF00112233445566778899", "suite": "HMAC-SHA1"}]"#
        _ = try SeedConsumers.run(SeedConsumers.writePSKC, [file], stdin: tokens, in: temporary)
        let run = try skew(["burn", "--accounts", file, "--key-file", keyFile, "--no-record", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try json(run)["verified"] as? Bool, true)
        let stored = try XCTUnwrap(try state()["profiles"] as? [[String: Any]])
        XCTAssertEqual(stored.prefix(2).map { $0["title"] as? String }, ["T-1", "T-2"])
        XCTAssertEqual((stored[1]["seed_hex"] as? String)?.uppercased(), "48656C6C6F21DEADBEEF00112233445566778899")
    }

    func testSetKeyWaitsForTheButtonAndVerifiesTheNewKey() throws {
        let newKey = folder.appendingPathComponent("new-key").path
        try "NEW-MOLTO2-KEY01".write(toFile: newKey, atomically: true, encoding: .utf8)
        try start(["--button", "deny"])
        let denied = try skew(["token", "set-key", "--key-file", keyFile, "--new-key-file", newKey, "--button-wait", "0.5", "--format", "json"])
        XCTAssertEqual(denied.status, 1, denied.stderr)
        XCTAssertEqual(try json(denied)["verified"] as? Bool, false)
        XCTAssertEqual(try json(denied)["tries_left"] as? Int, 7)
        try start(["--button", "after", "1"])
        let pressed = try skew(["token", "set-key", "--key-file", keyFile, "--new-key-file", newKey, "--button-wait", "1.5", "--format", "json"])
        XCTAssertEqual(pressed.status, 0, pressed.stderr)
        let traced = try skew(["sync", "--profile", "2", "--key-file", newKey, "--no-record", "--trace"])
        XCTAssertEqual(traced.status, 0, traced.stderr)
        XCTAssertTrue(traced.stderr.contains("80 CE 00 00 10 ** **"), "the cryptogram is masked in the trace")
        for secret in ["NEW-MOLTO2-KEY01", "TOKEN2MOLTO1-KEY", "CBBBAF9F", "099250FD"] {
            XCTAssertFalse((pressed.stdout + pressed.stderr + traced.stderr + emulator!.log + (try String(contentsOfFile: statePath, encoding: .utf8)).uppercased().replacingOccurrences(of: "CBBBAF9FF9DA7A01B27B893234ED5603", with: "")).contains(secret), secret)
        }
        XCTAssertEqual(try json(pressed)["verified"] as? Bool, true)
        XCTAssertEqual(try json(pressed)["awaited_button"] as? Bool, true)
        let old = try skew(["sync", "--profile", "0", "--key-file", keyFile, "--no-record"])
        XCTAssertEqual(old.status, 77, "the factory key no longer works")
        XCTAssertTrue(old.stderr.contains("63 C7"), old.stderr)
        let new = try skew(["sync", "--profile", "0", "--key-file", newKey, "--no-record"])
        XCTAssertEqual(new.status, 0, new.stderr)
    }

    /// With the key wrong, a run makes one attempt, reports the tries left and stops; the history
    /// keeps the count, and at 2 or fewer the next run does not try unless --force.
    func testLockoutOneAttemptTriesLeftAndStop() throws {
        let wrong = folder.appendingPathComponent("wrong").path
        try "not-the-key".write(toFile: wrong, atomically: true, encoding: .utf8)
        try start(["--tries", "3"])
        let first = try skew(["sync", "--profile", "1", "--key-file", wrong])
        XCTAssertEqual(first.status, 77, first.stderr)
        XCTAssertFalse((first.stdout + first.stderr + emulator!.log).contains("not-the-key"), "the key never reaches output or logs")
        XCTAssertTrue(first.stderr.contains("63 C2") && first.stderr.contains("2 tries left"), first.stderr)
        XCTAssertEqual(authentications(), 1, "one attempt")
        XCTAssertFalse(emulator!.log.contains("received 84 "), "nothing written")
        XCTAssertEqual(try state()["tries_left"] as? Int, 2)
        let refused = try skew(["sync", "--profile", "1", "--key-file", keyFile])
        XCTAssertEqual(refused.status, 77, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("had 2 authentication tries left when last seen"), refused.stderr)
        XCTAssertEqual(authentications(), 1, "the history's count stopped the run before AUTHENTICATE")
        let forced = try skew(["sync", "--profile", "1", "--key-file", keyFile, "--force", "--no-record"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertEqual(try state()["tries_left"] as? Int, 3, "the right key restored the counter")
    }
}
