import Foundation
import XCTest

/// Real JSON reports against their schema files in `schemas/`, judged by Python's jsonschema (an
/// independent validator): a renamed, missing, retyped or unexpected field fails here, and so does a
/// report whose `schema` name or version differs from its file's.
final class ReportSchemaTests: XCTestCase {
    static let validator = #"""
    import json, sys
    from jsonschema import Draft202012Validator

    failures = []
    for schema_path, report_path in zip(sys.argv[1::2], sys.argv[2::2]):
        schema = json.load(open(schema_path))
        report = json.load(open(report_path))
        for error in Draft202012Validator(schema).iter_errors(report):
            where = "/".join(str(part) for part in error.absolute_path)
            failures.append(f"{report_path}: {where}: {error.message}")
    print("\n".join(failures))
    sys.exit(1 if failures else 0)
    """#

    private let environment = ["S": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"]
    /// Where the export run writes its seed file (its report is what is checked), removed with the test.
    private let exportFolder = try! TemporaryFolder("schema-export")

    /// Each command's runs: ordinary ones and the edges that leave fields out (no match, nothing
    /// explains, steps before T0).
    private var runs: [(schema: String, arguments: [String])] {
        let secret = ["--secret-env", "S"]
        let seeds = SkewProcess.packageRoot.appendingPathComponent("fixtures/seeds/token2-entra.csv").path
        return [
            ("window", ["window"] + secret + ["--at", "59", "--steps", "3"]),
            ("window", ["window"] + secret + ["--at", "59", "--t0", "100", "--steps", "3"]),
            ("window", ["window"] + secret + ["--at", "1700000000.25", "--steps", "0", "--digits", "8", "--period", "60"]),
            ("locate", ["locate"] + secret + ["--code", "287082", "--at", "59", "--range", "3"]),
            ("locate", ["locate"] + secret + ["--code", "111111", "--at", "59", "--range", "3"]),
            ("locate", ["locate"] + secret + ["--code", "287082", "--code", "359152", "--at", "59"]),
            ("diagnose", ["diagnose"] + secret + ["--code", "287082", "--at", "100", "--tz", "UTC"]),
            ("diagnose", ["diagnose"] + secret + ["--code", "287082", "--at", "59", "--tz", "UTC"]),
            ("diagnose", ["diagnose"] + secret + ["--code", "000000", "--at", "100", "--tz", "UTC", "--range", "2"]),
            ("diagnose", ["diagnose"] + secret + ["--code", "287082", "--code", "359152", "--at", "100", "--tz", "UTC"]),
            ("seed-show", ["seed", "show"] + secret + ["--at", "59"]),
            ("seed-show", ["seed", "show"] + secret + ["--at", "1700000000", "--digits", "8", "--show-secrets"]),
            ("seed-file", ["seed", "import", seeds]),
            ("seed-file", ["seed", "export", seeds.replacingOccurrences(of: "token2-entra.csv", with: "serial-secret-hex.csv"), "--hex",
                           "--manufacturer", "Token2", "--model", "C302", "--to", "entra-json", "--write", exportFolder.file("graph.json").path]),
        ] + ["plain", "migration", "fido", "two-codes", "url", "phonefactor", "invalid-otpauth", "screenshot"].map {
            ("qr-decode", ["qr", "decode", SkewProcess.packageRoot.appendingPathComponent("fixtures/qr/\($0).png").path])
        }
    }

    func testEveryReportValidatesAgainstItsSchemaFile() throws {
        try requireTool("/usr/bin/python3")
        let scratch = try TemporaryFolder("schema")
        let folder = scratch.url
        var pairs: [String] = []
        for (index, run) in runs.enumerated() {
            let result = try SkewProcess.run(run.arguments + ["--format", "json"], environment: environment)
            XCTAssertTrue([0, 1, 65].contains(result.status), "\(run.arguments): \(result.stderr)")
            let report = folder.appendingPathComponent("\(index)-\(run.schema).json")
            try result.stdout.write(to: report, atomically: true, encoding: .utf8)
            let schema = SkewProcess.packageRoot.appendingPathComponent("schemas/skew.\(run.schema).v1.json")
            pairs += [schema.path, report.path]
        }
        let script = folder.appendingPathComponent("validate.py")
        try Self.validator.write(to: script, atomically: true, encoding: .utf8)
        let validation = try SkewProcess.run([script.path] + pairs, executable: URL(fileURLWithPath: "/usr/bin/python3"))
        XCTAssertEqual(validation.status, 0, validation.stdout + validation.stderr)
    }

    /// The negative control: a report with a field renamed fails its schema.
    func testARenamedFieldFailsItsSchema() throws {
        try requireTool("/usr/bin/python3")
        let scratch = try TemporaryFolder("schema")
        let folder = scratch.url
        let result = try SkewProcess.run(["window", "--secret-env", "S", "--at", "59", "--format", "json"], environment: environment)
        let report = folder.appendingPathComponent("window.json")
        try result.stdout.replacingOccurrences(of: "\"seconds_left\"", with: "\"seconds_remaining\"")
            .write(to: report, atomically: true, encoding: .utf8)
        let script = folder.appendingPathComponent("validate.py")
        try Self.validator.write(to: script, atomically: true, encoding: .utf8)
        let schema = SkewProcess.packageRoot.appendingPathComponent("schemas/skew.window.v1.json")
        let validation = try SkewProcess.run([script.path, schema.path, report.path], executable: URL(fileURLWithPath: "/usr/bin/python3"))
        XCTAssertEqual(validation.status, 1)
        XCTAssertTrue(validation.stdout.contains("seconds_remaining"), validation.stdout)
    }
}
