import Foundation
import XCTest

/// `skew window` through the built binary, with every way of passing a secret.
final class WindowCLITests: XCTestCase {
    private let rfcSecretBase32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

    func testSecretFromEnvironmentGivesRFCCodeAsJSON() throws {
        let run = try SkewProcess.run(["window", "--secret-env", "SKEW_TEST_SECRET", "--at", "59", "--digits", "8",
                                       "--steps", "1", "--format", "json"],
                                      environment: ["SKEW_TEST_SECRET": rfcSecretBase32])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let steps = try XCTUnwrap(json["steps"] as? [[String: Any]])
        let current = try XCTUnwrap(steps.first { $0["current"] as? Bool == true })
        XCTAssertEqual(current["code"] as? String, "94287082")
        XCTAssertEqual(steps.map { $0["direction"] as? String }, ["past", "current", "future"])
        XCTAssertFalse(run.stdout.contains(rfcSecretBase32))
        XCTAssertFalse(run.stderr.contains("process list"), "no warning when the secret comes from the environment")
    }

    /// A value that starts with a minus is a value: `--at -100` is 100 s before 1970, as `--at=-100` is.
    func testNegativeTimesAndT0AreValues() throws {
        func reference(_ arguments: [String]) throws -> (unix: Double?, counter: Int?) {
            let run = try SkewProcess.run(["window", "--secret-env", "S", "--steps", "0", "--format", "json"] + arguments,
                                          environment: ["S": rfcSecretBase32])
            XCTAssertEqual(run.status, 0, "\(arguments): \(run.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            return ((json?["reference_time"] as? [String: Any])?["unix"] as? Double, json?["current_counter"] as? Int)
        }
        XCTAssertEqual(try reference(["--at", "-100"]).unix, -100)
        XCTAssertEqual(try reference(["--at=-100"]).unix, -100)
        XCTAssertEqual(try reference(["--at", "1000", "--t0", "-100"]).counter, 36, "(1000 + 100) / 30")
        XCTAssertEqual(try reference(["--at", "1000", "--t0=-100"]).counter, 36)
        let locate = try SkewProcess.run(["locate", "--secret-env", "S", "--digits", "8", "--code", "94287082", "--at", "-100", "--range", "10"],
                                         environment: ["S": rfcSecretBase32])
        XCTAssertEqual(locate.status, 0, locate.stderr)
        let diagnose = try SkewProcess.run(["diagnose", "--secret-env", "S", "--code", "287082", "--at", "-100", "--tz", "-05:00", "--range", "60"],
                                           environment: ["S": rfcSecretBase32])
        XCTAssertFalse(diagnose.stderr.contains("Missing value") || diagnose.status == 64, diagnose.stderr)
    }

    /// ISO 8601's calendar is the proleptic Gregorian one in every year (Python's datetime agrees).
    func testDatesBefore1582AreGregorian() throws {
        let run = try SkewProcess.run(["window", "--secret-env", "S", "--steps", "0", "--at", "0001-01-01T00:00:00Z", "--format", "csv"],
                                      environment: ["S": rfcSecretBase32])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains(",-2071186560,0001-01-01T00:00:00Z,0001-01-01T00:00:30Z,"), run.stdout)
    }
}

/// The short options people know from oathtool and ykman, and examples in the help.
final class ShortOptionTests: XCTestCase {
    func testShortOptionsMeanTheirLongForms() throws {
        let scratch = try TemporaryFolder("short")
        let folder = scratch.url
        let secretFile = folder.appendingPathComponent("s.txt").path
        try "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n".write(toFile: secretFile, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("w.csv").path
        let short = try SkewProcess.run(["window", "-s", secretFile, "-w", "1", "--at", "59", "-f", "csv", "-o", output])
        XCTAssertEqual(short.status, 0, short.stderr)
        let long = try SkewProcess.run(["window", "--secret-file", secretFile, "--steps", "1", "--at", "59", "--format", "csv"])
        XCTAssertEqual(try String(contentsOfFile: output, encoding: .utf8), long.stdout)
        XCTAssertTrue(long.stdout.contains("287082"))
    }

    func testHelpShowsExamples() throws {
        for command in [["window"], ["locate"], ["diagnose"], ["clock"], ["qr", "decode"], ["qr", "encode"]] {
            let run = try SkewProcess.run(command + ["--help"])
            XCTAssertEqual(run.status, 0)
            XCTAssertTrue(run.stdout.contains("Examples:\n  skew \(command.joined(separator: " "))"), run.stdout)
        }
    }
}
