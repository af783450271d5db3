import Foundation
import History
import XCTest

/// Holds real JSON reports to their schema files in `schemas/`, judged by Python's jsonschema (an
/// independent validator): a renamed, missing, retyped or unexpected field fails, and so does a
/// report whose `schema` name or version has no file. Each document names its own schema, so the
/// file checked is always the one for the layout the report claims.
enum ReportSchema {
    private static let validator = #"""
    import json, os, sys
    from jsonschema import Draft202012Validator

    root = sys.argv[1]
    failures = []
    for report_path in sys.argv[2:]:
        report = json.load(open(report_path))
        stamp = report.get("schema", {})
        schema_path = os.path.join(root, "schemas", f"{stamp.get('name')}.v{stamp.get('version')}.json")
        if not os.path.exists(schema_path):
            failures.append(f"{report_path}: no schema file {schema_path}")
            continue
        for error in Draft202012Validator(json.load(open(schema_path))).iter_errors(report):
            where = "/".join(str(part) for part in error.absolute_path)
            failures.append(f"{report_path}: {where}: {error.message}")
    print("\n".join(failures))
    sys.exit(1 if failures else 0)
    """#

    /// Validates JSON documents (skew's standard output) against the schema files they name; the
    /// validator's findings on failure, nil when every document is valid.
    static func problems(_ documents: [String]) throws -> String? {
        let scratch = try TemporaryFolder("schema")
        var paths: [String] = []
        for (index, document) in documents.enumerated() {
            let path = scratch.file("\(index).json").path
            try document.write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        let script = scratch.file("validate.py")
        try validator.write(to: script, atomically: true, encoding: .utf8)
        let run = try SkewProcess.run([script.path, SkewProcess.packageRoot.path] + paths,
                                      executable: URL(fileURLWithPath: "/usr/bin/python3"))
        return run.status == 0 ? nil : run.stdout + run.stderr
    }

    /// A run's JSON report as an object, after holding it to its schema file: the token tests read
    /// their reports through this, so every report they check the fields of is checked whole too.
    static func validObject(_ run: SkewRun, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        try assertValid(run.stdout, file: file, line: line)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], run.stdout + run.stderr,
                             file: file, line: line)
    }

    /// Fails the calling test when a document does not match its schema file.
    static func assertValid(_ documents: String..., file: StaticString = #filePath, line: UInt = #line) throws {
        try requireTool("/usr/bin/python3")
        if let problems = try problems(documents) { XCTFail(problems, file: file, line: line) }
    }
}

final class ReportSchemaTests: XCTestCase {
    private let environment = ["S": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "WRONG": "JBSWY3DPEHPK3PXP"]
    /// Where the export run writes its seed file and the history runs read, removed with the test.
    private let folder = try! TemporaryFolder("schema-runs")

    /// Each command's runs: ordinary ones and the edges that leave fields out (no match, nothing
    /// explains, steps before T0, no code accepted, a jump and an exclusion in the history).
    private var runs: [[String]] {
        let secret = ["--secret-env", "S"]
        let seeds = SkewProcess.packageRoot.appendingPathComponent("fixtures/seeds/token2-entra.csv").path
        let history = ["--history", folder.file("history.sqlite").path]
        let oathtool = "/usr/bin/oathtool --totp -b -w 1 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ {code}"
        return [
            ["window"] + secret + ["--at", "59", "--steps", "3"],
            ["window"] + secret + ["--at", "59", "--t0", "100", "--steps", "3"],
            ["window"] + secret + ["--at", "1700000000.25", "--steps", "0", "--digits", "8", "--period", "60"],
            ["locate"] + secret + ["--code", "287082", "--at", "59", "--range", "3"],
            ["locate"] + secret + ["--code", "111111", "--at", "59", "--range", "3"],
            ["locate"] + secret + ["--code", "287082", "--code", "359152", "--at", "59"],
            ["diagnose"] + secret + ["--code", "287082", "--at", "100", "--tz", "UTC"],
            ["diagnose"] + secret + ["--code", "287082", "--at", "59", "--tz", "UTC"],
            ["diagnose"] + secret + ["--code", "000000", "--at", "100", "--tz", "UTC", "--range", "2"],
            ["diagnose"] + secret + ["--code", "287082", "--code", "359152", "--at", "100", "--tz", "UTC"],
            ["seed", "show"] + secret + ["--at", "59"],
            ["seed", "show"] + secret + ["--at", "1700000000", "--digits", "8", "--show-secrets"],
            ["seed", "import", seeds],
            ["seed", "export", seeds.replacingOccurrences(of: "token2-entra.csv", with: "serial-secret-hex.csv"), "--hex",
             "--manufacturer", "Token2", "--model", "C302", "--to", "entra-json", "--write", folder.file("graph.json").path],
            ["probe"] + secret + ["--cmd", oathtool, "--range", "2", "--evidence", folder.file("1.jsonl").path],
            ["probe", "--secret-env", "WRONG", "--cmd", oathtool, "--range", "2", "--evidence", folder.file("2.jsonl").path],
            ["probe"] + secret + ["--cmd", oathtool, "--range", "2", "--max-attempts", "3", "--evidence", folder.file("3.jsonl").path],
            ["drift", "history"] + history,
            ["drift", "forecast", "T1", "--at", "1703000000", "--window-steps", "1", "--verifier", "oathtool-w1",
             "--verifier", "okta"] + history,
            ["drift", "forecast", "T3", "--at", "1703000000", "--window", "30", "--since", "2023-11-15T00:00:00Z"] + history,
            ["fleet", "--at", "1703000000", "--verifier", "entra", "--verifier", "okta"] + history,
            ["fleet", "--at", "1703000000", "--within", "1s"] + history,
            ["bench", "locate", "--range", "2000", "--runs", "1", "--threads", "1"],
            ["bench", "fleet", "--tokens", "20", "--measurements", "5", "--runs", "1"],
            ["history", "copy", folder.file("history.sqlite").path, folder.file("copy.sqlite").path],
            ["history", "flush"] + history,
            ["bench", "diagnose", "--runs", "1"],
            ["bench", "serve", "--pages", "3", "--boundaries", "1", "--loads", "2"],
        ] + ["plain", "migration", "fido", "two-codes", "url", "phonefactor", "invalid-otpauth", "screenshot"].map {
            ["qr", "decode", SkewProcess.packageRoot.appendingPathComponent("fixtures/qr/\($0).png").path]
        }
    }

    /// T1: synced against NTP, measured every two days, one measurement excluded, then a 5 s jump;
    /// T2: a single measurement (unmeasured in the fleet); T3: typed-in measurements drifting behind.
    private func writeHistory() throws {
        let store = try SQLiteHistoryStore(path: folder.file("history.sqlite").path)
        let start = 1_700_000_000.0
        try store.record(HistoryEvent(token: "T1", kind: .sync, time: start, offset: 0.05, uncertainty: 0.01, reference: "ntp:pool",
                                      hostOffset: 0.2, method: "sync-readback"))
        for day in stride(from: 1, through: 29, by: 2) {
            let jump = day > 15 ? 5.0 : 0
            try store.record(HistoryEvent(token: "T1", kind: .measurement, time: start + Double(day) * 86_400,
                                          offset: jump + 0.05 + 12e-6 * Double(day) * 86_400, uncertainty: 0.01, reference: "host",
                                          method: "get-info-edge"))
        }
        try store.record(HistoryEvent(token: "T1", kind: .measurement, time: start + 6 * 86_400, offset: 1.9, uncertainty: 0.01,
                                      reference: "host", method: "get-info-edge", excludedReason: "typed the wrong code"))
        try store.record(HistoryEvent(token: "T2", kind: .measurement, time: start, offset: 1, uncertainty: 0.01, reference: "host",
                                      method: "get-info-edge"))
        for day in stride(from: 0, through: 18, by: 3) {
            try store.record(HistoryEvent(token: "T3", kind: .measurement, time: start + Double(day) * 86_400,
                                          offset: -0.3 - 3e-6 * Double(day) * 86_400, uncertainty: 0.25, reference: "host", method: "manual"))
        }
    }

    func testEveryReportValidatesAgainstItsSchemaFile() throws {
        try requireTool("/usr/bin/python3")
        try requireTool("/usr/bin/oathtool")
        try writeHistory()
        var documents: [String] = []
        var names: Set<String> = []
        for arguments in runs {
            let result = try SkewProcess.run(arguments + ["--format", "json"], environment: environment.merging(["XDG_DATA_HOME": folder.path]) { _, new in new })
            XCTAssertTrue([0, 1, 65].contains(result.status), "\(arguments): \(result.stderr)")
            documents.append(result.stdout)
            let stamp = (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["schema"] as? [String: Any]
            names.insert(try XCTUnwrap(stamp?["name"] as? String, "\(arguments) names its schema"))
        }
        XCTAssertEqual(names.count, 16, "every report family without a service is covered: \(names.sorted())")
        if let problems = try ReportSchema.problems(documents) { XCTFail(problems) }
    }

    /// The negative controls: a report with a field renamed, or claiming a layout with no schema
    /// file, fails.
    func testARenamedFieldOrAnUnknownVersionFails() throws {
        try requireTool("/usr/bin/python3")
        let result = try SkewProcess.run(["window", "--secret-env", "S", "--at", "59", "--format", "json"], environment: environment)
        XCTAssertNil(try ReportSchema.problems([result.stdout]))
        let renamed = try XCTUnwrap(try ReportSchema.problems([result.stdout.replacingOccurrences(of: "\"remaining_seconds\"",
                                                                                                    with: "\"seconds_remaining\"")]))
        XCTAssertTrue(renamed.contains("seconds_remaining"), renamed)
        let unknown = try XCTUnwrap(try ReportSchema.problems([result.stdout.replacingOccurrences(of: "\"version\" : 2",
                                                                                                    with: "\"version\" : 99")]))
        XCTAssertTrue(unknown.contains("no schema file"), unknown)
    }
}
