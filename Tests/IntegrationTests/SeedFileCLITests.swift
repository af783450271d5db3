import Foundation
import XCTest

/// `skew seed export` and `seed import` through the real binary: a batch of 20 seeds from
/// `skew seed new` goes out in every format, and independent readers (python-pskc, privacyIDEA's
/// parser, Python's csv and json with Entra's limits) must find every seed, serial and setting;
/// each seed's code at a fixed moment must equal oathtool's. Files python-pskc encrypts come back
/// in through `seed import`.
final class SeedFileCLITests: XCTestCase {
    private let moment = 1_767_225_600
    private let key = "000102030405060708090a0b0c0d0e0f"
    private let password = "correct horse battery staple"

    /// 20 tokens with seeds from `skew seed new`: serial → hex seed, and the serial,secret,account list.
    private func batch(in folder: TemporaryFolder, count: Int = 20) throws -> (seeds: [String: String], list: String) {
        var seeds: [String: String] = [:]
        var list = "serial,secret,upn\n"
        for index in 1...count {
            let serial = String(format: "TK%06d", index)
            let path = folder.file("\(serial).hex").path
            let made = try SkewProcess.run(["seed", "new", "--as", "hex", "-o", path])
            XCTAssertEqual(made.status, 0, made.stderr)
            let hex = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            seeds[serial] = hex.lowercased()
            list += "\(serial),\(hex),user\(index)@example.com\n"
        }
        return (seeds, try folder.write("batch.csv", list))
    }

    private func export(_ list: String, to format: String, _ file: String, extra: [String] = [], environment: [String: String] = [:]) throws -> SkewRun {
        let result = try SkewProcess.run(["seed", "export", list, "--hex", "--manufacturer", "Token2", "--model", "C302",
                                          "--to", format, "--write", file, "-f", "json"] + extra, environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600, "\(format) export readable by its owner only")
        return result
    }

    /// The codes of every seed at `moment`, from oathtool and from skew, must agree.
    private func assertCodesAgree(_ seeds: [String: String], algorithm: String = "SHA1") throws {
        for (_, hex) in seeds.sorted(by: { $0.key < $1.key }).prefix(5) {
            let skew = try SkewProcess.run(["window", "--secret-env", "S", "--hex", "--algorithm", algorithm, "--at", String(moment),
                                            "--steps", "0", "-f", "json"], environment: ["S": hex])
            let steps = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(skew.stdout.utf8)) as? [String: Any])?["steps"] as? [[String: Any]])
            XCTAssertEqual(steps.first?["code"] as? String, try SeedConsumers.oathtoolCode(hexSeed: hex, algorithm: algorithm, at: moment))
        }
    }

    func testEntraCSVAndGraphJSONReadByPythonWithinEntrasLimits() throws {
        let folder = try TemporaryFolder("seed-entra")
        let (seeds, list) = try batch(in: folder)
        for format in ["csv", "json"] {
            let file = folder.file("entra.\(format)").path
            let result = try export(list, to: "entra-\(format)", file)
            XCTAssertFalse(result.stdout.contains(seeds["TK000001"]!), "the report never holds a seed")
            let tokens = try XCTUnwrap(try SeedConsumers.run(SeedConsumers.readEntra, [format, file], in: folder) as? [[String: Any]])
            XCTAssertEqual(tokens.count, 20)
            for token in tokens {
                let serial = try XCTUnwrap(token["serial"] as? String)
                XCTAssertEqual(try SeedConsumers.base32ToHex(try XCTUnwrap(token["secret"] as? String)), seeds[serial], serial)
                XCTAssertEqual(token["model"] as? String, "C302")
                XCTAssertEqual(token["period"] as? Int, 30)
                XCTAssertEqual(token["upn"] as? String, format == "csv" ? "user\(Int(serial.dropFirst(2))!)@example.com" : "",
                               "Graph assigns by object ID, so a UPN leaves the token unassigned")
            }
        }
        try assertCodesAgree(seeds)
    }

    func testEntraRefusesWhatItCannotTake() throws {
        let folder = try TemporaryFolder("seed-entra")
        let list = try folder.write("sha512.csv", "TK1,\(String(repeating: "ab", count: 64))\n")
        let output = folder.file("out.csv").path
        let refused = try SkewProcess.run(["seed", "export", list, "--hex", "--algorithm", "sha512", "--manufacturer", "Token2",
                                           "--model", "C302", "--to", "entra-csv", "--write", output])
        XCTAssertEqual(refused.status, 65)
        XCTAssertTrue(refused.stderr.contains("entra-json"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output), "nothing half-written")
        let noModel = try SkewProcess.run(["seed", "export", list, "--hex", "--to", "entra-json", "--write", output])
        XCTAssertEqual(noModel.status, 65)
        XCTAssertTrue(noModel.stderr.contains("--model"), noModel.stderr)
    }

    func testPSKCPlainAndEncryptedReadByPythonPSKC() throws {
        let folder = try TemporaryFolder("seed-pskc")
        let (seeds, list) = try batch(in: folder)
        let runs: [(name: String, skewEnvironment: [String: String], extra: [String], pythonEnvironment: [String: String])] = [
            ("plain", [:], [], [:]),
            ("key", ["PSKC_KEY": key], ["--encrypt-key-env", "PSKC_KEY"], ["KEY": key]),
            ("password", ["PSKC_PASSWORD": password], ["--encrypt-password-env", "PSKC_PASSWORD", "--iterations", "5000"], ["PASSWORD": password]),
        ]
        for run in runs {
            let file = folder.file("\(run.name).pskc").path
            _ = try export(list, to: "pskc", file, extra: run.extra, environment: run.skewEnvironment)
            let text = try String(contentsOfFile: file, encoding: .utf8)
            XCTAssertEqual(text.contains(Data(hexToBytes(seeds["TK000001"]!)).base64EncodedString()), run.name == "plain",
                           "\(run.name): the seed is readable only in the plain file")
            XCTAssertEqual(try SeedConsumers.validatePSKC(file), "OK", "\(run.name): valid against RFC 6030's XML Schema")
            let keys = try XCTUnwrap(try SeedConsumers.run(SeedConsumers.readPSKC, [file], environment: run.pythonEnvironment, in: folder) as? [[String: Any]])
            XCTAssertEqual(keys.count, 20, run.name)
            for key in keys {
                let serial = try XCTUnwrap(key["serial"] as? String)
                XCTAssertEqual(key["secret"] as? String, seeds[serial], "\(run.name) \(serial)")
                XCTAssertEqual(key["suite"] as? String, "SHA1")
                XCTAssertEqual(key["digits"] as? Int, 6)
                XCTAssertEqual(key["period"] as? Int, 30)
                XCTAssertEqual(key["time"] as? Int, 0)
                XCTAssertEqual(key["manufacturer"] as? String, "Token2")
                XCTAssertEqual(key["model"] as? String, "C302")
                XCTAssertEqual(key["user"] as? String, "user\(Int(serial.dropFirst(2))!)@example.com")
                XCTAssertEqual(key["algorithm"] as? String, "urn:ietf:params:xml:ns:keyprov:pskc:totp")
            }
            if run.name != "plain" {
                let wrong = try SkewProcess.run([try folder.write("read.py", SeedConsumers.readPSKC), file],
                                                environment: run.name == "key" ? ["KEY": String(repeating: "ff", count: 16)] : ["PASSWORD": "wrong"],
                                                executable: SeedConsumers.python)
                XCTAssertNotEqual(wrong.status, 0, "\(run.name): python-pskc refuses the wrong key (its MAC check)")
            }
        }
        try assertCodesAgree(seeds)
        // Without the key each row says which options give it; with the other kind of key, the file does.
        let keyless = try SkewProcess.run(["seed", "import", folder.file("key.pskc").path, "-f", "csv"])
        XCTAssertEqual(keyless.status, 65, keyless.stderr)
        XCTAssertTrue(keyless.stdout.contains("give the pre-shared key or the password (--key-file or --key-env, --password-file or --password-env)"),
                      keyless.stdout)
        let wrongKind = try SkewProcess.run(["seed", "import", folder.file("key.pskc").path, "--password-env", "P"], environment: ["P": password])
        XCTAssertEqual(wrongKind.status, 65, wrongKind.stderr)
        XCTAssertTrue(wrongKind.stderr.contains("Fix: give the pre-shared key with --key-file or --key-env."), wrongKind.stderr)
        // Negative control: the schema check notices a misnamed element.
        let misnamed = try folder.write("misnamed.pskc", try String(contentsOfFile: folder.file("plain.pskc").path, encoding: .utf8)
            .replacingOccurrences(of: "pskc:SerialNo>", with: "pskc:SerialNumber>"))
        XCTAssertEqual(try SeedConsumers.validatePSKC(misnamed), "FAIL")
    }

    /// The other direction: files python-pskc writes and encrypts, read by `skew seed import`.
    func testImportReadsWhatPythonPSKCEncrypts() throws {
        let folder = try TemporaryFolder("seed-pskc-in")
        let tokens: [[String: String]] = [
            ["serial": "P1", "secret": "3132333435363738393031323334353637383930", "suite": "HMAC-SHA1"],
            ["serial": "P2", "secret": "3132333435363738393031323334353637383930313233343536373839303132", "suite": "HMAC-SHA256"],
        ]
        let specification = String(decoding: try JSONSerialization.data(withJSONObject: tokens), as: UTF8.self)
        for (name, environment, option) in [("key", ["KEY": key], "--key-env"), ("password", ["PASSWORD": password], "--password-env")] {
            let file = folder.file("\(name).pskc").path
            _ = try SeedConsumers.run(SeedConsumers.writePSKC, [file], environment: environment, stdin: specification, in: folder)
            let variable = environment.keys.first!
            let imported = try SkewProcess.run(["seed", "import", file, option, variable, "-f", "json"], environment: environment)
            XCTAssertEqual(imported.status, 0, imported.stderr)
            let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [String: Any])
            let read = try XCTUnwrap(report["tokens"] as? [[String: Any]])
            XCTAssertEqual(read.map { $0["serial"] as? String }, ["P1", "P2"])
            XCTAssertEqual(read.map { $0["algorithm"] as? String }, ["SHA1", "SHA256"])
            XCTAssertEqual(read.map { $0["secret_bytes"] as? Int }, [20, 32])
            XCTAssertEqual(read.first?["secret_fingerprint"] as? String, "6253b4cc", "RFC 6238's SHA-1 seed, as skew window fingerprints it")
            XCTAssertFalse(imported.stdout.contains("3132333435") || imported.stderr.contains("3132333435"), "no seed in the output")
            // Negative control: the wrong key or password is refused by name, and nothing is reported as read.
            let wrong = try SkewProcess.run(["seed", "import", file, option, variable],
                                            environment: [variable: name == "key" ? String(repeating: "ff", count: 16) : "wrong"])
            XCTAssertEqual(wrong.status, 65, wrong.stderr)
            // A wrong key shows as bad padding (the whole file) or as every seed's MAC failing (each row).
            XCTAssertTrue((wrong.stdout + wrong.stderr).contains("key or password"), wrong.stdout + wrong.stderr)
            XCTAssertFalse(wrong.stdout.contains(",ok") || wrong.stdout.contains("SHA256"), "no token read with the wrong key")
        }
    }

    func testPrivacyIDEAImportsTheCSVAndThePSKCFiles() throws {
        try requireTool(SeedConsumers.privacyIDEAPython.path)
        let folder = try TemporaryFolder("seed-privacyidea")
        let (seeds, list) = try batch(in: folder)
        let csv = folder.file("privacyidea.csv").path
        _ = try export(list, to: "privacyidea", csv)
        let parsed = try XCTUnwrap(try SeedConsumers.run(SeedConsumers.privacyIDEA, ["csv", csv], interpreter: SeedConsumers.privacyIDEAPython,
                                                         in: folder) as? [String: Any])
        let tokens = try XCTUnwrap(parsed["tokens"] as? [String: [String: String]])
        XCTAssertEqual(tokens.count, 20)
        for (serial, token) in tokens {
            XCTAssertEqual(token["otpkey"], seeds[serial], serial)
            XCTAssertEqual(token["type"], "totp")
            XCTAssertEqual(token["hashlib"], "sha1")
            XCTAssertEqual(token["otplen"], "6")
            XCTAssertEqual(token["timeStep"], "30")
        }
        for (name, extra, environment) in [("key", ["--encrypt-key-env", "E"], ["E": key, "KEY": key]),
                                           ("password", ["--encrypt-password-env", "E", "--iterations", "5000"], ["E": password, "PASSWORD": password])] {
            let file = folder.file("\(name).pskc").path
            _ = try export(list, to: "pskc", file, extra: extra, environment: ["E": environment["E"]!])
            let read = try XCTUnwrap(try SeedConsumers.run(SeedConsumers.privacyIDEA, ["pskc", file], environment: environment,
                                                           interpreter: SeedConsumers.privacyIDEAPython, in: folder) as? [String: Any])
            XCTAssertEqual(read["not_imported"] as? [String], [], "\(name): every MAC checks out")
            let imported = try XCTUnwrap(read["tokens"] as? [String: [String: String]])
            XCTAssertEqual(imported.count, 20)
            for (serial, token) in imported {
                XCTAssertEqual(token["otpkey"], seeds[serial], "\(name) \(serial)")
                XCTAssertEqual(token["hashlib"], "sha1")
                XCTAssertEqual(token["timeStep"], "30")
            }
        }
        // A 32-byte SHA-1 seed would import as SHA-256 (privacyIDEA guesses the hash from the length): refused.
        let long = try folder.write("long.csv", "TK1,\(String(repeating: "ab", count: 32))\n")
        let refused = try SkewProcess.run(["seed", "export", long, "--hex", "--to", "privacyidea", "--write", folder.file("x.csv").path])
        XCTAssertEqual(refused.status, 65)
        XCTAssertTrue(refused.stderr.contains("SHA256"), refused.stderr)
    }

    /// A Token2-style Entra CSV with a typo, a short seed and a repeated seed: every problem named
    /// by line, every good row still listed, exit 65, and no seed in the output.
    func testImportChecksEverySeedAndNamesEachProblem() throws {
        let folder = try TemporaryFolder("seed-import")
        let file = try folder.write("token2.csv", """
            upn,serial number,secret key,time interval,manufacturer,model
            ,60234567,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,30,Token2,C302
            ,60234568,GEZDGNBVGY3TQOJ0GEZDGNBVGY3TQOJQ,30,Token2,C302
            ,60234569,JBSWY3DPEHPK3PXP,30,Token2,C302
            ,60234570,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,30,Token2,C302
            ,60234571,JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP,60,Token2,C302

            """)
        let result = try SkewProcess.run(["seed", "import", file, "-f", "csv"])
        XCTAssertEqual(result.status, 65, result.stderr)
        let lines = result.stdout.split(separator: "\r\n").map(String.init)
        guard lines.count == 6 else { return XCTFail("a header and five rows: \(result.stdout) \(result.stderr)") }
        XCTAssertTrue(lines[1].hasSuffix(",ok"), lines[1])
        XCTAssertTrue(lines[2].contains("character 16 is '0'"), lines[2])
        XCTAssertTrue(lines[3].contains("10 bytes, shorter than the 16"), lines[3])
        XCTAssertTrue(lines[3].contains("make a new random seed of 20 bytes, or 32 for SHA-256 (skew seed new)"), "the CLI names the command: \(lines[3])")
        XCTAssertTrue(lines[4].contains("the same as at line 2"), lines[4])
        XCTAssertTrue(lines[4].contains("give every token its own random seed (skew seed new)"), lines[4])
        XCTAssertTrue(lines[5].contains(",60,") && lines[5].hasSuffix(",ok"), lines[5])
        for seed in ["GEZDGNBVGY3TQOJQ", "JBSWY3DPEHPK3PXP"] {
            XCTAssertFalse(result.stdout.contains(seed) || result.stderr.contains(seed), "no seed in the output")
        }
        let exported = try SkewProcess.run(["seed", "export", file, "--to", "pskc", "--write", folder.file("out.pskc").path])
        XCTAssertEqual(exported.status, 65)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.file("out.pskc").path), "nothing written while a token has a problem")
    }

    func testExportRefusesTheReportFolder() throws {
        let folder = try TemporaryFolder("seed-export")
        let list = try folder.write("list.csv", "TK1,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n")
        try FileManager.default.createDirectory(at: folder.file("out"), withIntermediateDirectories: true)
        let result = try SkewProcess.run(["seed", "export", list, "--to", "pskc", "--write", "out/seeds.pskc", "--report-dir", "out"],
                                         workingDirectory: folder.url)
        XCTAssertEqual(result.status, 73, result.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.file("out").path), [])
    }

    private func hexToBytes(_ hex: String) -> [UInt8] {
        stride(from: 0, to: hex.count, by: 2).map { UInt8(hex.dropFirst($0).prefix(2), radix: 16)! }
    }
}
