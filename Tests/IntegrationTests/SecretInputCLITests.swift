import Foundation
import XCTest

/// Every way of handing `skew` a secret, and the errors for each way of getting it wrong.
final class SecretInputCLITests: XCTestCase {
    private let base32 = "JBSWY3DPEHPK3PXP"
    private let windowArguments = ["window", "--at", "1700000000", "--steps", "0", "--format", "csv"]
    private var scratch: TemporaryFolder!
    private var folder: URL { scratch.url }

    override func setUpWithError() throws {
        scratch = try TemporaryFolder("skew")
    }

    override func tearDown() {
        scratch = nil
    }


    private func write(_ text: String, name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func currentCode(_ run: SkewRun) -> String? {
        run.stdout.split(separator: "\r\n").dropFirst().first.map { String($0.split(separator: ",")[5]) }
    }

    func testEveryInputFormGivesTheSameCode() throws {
        let file = try write(base32 + "\n", name: "secret.txt")
        let uriFile = try write("otpauth://totp/ACME:alice?secret=\(base32)&issuer=ACME&algorithm=SHA1&digits=6&period=30", name: "uri.txt")
        let runs = [
            try SkewProcess.run(windowArguments + ["--secret-file", file]),
            try SkewProcess.run(windowArguments + ["--secret-file", uriFile]),
            try SkewProcess.run(windowArguments + ["--secret-env", "S"], environment: ["S": "jbsw y3dp ehpk 3pxp"]),
            try SkewProcess.run(windowArguments + ["--secret", "-"], stdin: base32 + "\n"),
            try SkewProcess.run(windowArguments + ["--secret", "-", "--hex"], stdin: "48656C6C6F21DEADBEEF"),
        ]
        for run in runs {
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertEqual(currentCode(run), "324550", run.stdout)
            XCTAssertFalse(run.stderr.contains("process list"))
        }
        let onCommandLine = try SkewProcess.run(windowArguments + ["--secret", base32])
        XCTAssertEqual(currentCode(onCommandLine), "324550")
        XCTAssertTrue(onCommandLine.stderr.contains("shows in the process list"))
    }

    func testURIParametersApplyAndFlagsOverrideWithWarning() throws {
        let uri = "otpauth://totp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&algorithm=SHA256&digits=8"
        let run = try SkewProcess.run(["window", "--at", "59", "--steps", "0", "--format", "csv", "--secret-env", "S"],
                                      environment: ["S": uri])
        XCTAssertEqual(currentCode(run), "46119246", run.stderr)
        let overridden = try SkewProcess.run(["window", "--at", "59", "--steps", "0", "--format", "csv", "--secret-env", "S",
                                              "--digits", "6"], environment: ["S": uri])
        XCTAssertEqual(currentCode(overridden), "119246")
        XCTAssertTrue(overridden.stderr.contains("--digits 6 overrides the URI's digits=8"))
    }

    func testBadInputsExitWithDistinctCodesAndNamedFixes() throws {
        let cases: [(arguments: [String], environment: [String: String], status: Int32, message: String)] = [
            (["--secret-env", "S"], ["S": "JBSWY3DPEHPK3PX0"], 65, "character 16 is '0'"),
            (["--secret-env", "S"], ["S": "3132333435363738393031323334353637383930"], 65, "add --hex"),
            (["--secret-env", "S", "--hex"], ["S": "ABC"], 65, "odd number"),
            (["--secret-env", "UNSET_SKEW_VARIABLE"], [:], 65, "environment variable is not set"),
            (["--secret-file", "/nonexistent/secret"], [:], 66, "cannot read the secret file"),
            ([], [:], 64, "no secret was given"),
            (["--secret-env", "S", "--secret-file", "/x"], ["S": "JBSWY3DPEHPK3PXP"], 64, "more than once"),
            (["--secret-env", "S", "--digits", "11"], ["S": "JBSWY3DPEHPK3PXP"], 65, "11 digits"),
            (["--secret-env", "S", "--period", "0"], ["S": "JBSWY3DPEHPK3PXP"], 65, "period"),
            (["--secret-env", "S", "--algorithm", "md5"], ["S": "JBSWY3DPEHPK3PXP"], 65, "not a known algorithm"),
            (["--secret-env", "S"], ["S": "otpauth://totp/x?issuer=a"], 65, "no secret= parameter"),
        ]
        for testCase in cases {
            let run = try SkewProcess.run(["window", "--at", "0"] + testCase.arguments, environment: testCase.environment)
            XCTAssertEqual(run.status, testCase.status, "\(testCase.arguments): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains(testCase.message), "\(testCase.arguments): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("Fix:") || testCase.status == 64, run.stderr)
            XCTAssertEqual(run.stdout, "", "nothing is written on failure")
            XCTAssertFalse(run.stderr.contains("JBSWY3DPEHPK3PX"), "the secret is never echoed")
        }
        let badTime = try SkewProcess.run(["window", "--secret-env", "S", "--at", "tomorrow"], environment: ["S": base32])
        XCTAssertEqual(badTime.status, 65)
        XCTAssertTrue(badTime.stderr.contains("--at: 'tomorrow' is not a time"))
        let badFormat = try SkewProcess.run(["window", "--secret-env", "S", "--format", "xml"], environment: ["S": base32])
        XCTAssertEqual(badFormat.status, 64)
    }
}
