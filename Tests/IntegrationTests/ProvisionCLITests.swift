import Foundation
import OTPCore
import TestSupport
import XCTest

/// `skew provision` end to end through pcscd and vpcd: twenty virtual tokens presented one after
/// another (each a `skew emulate` with its own serial and state file, taken away when skew says so),
/// and every export the batch writes read back by an independent consumer.
final class ProvisionCLITests: TokenStackTestCase {
    private var scratch: TemporaryFolder!
    private var folder: URL { scratch.url }
    private let psk = "000102030405060708090a0b0c0d0e0f"
    private let password = "batch password"

    override func setUpWithError() throws {
        try super.setUpWithError()
        scratch = try TemporaryFolder("provision-cli")
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    private func exportArguments() -> [String] {
        ["--export", "entra-csv:\(path("batch.csv"))", "--export", "entra-json:\(path("batch.json"))",
         "--export", "pskc-key:\(path("batch-key.pskc"))", "--export", "pskc-password:\(path("batch-password.pskc"))",
         "--export", "privacyidea:\(path("batch-privacyidea.csv"))",
         "--encrypt-key-env", "PSKC_KEY", "--encrypt-password-env", "PSKC_PASSWORD", "--iterations", "2000"]
    }

    func testTwentyTokensAreProvisionedAndEveryExportMatchesWhatTheTokensHold() throws {
        let serials = (1...20).map { String(format: $0 % 2 == 0 ? "865962200001%02d" : "865963200001%02d", $0) }
        let users = (1...20).map { "user\($0)@example.com" }
        try users.joined(separator: "\n").write(toFile: path("users.csv"), atomically: true, encoding: .utf8)
        let run = try ProvisionProcess(["--journal", path("batch.journal"), "--count", "20", "--assign", path("users.csv"),
                                        "--history", path("history.sqlite"), "--format", "json"] + exportArguments(),
                                       in: folder, environment: ["PSKC_KEY": psk, "PSKC_PASSWORD": password])
        var tokens: [BatchToken] = []
        for serial in serials {
            let token = BatchToken(serial: serial, statePath: path("\(serial).json"))
            let emulator = try token.present(offset: Double.random(in: 5...90) * (Bool.random() ? 1 : -1))
            XCTAssertTrue(run.waitFor("Take token \(serial) off the reader."), "token \(serial) not done:\n\(run.stderr)")
            emulator.stop()
            tokens.append(token)
        }
        XCTAssertEqual(run.finish(), 0, run.stderr)

        // Every token holds a seed, written once, with its clock on time.
        for token in tokens {
            let state = try token.state
            XCTAssertNotNil(state["seed_hex"], token.serial)
            XCTAssertEqual(state["seed_writes"] as? Int, 1, token.serial)
            XCTAssertEqual(try token.clockNow - Date().timeIntervalSince1970, 0, accuracy: 0.05, token.serial)
        }
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], run.stdout)
        let rows = try XCTUnwrap(report["tokens"] as? [[String: Any]])
        XCTAssertEqual(rows.compactMap { $0["serial"] as? String }, serials)
        XCTAssertEqual(rows.compactMap { $0["result"] as? String }, Array(repeating: "verified", count: 20))
        XCTAssertEqual(report["done"] as? Int, 20)
        XCTAssertFalse(run.stdout.lowercased().contains(try XCTUnwrap(tokens[0].seedHex).lowercased()), "the report names seeds by fingerprint only")
        try validateReport(run.stdout)

        for file in ["batch.journal", "batch.csv", "batch.json", "batch-key.pskc", "batch-password.pskc", "batch-privacyidea.csv"] {
            XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path(file))[.posixPermissions] as? Int, 0o600, file)
        }
        let seeds = Dictionary(uniqueKeysWithValues: try tokens.map { ($0.serial, try XCTUnwrap($0.seedHex).lowercased()) })

        // Entra's two formats, read by Python's csv and json with Entra's limits.
        for format in ["csv", "json"] {
            let entra = try XCTUnwrap(SeedConsumers.run(SeedConsumers.readEntra, [format, path(format == "csv" ? "batch.csv" : "batch.json")],
                                                        in: scratch) as? [[String: Any]])
            XCTAssertEqual(entra.compactMap { $0["serial"] as? String }, serials, format)
            if format == "csv" { XCTAssertEqual(entra.compactMap { $0["upn"] as? String }, users) }
            for row in entra {
                let serial = try XCTUnwrap(row["serial"] as? String)
                XCTAssertEqual(try SeedConsumers.base32ToHex(XCTUnwrap(row["secret"] as? String)), seeds[serial], "\(format) \(serial)")
            }
        }
        // PSKC under both encryptions, read by python-pskc and checked by pskctool.
        for (file, environment) in [("batch-key.pskc", ["KEY": psk]), ("batch-password.pskc", ["PASSWORD": password])] {
            let keys = try XCTUnwrap(SeedConsumers.run(SeedConsumers.readPSKC, [path(file)], environment: environment, in: scratch) as? [[String: Any]])
            XCTAssertEqual(keys.compactMap { $0["serial"] as? String }, serials, file)
            for key in keys {
                XCTAssertEqual(key["secret"] as? String, seeds[try XCTUnwrap(key["serial"] as? String)], file)
                XCTAssertNotNil(key["encrypted"] as? String, file)
            }
            XCTAssertEqual(try SeedConsumers.validatePSKC(path(file)), "OK", file)
        }
        // privacyIDEA's own CSV import parser.
        try requireTool(SeedConsumers.privacyIDEAPython.path)
        let imported = try XCTUnwrap(SeedConsumers.run(SeedConsumers.privacyIDEA, ["csv", path("batch-privacyidea.csv")],
                                                       interpreter: SeedConsumers.privacyIDEAPython, in: scratch) as? [String: Any])
        let parsed = try XCTUnwrap(imported["tokens"] as? [String: [String: String]])
        XCTAssertEqual(Set(parsed.keys), Set(serials))
        for (serial, token) in parsed { XCTAssertEqual(token["otpkey"], seeds[serial], serial) }

        // Every token's code is oathtool's for the seed its exports hold.
        for token in tokens {
            let time = Int(try token.clockNow)
            let hex = try XCTUnwrap(seeds[token.serial])
            let shown = try XCTUnwrap(displayCode(seedHex: try XCTUnwrap(token.seedHex), at: time))
            XCTAssertEqual(try SeedConsumers.oathtoolCode(hexSeed: hex, at: time), shown, token.serial)
        }
    }

    func testDryRunWritesNothingAndKeepsNoJournal() throws {
        let token = BatchToken(serial: "86596220000199", statePath: path("dry.json"))
        let emulator = try token.present(offset: 12)
        defer { emulator.stop() }
        let run = try ProvisionProcess(["--dry-run", "--count", "1"], in: folder)
        XCTAssertEqual(run.finish(), 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("[WRITE SEED]"), run.stderr)
        XCTAssertNil(try token.seedHex)
        XCTAssertNil(try token.state["config_writes"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix("journal") }, [])
    }

    func testALockedTokenStopsTheBatchAfterOneAuthentication() throws {
        let token = BatchToken(serial: "86596220000198", statePath: path("locked.json"))
        let now = Date().timeIntervalSince1970
        let locked: [String: Any] = ["serial": token.serial, "model": "OTPC-P2-i", "restricted_sync": true, "algorithm": 1, "step": 30,
                                     "display_timeout": 1, "fail_count": 3, "locked": true,
                                     "clock": ["anchor_host": now, "anchor_token": now + 20, "drift_ppm": 0]]
        try JSONSerialization.data(withJSONObject: locked).write(to: URL(fileURLWithPath: token.statePath))
        let emulator = try token.present(offset: 20)
        defer { emulator.stop() }
        let run = try ProvisionProcess(["--journal", path("locked.journal"), "--count", "2", "--trace", "--no-record"], in: folder)
        XCTAssertEqual(run.finish(), 77, run.stderr)
        XCTAssertTrue(run.stderr.contains("refused authentication"), run.stderr)
        XCTAssertEqual(run.stderr.components(separatedBy: "\n").filter { $0.hasPrefix("trace: > ") && $0.hasSuffix("[AUTHENTICATE]") }.count, 1,
                       "authentication is never retried")
        XCTAssertNil(try token.state["config_writes"])
        let journal = try String(contentsOfFile: path("locked.journal"), encoding: .utf8)
        XCTAssertTrue(journal.contains("\"event\":\"intent\"") && journal.contains("\"event\":\"seed_absent\""), journal)
    }

    /// The display of a token holding `seedHex` (SHA-1, 30 s, as burned) at its own time `time`.
    private func displayCode(seedHex: String, at time: Int) throws -> String? {
        TOTP(secret: try Secret(bytes: Hex.decode(seedHex)), parameters: OTPParameters()).code(at: Double(time))
    }

    /// The report against the schema file it names (schemas/skew.provision.v1.json), judged by Python's jsonschema.
    private func validateReport(_ json: String) throws {
        try ReportSchema.assertValid(json)
    }
}
