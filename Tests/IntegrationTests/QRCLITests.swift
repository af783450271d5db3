import Foundation
import OTPCore
import QRCodes
import XCTest

/// `skew qr decode` and `skew qr encode` through the built binary, on the committed fixture pictures.
final class QRCLITests: XCTestCase {
    private let fixtures = SkewProcess.packageRoot.appendingPathComponent("fixtures/qr")
    private let aliceBase32 = "JBSWY3DPEHPK3PXP"
    private let bankBase32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA"
    private var scratch: TemporaryFolder!
    private var folder: URL { scratch.url }

    override func setUpWithError() throws {
        scratch = try TemporaryFolder("qr")
    }

    override func tearDown() {
        scratch = nil
    }


    private func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    private func fingerprint(_ base32: String) throws -> String { try Secret(bytes: Base32.decode(base32)).fingerprint }

    private func decodeJSON(_ path: String, _ extra: [String] = []) throws -> (json: [String: Any], run: SkewRun) {
        let run = try SkewProcess.run(["qr", "decode", path, "--format", "json"] + extra)
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        return (json, run)
    }

    private func accounts(_ json: [String: Any]) -> [[String: Any]] {
        ((json["codes"] as? [[String: Any]]) ?? []).flatMap { ($0["accounts"] as? [[String: Any]]) ?? [] }
    }

    func testEveryFixtureDecodesToItsKind() throws {
        let expected: [String: [String]] = [
            "plain.png": ["otpauth"], "rotated.png": ["otpauth"], "inverted.png": ["otpauth"], "small.png": ["otpauth"],
            "transparent.png": ["otpauth"], "photo.jpg": ["otpauth"], "screenshot.png": ["otpauth"],
            "two-codes.png": ["otpauth", "otpauth"], "migration.png": ["otpauth-migration"],
            "phonefactor.png": ["microsoft-activation"], "serial.png": ["serial-number"], "url.png": ["url"],
            "fido.png": ["fido"], "unknown.png": ["unknown"], "invalid-otpauth.png": ["invalid"],
        ]
        for (name, kinds) in expected {
            let (json, _) = try decodeJSON(fixture(name))
            let codes = try XCTUnwrap(json["codes"] as? [[String: Any]], name)
            XCTAssertEqual(codes.compactMap { $0["kind"] as? String }, kinds, name)
        }
    }

    func testPhotoReportsTheDownscaleAndTheKeyWithoutItsSecret() throws {
        let (json, run) = try decodeJSON(fixture("photo.jpg"))
        XCTAssertEqual(json["scale"] as? Double, 0.5)
        XCTAssertEqual(json["image_width"] as? Int, 4000)
        let account = try XCTUnwrap(accounts(json).first)
        XCTAssertEqual(account["secret_fingerprint"] as? String, try fingerprint(aliceBase32))
        XCTAssertEqual(account["algorithm"] as? String, "SHA1")
        XCTAssertEqual(account["digits"] as? Int, 6)
        XCTAssertEqual(account["period_seconds"] as? Int, 30)
        XCTAssertNil(account["secret_base32"])
        XCTAssertFalse(run.stdout.contains(aliceBase32))
        XCTAssertFalse(run.stderr.contains(aliceBase32))
    }

    func testMigrationExportListsThreeAccountsInEveryFormat() throws {
        let (json, _) = try decodeJSON(fixture("migration.png"))
        let listed = accounts(json)
        XCTAssertEqual(listed.compactMap { $0["label"] as? String }, ["alice@example.com", "bob@example.com", "carol"])
        XCTAssertEqual(listed.compactMap { $0["type"] as? String }, ["totp", "totp", "hotp"])
        XCTAssertEqual(listed.compactMap { $0["algorithm"] as? String }, ["SHA1", "SHA256", "SHA1"])
        XCTAssertEqual(listed.compactMap { $0["digits"] as? Int }, [6, 8, 6])
        XCTAssertEqual(listed[2]["counter"] as? Int, 42)
        XCTAssertEqual(listed[1]["secret_fingerprint"] as? String, try fingerprint(bankBase32))

        let csv = try SkewProcess.run(["qr", "decode", fixture("migration.png"), "--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let lines = csv.stdout.split(separator: "\r\n")
        XCTAssertEqual(lines.count, 4, "a header and one row per account")
        XCTAssertTrue(lines[3].contains("counter 42"))

        let table = try SkewProcess.run(["qr", "decode", fixture("migration.png")])
        XCTAssertTrue(table.stdout.contains("Google Authenticator export with 3 accounts"), table.stdout)
        for secret in ["GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", bankBase32] {
            for output in [json.description, csv.stdout, table.stdout, table.stderr] { XCTAssertFalse(output.contains(secret)) }
        }
    }

    func testShowSecretsPrintsBase32AndWarns() throws {
        let (json, run) = try decodeJSON(fixture("two-codes.png"), ["--show-secrets"])
        XCTAssertEqual(json["secrets_shown"] as? Bool, true)
        XCTAssertEqual(Set(accounts(json).compactMap { $0["secret_base32"] as? String }),
                       [bankBase32, "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"])
        XCTAssertTrue(run.stderr.contains("warning: --show-secrets"), run.stderr)

        let reportDir = folder.appendingPathComponent("reports")
        let refused = try SkewProcess.run(["qr", "decode", fixture("two-codes.png"), "--show-secrets", "--report",
                                           "--report-dir", reportDir.path])
        XCTAssertEqual(refused.status, 64, "kept reports never hold secrets")
        XCTAssertFalse(FileManager.default.fileExists(atPath: reportDir.path))
    }

    func testLookAlikesAreExplainedWithoutEchoingWhatTheyHold() throws {
        let phone = try SkewProcess.run(["qr", "decode", fixture("phonefactor.png")])
        XCTAssertEqual(phone.status, 0)
        XCTAssertTrue(phone.stdout.contains("I want to use a different authenticator app"), phone.stdout)
        XCTAssertFalse(phone.stdout.contains("987654321"), "the activation code is not shown")

        let url = try SkewProcess.run(["qr", "decode", fixture("url.png")])
        XCTAssertTrue(url.stdout.contains("https://example.com"))
        XCTAssertFalse(url.stdout.contains("s3cr3t-t0ken-value"))

        let unknown = try SkewProcess.run(["qr", "decode", fixture("unknown.png")])
        XCTAssertFalse(unknown.stdout.contains("SECRETISH"))

        let serial = try SkewProcess.run(["qr", "decode", fixture("serial.png")])
        XCTAssertTrue(serial.stdout.contains("serial-number barcode"), serial.stdout)
    }

    func testExitStatusesForMissingForeignDamagedAndEmptyPictures() throws {
        let missing = try SkewProcess.run(["qr", "decode", folder.appendingPathComponent("none.png").path])
        XCTAssertEqual(missing.status, 66)
        XCTAssertTrue(missing.stderr.contains("there is no such file"), missing.stderr)

        let text = folder.appendingPathComponent("secret.png")
        try Data("otpauth://totp/x?secret=\(aliceBase32)".utf8).write(to: text)
        let foreign = try SkewProcess.run(["qr", "decode", text.path])
        XCTAssertEqual(foreign.status, 65)
        XCTAssertTrue(foreign.stderr.contains("neither a PNG nor a JPEG"), foreign.stderr)
        XCTAssertFalse(foreign.stderr.contains(aliceBase32))

        let png = try Data(contentsOf: URL(fileURLWithPath: fixture("plain.png")))
        let cut = folder.appendingPathComponent("cut.png")
        try png.prefix(100).write(to: cut)
        let damaged = try SkewProcess.run(["qr", "decode", cut.path])
        XCTAssertEqual(damaged.status, 65)
        XCTAssertTrue(damaged.stderr.contains("damaged"), damaged.stderr)

        let none = try SkewProcess.run(["qr", "decode", fixture("no-code.png")])
        XCTAssertEqual(none.status, 1)
        XCTAssertTrue(none.stderr.contains("no QR code was found"), none.stderr)
        XCTAssertEqual(none.stdout, "")

        let misnamed = folder.appendingPathComponent("photo.jpeg")
        try png.write(to: misnamed)
        XCTAssertEqual(try SkewProcess.run(["qr", "decode", misnamed.path]).status, 0, "a PNG named .jpeg still loads")
    }

    func testEncodeThenDecodeGivesBackTheSameKey() throws {
        let png = folder.appendingPathComponent("key.png").path
        let run = try SkewProcess.run(["qr", "encode", "--secret-env", "SKEW_QR_SECRET", "--issuer", "ACME Co",
                                       "--label", "alice@example.com", "--algorithm", "sha256", "--digits", "8",
                                       "--period", "60", "--png", png],
                                      environment: ["SKEW_QR_SECRET": bankBase32])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertFalse(run.stdout.contains(bankBase32))
        XCTAssertFalse(run.stderr.contains(bankBase32))
        XCTAssertFalse(run.stdout.contains("otpauth://"), "the URI holds the secret; only --show-secrets prints it")
        XCTAssertTrue(run.stderr.contains(try fingerprint(bankBase32)), run.stderr)

        let (json, _) = try decodeJSON(png)
        let account = try XCTUnwrap(accounts(json).first)
        XCTAssertEqual(account["secret_fingerprint"] as? String, try fingerprint(bankBase32))
        XCTAssertEqual(account["issuer"] as? String, "ACME Co")
        XCTAssertEqual(account["label"] as? String, "ACME Co:alice@example.com")
        XCTAssertEqual(account["algorithm"] as? String, "SHA256")
        XCTAssertEqual(account["digits"] as? Int, 8)
        XCTAssertEqual(account["period_seconds"] as? Int, 60)

        // The terminal drawing is a scannable code too: turn the half blocks back into pixels.
        let texts = QRDecoder.scanTexts(terminalImage(run.stdout)).texts
        XCTAssertEqual(texts.count, 1)
        let uri = try OTPAuthURI(parsing: try XCTUnwrap(texts.first))
        XCTAssertEqual(uri.secret, try Secret(bytes: Base32.decode(bankBase32)))
        XCTAssertEqual([uri.algorithm?.rawValue, uri.digits.map(String.init), uri.period.map(String.init)], ["SHA256", "8", "60"])
    }

    func testEncodeAlwaysWritesAlgorithmDigitsAndPeriodAndShowsTheURIOnlyWhenAsked() throws {
        let run = try SkewProcess.run(["qr", "encode", "--secret", "-", "--label", "bob", "--show-secrets"],
                                      stdin: aliceBase32 + "\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("otpauth://totp/bob?secret=\(aliceBase32)&algorithm=SHA1&digits=6&period=30"), run.stdout)
        XCTAssertTrue(run.stderr.contains("warning: --show-secrets"), run.stderr)
    }

    func testEncodeKeepsAnHOTPKeysCounter() throws {
        let png = folder.appendingPathComponent("hotp.png").path
        let run = try SkewProcess.run(["qr", "encode", "--secret-env", "SKEW_QR_URI", "--png", png, "--no-terminal"],
                                      environment: ["SKEW_QR_URI": "otpauth://hotp/VPN:carol?secret=\(aliceBase32)&issuer=VPN&counter=5"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "", "--no-terminal draws nothing")
        let account = try XCTUnwrap(accounts(try decodeJSON(png).json).first)
        XCTAssertEqual(account["type"] as? String, "hotp")
        XCTAssertEqual(account["counter"] as? Int, 5)
        XCTAssertEqual(account["label"] as? String, "VPN:carol")
        XCTAssertNil(account["period_seconds"])
    }

    func testEncodeRefusals() throws {
        let environment = ["SKEW_QR_SECRET": aliceBase32]
        let noLabel = try SkewProcess.run(["qr", "encode", "--secret-env", "SKEW_QR_SECRET"], environment: environment)
        XCTAssertEqual(noLabel.status, 64)
        XCTAssertTrue(noLabel.stderr.contains("--label"), noLabel.stderr)

        let t0 = try SkewProcess.run(["qr", "encode", "--secret-env", "SKEW_QR_SECRET", "--label", "x", "--t0", "5"],
                                     environment: environment)
        XCTAssertEqual(t0.status, 64)

        let target = folder.appendingPathComponent("no/such/folder/key.png").path
        let unwritable = try SkewProcess.run(["qr", "encode", "--secret-env", "SKEW_QR_SECRET", "--label", "x",
                                              "--png", target], environment: environment)
        XCTAssertEqual(unwritable.status, 73)
        XCTAssertFalse(FileManager.default.fileExists(atPath: target))
        XCTAssertEqual(unwritable.stdout, "", "nothing is drawn when the PNG cannot be written")
    }

    private func permissions(_ path: String) throws -> Int {
        try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    /// A PNG of a key and a decode with --show-secrets hold the secret: readable by their owner only,
    /// even when they replace a world-readable file.
    func testFilesHoldingSecretsAreWrittenOwnerOnly() throws {
        let png = folder.appendingPathComponent("key.png").path, shown = folder.appendingPathComponent("shown.json").path
        for path in [png, shown] { XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(), attributes: [.posixPermissions: 0o644])) }
        let encode = try SkewProcess.run(["qr", "encode", "--secret-env", "S", "--label", "x", "--png", png, "--no-terminal"],
                                         environment: ["S": aliceBase32])
        XCTAssertEqual(encode.status, 0, encode.stderr)
        XCTAssertEqual(try permissions(png), 0o600)
        let decode = try SkewProcess.run(["qr", "decode", png, "--show-secrets", "--output", shown])
        XCTAssertEqual(decode.status, 0, decode.stderr)
        XCTAssertTrue(try String(contentsOfFile: shown, encoding: .utf8).contains(aliceBase32))
        XCTAssertEqual(try permissions(shown), 0o600)
        let plain = folder.appendingPathComponent("plain.json").path
        XCTAssertEqual(try SkewProcess.run(["qr", "decode", png, "--output", plain]).status, 0)
        XCTAssertEqual(try permissions(plain), 0o644, "fingerprints only: an ordinary report")
    }

    /// `-` is standard output for --output and --png, and standard input for the picture.
    func testDashIsStandardInputAndOutput() throws {
        let encode = try SkewProcess.run(["qr", "encode", "--secret-env", "S", "--label", "x", "--png", "-"],
                                         environment: ["S": aliceBase32], workingDirectory: folder)
        XCTAssertEqual(encode.status, 0, encode.stderr)
        XCTAssertTrue(encode.stdoutBytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "the PNG itself, with no drawing before it")
        let decode = try SkewProcess.run(["qr", "decode", "-", "--format", "json", "--output", "-"], stdinBytes: encode.stdoutBytes,
                                         workingDirectory: folder)
        XCTAssertEqual(decode.status, 0, decode.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(decode.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(accounts(json).first?["secret_fingerprint"] as? String, try fingerprint(aliceBase32))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [], "no file named '-'")
        let empty = try SkewProcess.run(["qr", "decode", "-"], stdin: "")
        XCTAssertEqual(empty.status, 65)
        XCTAssertTrue(empty.stderr.hasPrefix("skew: error: standard input:"), empty.stderr)
    }

    /// A label that is a spreadsheet formula reaches the CSV as text.
    func testFormulaLabelsAreInertInCSV() throws {
        let png = folder.appendingPathComponent("formula.png").path
        let encode = try SkewProcess.run(["qr", "encode", "--secret-env", "S", "--label", "=HYPERLINK(\"http://x\")", "--png", png, "--no-terminal"],
                                         environment: ["S": aliceBase32])
        XCTAssertEqual(encode.status, 0, encode.stderr)
        let csv = try SkewProcess.run(["qr", "decode", png, "--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        XCTAssertTrue(csv.stdout.contains(",\"'=HYPERLINK(\"\"http://x\"\")\","), csv.stdout)
    }

    /// The label's issuer prefix and the issuer parameter always agree: --issuer replaces the URI's
    /// issuer in both, and a --label naming another issuer is refused.
    func testIssuerAndLabelAgree() throws {
        let uri = "otpauth://totp/Old:alice?secret=\(aliceBase32)&issuer=Old"
        let renamed = try SkewProcess.run(["qr", "encode", "--secret-env", "U", "--issuer", "New", "--show-secrets", "--no-terminal", "--png",
                                           folder.appendingPathComponent("n.png").path], environment: ["U": uri])
        XCTAssertEqual(renamed.status, 0, renamed.stderr)
        XCTAssertTrue(renamed.stdout.contains("otpauth://totp/New:alice?secret=\(aliceBase32)&issuer=New&"), renamed.stdout)
        let colon = try SkewProcess.run(["qr", "encode", "--secret-env", "S", "--issuer", "A:B", "--label", "a+b c", "--show-secrets"],
                                        environment: ["S": aliceBase32])
        XCTAssertTrue(colon.stdout.contains("otpauth://totp/A%3AB:a%2Bb%20c?secret=\(aliceBase32)&issuer=A%3AB&"), colon.stdout)
        let plus = try SkewProcess.run(["qr", "encode", "--secret-env", "U", "--show-secrets"],
                                       environment: ["U": "otpauth://totp/ACME+Co:john+doe?secret=\(aliceBase32)&issuer=ACME+Co"])
        XCTAssertTrue(plus.stdout.contains("otpauth://totp/ACME%2BCo:john%2Bdoe?secret=\(aliceBase32)&issuer=ACME%2BCo&"), "a + is a plus sign: \(plus.stdout)")
        let conflict = try SkewProcess.run(["qr", "encode", "--secret-env", "U", "--label", "X:bob"], environment: ["U": uri])
        XCTAssertEqual(conflict.status, 65)
        XCTAssertTrue(conflict.stderr.contains("'X:bob' names the issuer 'X', but the issuer is 'Old'"), conflict.stderr)
        XCTAssertEqual(conflict.stdout, "")
    }

    /// The half-block drawing as a grey picture (light modules are drawn), enlarged for zbar.
    private func terminalImage(_ text: String) -> GreyImage {
        let lines = text.split(separator: "\n").map(Array.init).filter { !$0.isEmpty }
        let width = lines.map(\.count).max() ?? 0, height = 2 * lines.count
        var pixels = [UInt8](repeating: 0, count: width * height)
        for (row, line) in lines.enumerated() {
            for (column, character) in line.enumerated() {
                if character == "█" || character == "▀" { pixels[2 * row * width + column] = 255 }
                if character == "█" || character == "▄" { pixels[(2 * row + 1) * width + column] = 255 }
            }
        }
        return GreyImage(width: width, height: height, pixels: pixels).upscaled(by: 4).binarized()
    }
}
