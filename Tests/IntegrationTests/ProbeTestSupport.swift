import Foundation
import XCTest

/// Shared helpers for `skew probe` tests against real verifiers: a temporary folder with the test
/// secret in a file, helper scripts, and reading the JSON report.
final class ProbeScratch {
    /// A throwaway test secret; it only ever lives in files inside the scratch folder.
    static let secretBase32 = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

    let folder: URL
    var secretFile: String { folder.appendingPathComponent("secret.txt").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("skew-probe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try write("secret.txt", Self.secretBase32 + "\n")
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    @discardableResult
    func write(_ name: String, _ text: String, executable: Bool = false) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        if executable { chmod(path, 0o755) }
        return path
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Runs `skew probe` with the scratch secret file and JSON output, timing it.
    /// With `secretInEnvironment` the secret comes from SKEW_PROBE_TEST_SECRET, which spawned
    /// commands must not inherit.
    func probe(_ arguments: [String], secretInEnvironment: Bool = false,
               timeout: TimeInterval = 90) throws -> (run: SkewRun, report: [String: Any], seconds: Double) {
        let started = Date()
        let secretArguments = secretInEnvironment ? ["--secret-env", "SKEW_PROBE_TEST_SECRET"] : ["--secret-file", secretFile]
        let run = try SkewProcess.run(["probe", "--format", "json", "--evidence", path("evidence.jsonl")] + secretArguments
                                      + arguments,
                                      environment: secretInEnvironment ? ["SKEW_PROBE_TEST_SECRET": Self.secretBase32] : [:],
                                      timeout: timeout)
        let seconds = Date().timeIntervalSince(started)
        let report = (try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]) ?? [:]
        XCTAssertFalse(run.stdout.contains(Self.secretBase32), "the secret must not reach the report")
        XCTAssertFalse(run.stderr.contains(Self.secretBase32), "the secret must not reach messages")
        if let evidence = try? String(contentsOfFile: path("evidence.jsonl"), encoding: .utf8) {
            XCTAssertFalse(evidence.contains(Self.secretBase32), "the secret must not reach the evidence")
        }
        return (run, report, seconds)
    }

    /// Evidence lines of kind "attempt", as written during the run.
    func evidenceAttempts() throws -> [[String: Any]] {
        try String(contentsOfFile: path("evidence.jsonl"), encoding: .utf8).split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }.filter { $0["type"] as? String == "attempt" }
    }
}

/// Reading the parts of a probe report the tests check.
struct ProbeOutcome {
    let report: [String: Any]

    var behind: Int? { (report["behind"] as? [String: Any])?["accepted_steps"] as? Int }
    var behindBound: Int? { (report["behind"] as? [String: Any])?["bound_steps"] as? Int }
    var ahead: Int? { (report["ahead"] as? [String: Any])?["accepted_steps"] as? Int }
    var aheadBound: Int? { (report["ahead"] as? [String: Any])?["bound_steps"] as? Int }
    var confidence: String? { report["confidence"] as? String }
    var attemptsUsed: Int { report["attempts_used"] as? Int ?? -1 }
    var failuresUsed: Int { report["failures_used"] as? Int ?? -1 }
    var resets: Int { report["resets"] as? Int ?? -1 }
    func behaviour(_ name: String) -> String? {
        (report["behaviours"] as? [String: Any])?[name].map { "\($0)" }
    }
    func edgeAttempts(_ name: String) -> Int { (report[name] as? [String: Any])?["attempts"] as? Int ?? -1 }
    var attempts: [[String: Any]] { report["attempts"] as? [[String: Any]] ?? [] }

    /// Asserts an exact window −behind…+ahead.
    func assertWindow(behind expectedBehind: Int, ahead expectedAhead: Int, _ label: String,
                      file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(confidence, "exact", label, file: file, line: line)
        XCTAssertEqual(behind, expectedBehind, label, file: file, line: line)
        XCTAssertEqual(behindBound, expectedBehind, label, file: file, line: line)
        XCTAssertEqual(ahead, expectedAhead, label, file: file, line: line)
        XCTAssertEqual(aheadBound, expectedAhead, label, file: file, line: line)
    }
}

/// ⌈log2(R+1)⌉ + 2: the most attempts one edge may use against a stateless verifier.
func attemptLimitPerDirection(range: Int) -> Int {
    var bits = 0
    while (1 << bits) < range + 1 { bits += 1 }
    return bits + 2
}

/// One line per test case for the closing note: attempts and wall time.
func logCase(_ name: String, _ outcome: ProbeOutcome, seconds: Double) {
    print("probe-case \(name): attempts \(outcome.attemptsUsed) (ahead edge \(outcome.edgeAttempts("ahead")), behind edge \(outcome.edgeAttempts("behind"))), failures \(outcome.failuresUsed), wall \(String(format: "%.2f", seconds)) s")
}
