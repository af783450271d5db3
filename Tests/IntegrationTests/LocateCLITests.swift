import Foundation
import XCTest

final class LocateCLITests: XCTestCase {
    private let environment = ["S": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"]

    func testFoundGivesSignedOffsetAndExitZero() throws {
        // RFC 6238 SHA-1 code 94287082 belongs to step 1 (t = 30…59); seen at t = 1111111109 it is far behind.
        let run = try SkewProcess.run(["locate", "--secret-env", "S", "--digits", "8", "--code", "07081804",
                                       "--at", "1111111169", "--range", "5", "--format", "json"], environment: environment)
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["found"] as? Bool, true)
        let matches = try XCTUnwrap(json["matches"] as? [[String: Any]])
        XCTAssertEqual(matches.count, 1)
        XCTAssertEqual(matches[0]["offset_steps"] as? Int, -2)
        XCTAssertEqual(matches[0]["offset_seconds"] as? Int, -60)
        XCTAssertEqual((json["chance_probability"] as? Double) ?? 1, 11e-8, accuracy: 1e-12)
    }

    func testConsecutiveCodesAndNotFound() throws {
        let both = try SkewProcess.run(["locate", "--secret-env", "S", "--digits", "8", "--code", "94287082",
                                        "--code", "37359152", "--at", "3600", "--range", "200", "--format", "csv"],
                                       environment: environment)
        XCTAssertEqual(both.status, 0, both.stderr)
        XCTAssertTrue(both.stdout.contains("-119,'-3570 s,1,"), both.stdout)
        let missing = try SkewProcess.run(["locate", "--secret-env", "S", "--code", "000000", "--at", "1700000000",
                                           "--range", "3"], environment: environment)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stdout.contains("Not found"))
        XCTAssertEqual(missing.stderr, "")
    }

    func testOutputFileAndReportFolder() throws {
        let scratch = try TemporaryFolder("skew")
        let folder = scratch.url
        let output = folder.appendingPathComponent("locate.json").path
        let run = try SkewProcess.run(["locate", "--secret-env", "S", "--digits", "8", "--code", "94287082", "--at", "59",
                                       "--range", "1", "--output", output, "--report", "--report-dir", folder.path + "/reports"],
                                      environment: environment)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "")
        let written = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any])
        XCTAssertEqual(written["found"] as? Bool, true)
        let reports = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/reports").sorted()
        XCTAssertEqual(reports.count, 2)
        XCTAssertTrue(reports[0].hasPrefix("locate-") && reports[0].hasSuffix(".csv"), "\(reports)")
        XCTAssertTrue(reports[1].hasSuffix(".json"))
        let unwritable = try SkewProcess.run(["locate", "--secret-env", "S", "--digits", "8", "--code", "94287082", "--at", "59",
                                              "--output", "/nonexistent/dir/out.json"], environment: environment)
        XCTAssertEqual(unwritable.status, 73)
    }

    /// Runs in the same second each keep their report (`-2`, `-3`, … after the stamp), even when they
    /// race; `--output -` is standard output, not a file named `-`.
    func testReportsAreNeverReplacedAndDashIsStandardOutput() throws {
        let scratch = try TemporaryFolder("skew")
        let folder = scratch.url
        let runs = 4, environment = environment
        DispatchQueue.concurrentPerform(iterations: runs) { index in
            let run = try? SkewProcess.run(["locate", "--secret-env", "S", "--digits", "8", "--code", "94287082", "--at", "59",
                                            "--range", "\(index + 1)", "--report", "--report-dir", "reports"],
                                           environment: environment, workingDirectory: folder)
            XCTAssertEqual(run?.status, 0, run?.stderr ?? "")
        }
        let reports = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/reports")
        XCTAssertEqual(reports.filter { $0.hasSuffix(".json") }.count, runs, "\(reports)")
        XCTAssertEqual(reports.filter { $0.hasSuffix(".csv") }.count, runs, "\(reports)")
        let ranges = try reports.filter { $0.hasSuffix(".json") }.map { name in
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("reports/" + name))) as? [String: Any]
            return json?["range_steps"] as? Int
        }
        XCTAssertEqual(Set(ranges), Set((1...runs).map { Optional($0) }), "every run's own report is there")

        let dash = try SkewProcess.run(["locate", "--secret-env", "S", "--digits", "8", "--code", "94287082", "--at", "59",
                                        "--range", "1", "--output", "-", "--format", "json"], environment: environment, workingDirectory: folder)
        XCTAssertEqual(dash.status, 0, dash.stderr)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(dash.stdout.utf8)))
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("-").path))
    }

    func testBenchPrintsThroughputAndOathtoolRatio() throws {
        let run = try SkewProcess.run(["bench", "locate", "--range", "2000", "--runs", "1", "--algorithms", "sha1",
                                       "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let rows = try XCTUnwrap(json["rows"] as? [[String: Any]])
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0]["searched_steps"] as? Int, 4001)
        XCTAssertGreaterThan(rows[0]["codes_per_second"] as? Double ?? 0, 0)
        XCTAssertNotNil(rows[0]["speedup"] as? Double, "oathtool ran side by side")
    }
}

/// `--range` is steps by default and a duration with a unit, the same on every command.
final class RangeOptionTests: XCTestCase {
    private let environment = ["S": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"]

    private func rangeSteps(_ arguments: [String]) throws -> Int? {
        let run = try SkewProcess.run(arguments + ["--format", "json"], environment: environment)
        XCTAssertTrue([0, 1].contains(run.status), run.stderr)   // 1: a probe where no code was accepted
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        return json?["range_steps"] as? Int
    }

    func testLocateTakesStepsOrADurationRoundedUpToSteps() throws {
        let locate = ["locate", "--secret-env", "S", "--code", "287082", "--at", "59", "--range"]
        XCTAssertEqual(try rangeSteps(locate + ["10"]), 10)
        XCTAssertEqual(try rangeSteps(locate + ["5m"]), 10)
        XCTAssertEqual(try rangeSteps(locate + ["301s"]), 11, "a duration is covered whole")
        XCTAssertEqual(try rangeSteps(locate + ["2d", "--period", "60"]), 2880)
    }

    func testDiagnoseReadsAPlainNumberAsStepsOfTheExpectedPeriod() throws {
        func offsets(_ range: String) throws -> [String] {
            let run = try SkewProcess.run(["diagnose", "--secret-env", "S", "--code", "287082", "--at", "100",
                                           "--range", range, "--tz", "UTC", "--no-secret-variants", "--format", "csv"],
                                          environment: environment)
            return run.stdout.split(separator: "\r\n").map(String.init)
        }
        XCTAssertEqual(try offsets("4"), try offsets("2m"), "4 steps of 30 s are 2 minutes")
        XCTAssertNotEqual(try offsets("1"), try offsets("2m"), "the clock offset of 55 s needs more than one step")
    }

    func testProbeAndBenchTakeTheSameUnits() throws {
        try requireTool("/usr/bin/oathtool")
        let scratch = try TemporaryFolder("range")
        let probe = ["probe", "--secret-env", "S", "--cmd", "/usr/bin/oathtool --totp -b -w 1 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ {code}",
                     "--evidence", scratch.file("evidence.jsonl").path, "--range"]
        XCTAssertEqual(try rangeSteps(probe + ["3"]), 3)
        XCTAssertEqual(try rangeSteps(probe + ["61s"]), 3, "61 s needs three 30 s steps")
        XCTAssertEqual(try rangeSteps(probe + ["2m", "--period", "60"]), 2)
        let bench = ["bench", "locate", "--runs", "1", "--threads", "1", "--oathtool", "none", "--algorithms", "sha1", "--range"]
        XCTAssertEqual(try rangeSteps(bench + ["20"]), 20)
        XCTAssertEqual(try rangeSteps(bench + ["1h"]), 120)
    }

    /// Every command refuses the same malformed range the same way (a usage error, 64), before doing anything.
    func testEveryRangeRefusesTextThatIsNeitherStepsNorADuration() throws {
        let commands: [[String]] = [
            ["locate", "--secret-env", "S", "--code", "287082"], ["diagnose", "--secret-env", "S", "--code", "287082"],
            ["probe", "--secret-env", "S", "--cmd", "/bin/false {code}"], ["bench", "locate", "--runs", "1"],
            ["drift", "--manual", "--secret-env", "S", "--no-record"], ["sync", "--dry-run", "--family", "protectimus"],
        ]
        for command in commands {
            let run = try SkewProcess.run(command + ["--range", "5x"], stdin: "", environment: environment)
            XCTAssertEqual(run.status, 64, "\(command): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("'5x' is neither a number of steps nor a duration"), "\(command): \(run.stderr)")
        }
    }
}
