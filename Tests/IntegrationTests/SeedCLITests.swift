import Foundation
import XCTest

/// `skew seed new`, `show` and `convert` through the real binary, checked against Python's base64,
/// hmac and urllib and against oathtool.
final class SeedCLITests: XCTestCase {
    private let rfcSeed = ["S": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"]

    func testNewWritesARandomSeedReadableByItsOwnerOnly() throws {
        let folder = try TemporaryFolder("seed-new")
        var seeds = Set<String>()
        for index in 0..<5 {
            let path = folder.file("seed\(index).b32").path
            let result = try SkewProcess.run(["seed", "new", "-o", path])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(result.stdout, "", "the seed went to the file only")
            let text = try String(contentsOfFile: path, encoding: .utf8)
            XCTAssertEqual(try SeedConsumers.base32ToHex(text).count, 40, "20 bytes by default")
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            XCTAssertEqual(mode, 0o600)
            XCTAssertTrue(result.stderr.contains("fingerprint"), result.stderr)
            XCTAssertFalse(result.stderr.contains(text.trimmingCharacters(in: .whitespacesAndNewlines)))
            seeds.insert(text)
        }
        XCTAssertEqual(seeds.count, 5, "every seed differs")
        let sha256 = try SkewProcess.run(["seed", "new", "--algorithm", "sha256", "--as", "hex", "--show-secrets"])
        XCTAssertEqual(sha256.status, 0, sha256.stderr)
        XCTAssertNotNil(sha256.stdout.trimmingCharacters(in: .whitespacesAndNewlines).range(of: "^[0-9A-F]{64}$", options: .regularExpression),
                        "32 bytes for SHA-256: \(sha256.stdout)")
    }

    func testNewRefusesToPutTheSeedNowhereOrIntoTheReportFolder() throws {
        let folder = try TemporaryFolder("seed-new")
        let nowhere = try SkewProcess.run(["seed", "new"])
        XCTAssertEqual(nowhere.status, 64)
        XCTAssertTrue(nowhere.stderr.contains("--show-secrets"), nowhere.stderr)
        XCTAssertEqual(nowhere.stdout, "")
        try FileManager.default.createDirectory(at: folder.file("reports"), withIntermediateDirectories: true)
        let intoReports = try SkewProcess.run(["seed", "new", "-o", "reports/alice.b32"], workingDirectory: folder.url)
        XCTAssertEqual(intoReports.status, 73, intoReports.stderr)
        XCTAssertTrue(intoReports.stderr.contains("report folder"), intoReports.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.file("reports").path), [])
        let short = try SkewProcess.run(["seed", "new", "--bytes", "10", "--show-secrets"])
        XCTAssertEqual(short.status, 64, short.stderr)
        XCTAssertTrue(short.stderr.contains("--bytes"), short.stderr)
    }

    /// A PNG goes to a pipe or a file, never onto a terminal (util-linux's script gives the command one).
    func testAPNGIsNotWrittenOntoATerminal() throws {
        try requireTool("/usr/bin/script")
        let piped = try SkewProcess.run(["seed", "new", "--as", "png", "--label", "a", "--show-secrets"])
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertEqual(Array(piped.stdoutBytes.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
        let command = "\(SkewProcess.binary.path) seed new --as png --label a --show-secrets"
        let terminal = try SkewProcess.run(["-qec", command, "/dev/null"], executable: URL(fileURLWithPath: "/usr/bin/script"))
        XCTAssertEqual(terminal.status, 64, terminal.stdout)
        XCTAssertTrue(terminal.stdout.contains("standard output is a terminal"), terminal.stdout)
    }

    /// The seed data panel: every HMAC, offset, truncated value and code against Python's hmac.
    func testShowMatchesPythonsHMACForEveryAlgorithm() throws {
        let folder = try TemporaryFolder("seed-show")
        let at = 1_700_000_000
        let result = try SkewProcess.run(["seed", "show", "--secret-env", "S", "--at", String(at), "--digits", "8", "-f", "json"],
                                         environment: rfcSeed)
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertNil(report["secret"], "no secret without --show-secrets")
        XCTAssertFalse(result.stdout.contains("GEZDGNBV") || result.stdout.contains("3132333435"))
        XCTAssertEqual(report["counter_hex"] as? String, String(format: "%016X", at / 30))
        let script = try folder.write("seed_data.py", #"""
        import hmac, hashlib, json, sys
        key, counter = b"12345678901234567890", int(sys.argv[1]) // 30
        out = []
        for name in ("sha1", "sha256", "sha512"):
            mac = hmac.new(key, counter.to_bytes(8, "big"), getattr(hashlib, name)).digest()
            offset = mac[-1] & 15
            value = int.from_bytes(mac[offset:offset + 4], "big") & 0x7fffffff
            out.append(dict(algorithm=name.upper(), hmac=mac.hex().upper(), truncation_offset=offset,
                            truncation_bytes=mac[offset:offset + 4].hex().upper(), truncated=value, code="%08d" % (value % 10**8)))
        print(json.dumps(out))
        """#)
        let python = try SkewProcess.run([script, String(at)], executable: SeedConsumers.python)
        XCTAssertEqual(python.status, 0, python.stderr)
        let expected = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(python.stdout.utf8)) as? [[String: Any]])
        let hashes = try XCTUnwrap(report["hashes"] as? [[String: Any]])
        XCTAssertEqual(hashes.count, 3)
        for (got, want) in zip(hashes, expected) {
            for field in ["algorithm", "hmac", "truncation_bytes", "code"] {
                XCTAssertEqual(got[field] as? String, want[field] as? String, field)
            }
            XCTAssertEqual(got["truncation_offset"] as? Int, want["truncation_offset"] as? Int)
            XCTAssertEqual(got["truncated"] as? Int, want["truncated"] as? Int)
        }
        XCTAssertEqual(hashes.first?["code"] as? String,
                       try SeedConsumers.oathtoolCode(hexSeed: "3132333435363738393031323334353637383930", digits: 8, at: at))
        let shown = try SkewProcess.run(["seed", "show", "--secret-env", "S", "--at", "59", "--show-secrets"], environment: rfcSeed)
        XCTAssertTrue(shown.stdout.contains("3132333435363738393031323334353637383930"), shown.stdout)
        XCTAssertTrue(shown.stdout.contains("00110001 00110010"), "bits, a space between bytes")
        XCTAssertTrue(shown.stdout.contains("[C1397EEA]"), "the truncation bytes of RFC 4226's first SHA-1 step are marked")
    }

    func testConvertRoundTripsHexBase32AndURI() throws {
        let folder = try TemporaryFolder("seed-convert")
        let hexFile = try folder.write("seed.hex", "31 32 33 34 35 36 37 38 39 30 31 32 33 34 35 36 37 38 39 30\n")
        let toBase32 = try SkewProcess.run(["seed", "convert", "-s", hexFile, "--hex", "--as", "base32", "--show-secrets"])
        XCTAssertEqual(toBase32.stdout, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n", toBase32.stderr)
        let uriFile = folder.file("alice.uri").path
        let toURI = try SkewProcess.run(["seed", "convert", "-s", hexFile, "--hex", "--as", "uri", "--label", "alice@example.com",
                                         "--issuer", "Contoso", "--algorithm", "sha256", "-o", uriFile])
        XCTAssertEqual(toURI.status, 0, toURI.stderr)
        let uri = try String(contentsOfFile: uriFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let parsed = try SkewProcess.run(["-c", "import sys, urllib.parse as u\nx = u.urlparse(sys.argv[1]); q = u.parse_qs(x.query)\nprint(x.scheme, x.netloc, u.unquote(x.path), q['secret'][0], q['issuer'][0], q['algorithm'][0])", uri],
                                         executable: SeedConsumers.python)
        XCTAssertEqual(parsed.stdout, "otpauth totp /Contoso:alice@example.com GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ Contoso SHA256\n", parsed.stderr)
        let back = try SkewProcess.run(["seed", "convert", "-s", uriFile, "--as", "hex", "--show-secrets"])
        XCTAssertEqual(back.stdout, "3132333435363738393031323334353637383930\n", back.stderr)
        let noLabel = try SkewProcess.run(["seed", "convert", "-s", hexFile, "--hex", "--as", "uri", "--show-secrets"])
        XCTAssertEqual(noLabel.status, 64)
        XCTAssertEqual(noLabel.stdout, "")
    }
}
