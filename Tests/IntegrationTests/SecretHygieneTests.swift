import Foundation
import XCTest

/// Every command run with a canary secret: the canary, as base32, hex or raw bytes, must appear in
/// no output, report, evidence file, history database or spawned command line.
final class SecretHygieneTests: XCTestCase {
    /// 20 bytes that spell a recognisable marker, so a leak is unmistakable.
    private let canary = Array("SkewCanary-Secret!!!".utf8)
    private var base32: String { "KNVWK52DMFXGC4TZFVJWKY3SMV2CCIJB" }
    private var scratch: TemporaryFolder!
    private var folder: URL { scratch.url }

    override func setUpWithError() throws {
        scratch = try TemporaryFolder("canary")
    }

    override func tearDown() {
        scratch = nil
    }


    /// The forms a leak could take: base32 (any case), hex (any case), the raw bytes.
    private var needles: [Data] {
        let hex = canary.map { String(format: "%02x", $0) }.joined()
        return [base32, base32.lowercased(), hex, hex.uppercased()].map { Data($0.utf8) } + [Data(canary)]
    }

    private func assertClean(_ data: Data, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        for needle in needles where data.range(of: needle) != nil {
            XCTFail("the canary secret leaked into \(what)", file: file, line: line)
        }
    }

    private func assertClean(_ run: SkewRun, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        assertClean(Data(run.stdout.utf8), "\(what) standard output", file: file, line: line)
        assertClean(Data(run.stderr.utf8), "\(what) standard error", file: file, line: line)
    }

    /// Every file the commands left in the test folder, except the files that hold the secret on purpose.
    private func assertFolderClean(except allowed: Set<String>) throws {
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)!
        for case let url as URL in enumerator where !allowed.contains(url.lastPathComponent) {
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }
            assertClean(data, url.lastPathComponent)
        }
    }

    func testNoCommandLeaksTheSecret() throws {
        let secretFile = folder.appendingPathComponent("secret.txt").path
        try base32.write(toFile: secretFile, atomically: true, encoding: .utf8)
        let env = ["CANARY": base32]
        let reports = folder.appendingPathComponent("reports").path
        let history = folder.appendingPathComponent("history.sqlite").path
        let common = ["--report", "--report-dir", reports]
        let seedList = folder.appendingPathComponent("seeds.csv").path
        try "serial,secret\nCANARY1,\(base32)\n".write(toFile: seedList, atomically: true, encoding: .utf8)
        let runs: [(String, [String], String?)] = [
            ("window", ["window", "--secret-env", "CANARY", "--format", "json"] + common, nil),
            ("window html", ["window", "--secret-file", secretFile, "--format", "html", "--output",
                             folder.appendingPathComponent("window.html").path], nil),
            ("locate", ["locate", "--secret", "-", "--code", "123456", "--range", "50"] + common, base32),
            ("locate uri", ["locate", "--secret-env", "URI", "--code", "123456", "--format", "csv"], nil),
            ("bad code", ["locate", "--secret-env", "CANARY", "--code", "12x456"], nil),
            ("manual drift", ["drift", "--manual", "--secret-env", "CANARY", "--history", history, "--range", "1"], "000000\n"),
            ("history", ["drift", "history", "--history", history, "--format", "json"], nil),
            ("qr encode", ["qr", "encode", "--secret-env", "CANARY", "--issuer", "Canary", "--label", "c@example.com",
                           "--png", folder.appendingPathComponent("canary.png").path], nil),
            ("qr decode", ["qr", "decode", folder.appendingPathComponent("canary.png").path, "--format", "json"] + common, nil),
            ("seed show", ["seed", "show", "--secret-env", "CANARY", "--format", "json"] + common, nil),
            ("seed convert", ["seed", "convert", "--secret-env", "CANARY", "--as", "hex", "-o", folder.appendingPathComponent("canary.hex").path], nil),
            ("seed import", ["seed", "import", seedList] + common, nil),
            ("seed export", ["seed", "export", seedList, "--to", "pskc", "--encrypt-password-env", "PASSWORD", "--iterations", "1000",
                             "--write", folder.appendingPathComponent("canary.pskc").path, "--format", "csv"] + common, nil),
            ("seed export plain", ["seed", "export", seedList, "--to", "privacyidea",
                                   "--write", folder.appendingPathComponent("canary.csv").path] + common, nil),
        ]
        var environment = env
        environment["URI"] = "otpauth://totp/Canary:c?secret=\(base32)&issuer=Canary"
        environment["PASSWORD"] = "canary password"
        for (name, arguments, stdin) in runs {
            let run = try SkewProcess.run(arguments, stdin: stdin, environment: environment)
            assertClean(run, name)
        }
        // The PNG, the seed list and the seed files hold the secret by design; everything else must not.
        try assertFolderClean(except: ["secret.txt", "canary.png", "seeds.csv", "canary.hex", "canary.csv"])
        let exported = try Data(contentsOf: folder.appendingPathComponent("canary.pskc"))
        XCTAssertGreaterThan(exported.count, 1000, "the encrypted PSKC export was written, and checked above")
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: reports).isEmpty, "reports were written and checked")
    }

    /// A command verifier sees only the code: never the secret in its arguments or environment.
    func testProbeNeverPassesTheSecretToTheVerifierCommand() throws {
        let recorder = folder.appendingPathComponent("record.sh").path
        let record = folder.appendingPathComponent("calls.txt").path
        try """
            #!/bin/sh
            { echo "ARGS: $*"; env; } >> \(record)
            exit 1
            """.write(toFile: recorder, atomically: true, encoding: .utf8)
        chmod(recorder, 0o755)
        let run = try SkewProcess.run(["probe", "--secret-env", "CANARY", "--cmd", "\(recorder) {code}", "--range", "2",
                                       "--max-failures", "2", "--guard-seconds", "0", "--evidence",
                                       folder.appendingPathComponent("evidence.jsonl").path],
                                      environment: ["CANARY": base32])
        assertClean(run, "probe")
        let calls = try Data(contentsOf: URL(fileURLWithPath: record))
        XCTAssertFalse(calls.isEmpty, "the verifier command ran")
        assertClean(calls, "the verifier command's arguments and environment")
        try assertFolderClean(except: ["record.sh"])
    }
}

/// The canary burned into the virtual token through real pcscd, with --trace and reports on: the
/// seed goes out only encrypted, and the trace, reports and history show none of it.
final class TokenSecretHygieneTests: TokenStackTestCase {
    func testBurnWithTraceAndReportsLeaksNothing() throws {
        let scratch = try TemporaryFolder("canary-burn")
        let folder = scratch.url
        let canary = Array("SkewCanary-Secret!!!".utf8)
        let base32 = "KNVWK52DMFXGC4TZFVJWKY3SMV2CCIJB"
        let hex = canary.map { String(format: "%02x", $0) }.joined()
        emulator = try EmulatorProcess(["--serial", "86596000000042"])
        let history = folder.appendingPathComponent("history.sqlite").path
        let run = try SkewProcess.run(["burn", "--reader", TokenHarness.reader, "--secret-env", "CANARY", "--trace", "--report",
                                       "--report-dir", folder.path, "--history", history, "--format", "json"],
                                      environment: ["CANARY": base32])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("trace:"), "the trace was on")
        var haystacks = [("stdout", Data(run.stdout.utf8)), ("stderr", Data(run.stderr.utf8))]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            haystacks.append((name, try Data(contentsOf: folder.appendingPathComponent(name))))
        }
        XCTAssertGreaterThanOrEqual(haystacks.count, 4, "reports and history were written and checked")
        for (name, data) in haystacks {
            for needle in [base32, base32.lowercased(), hex, hex.uppercased()].map({ Data($0.utf8) }) + [Data(canary)] {
                XCTAssertNil(data.range(of: needle), "the canary leaked into \(name)")
            }
        }
    }
}
