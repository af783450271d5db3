import Foundation
import XCTest

/// `skew probe` against the Google Authenticator PAM module through pamtester: odd and even
/// WINDOW_SIZE, TIME_SKEW, DISALLOW_REUSE and RATE_LIMIT. The module rewrites its secret file, so
/// every case starts from a freshly written one. Needs root (it writes /etc/pam.d/).
final class ProbePAMTests: XCTestCase {
    private var service = ""
    private var scratch: ProbeScratch!

    override func setUpWithError() throws {
        try requireTool("/usr/bin/pamtester")
        try requireTool("/lib/x86_64-linux-gnu/security/pam_google_authenticator.so", executable: false)
        guard getuid() == 0 else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("PAM tests need root to write /etc/pam.d") }
            throw XCTSkip("PAM tests need root to write /etc/pam.d")
        }
        scratch = try ProbeScratch()
        service = "skewprobe-\(UUID().uuidString.prefix(8).lowercased())"
        let moduleSecret = scratch.path("google_authenticator")
        try """
            auth required pam_google_authenticator.so secret=\(moduleSecret) user=root noskewadj
            account required pam_permit.so

            """.write(toFile: "/etc/pam.d/\(service)", atomically: true, encoding: .utf8)
    }

    override func tearDown() {
        if !service.isEmpty { try? FileManager.default.removeItem(atPath: "/etc/pam.d/\(service)") }
        scratch = nil
    }

    /// Writes the module's secret file afresh (mode 0600): the base32 secret, then option lines.
    private func writeModuleSecret(_ options: [String]) throws {
        let path = scratch.path("google_authenticator")
        try? FileManager.default.removeItem(atPath: path)
        try scratch.write("google_authenticator", ([ProbeScratch.secretBase32] + options.map { "\" \($0)" } + [""])
            .joined(separator: "\n"))
        chmod(path, 0o600)
    }

    private func probe(_ name: String, options: [String], arguments: [String] = []) throws -> (SkewRun, ProbeOutcome) {
        try writeModuleSecret(["TOTP_AUTH"] + options)
        let (run, report, seconds) = try scratch.probe(["--cmd", "/usr/bin/pamtester \(service) root authenticate",
                                                        "--rate-limited", "!regex:Verification code"] + arguments)
        let outcome = ProbeOutcome(report: report)
        logCase("PAM \(name)", outcome, seconds: seconds)
        return (run, outcome)
    }

    /// The module accepts −⌊(W−1)/2⌋ … +⌊W/2⌋ around now plus TIME_SKEW.
    func testOddAndEvenWindowSizes() throws {
        for (size, behind, ahead) in [(3, -1, 1), (4, -1, 2), (6, -2, 3), (7, -3, 3)] {
            let (run, outcome) = try probe("WINDOW_SIZE \(size)", options: ["WINDOW_SIZE \(size)"], arguments: ["--max-failures", "6"])
            XCTAssertEqual(run.status, 0, "W=\(size): \(run.stderr)")
            outcome.assertWindow(behind: behind, ahead: ahead, "WINDOW_SIZE \(size)")
            XCTAssertEqual(outcome.behaviour("window"), behind == -ahead ? "symmetric" : "asymmetric")
            XCTAssertEqual(outcome.behaviour("replay"), "none")
            XCTAssertEqual(outcome.behaviour("lockout"), "not-seen")
            XCTAssertLessThanOrEqual(outcome.failuresUsed, 6)
            XCTAssertLessThanOrEqual(outcome.edgeAttempts("ahead"), attemptLimitPerDirection(range: 10))
            XCTAssertLessThanOrEqual(outcome.edgeAttempts("behind"), attemptLimitPerDirection(range: 10))
        }
    }

    /// With the module's default skew auto-adjustment, rejects within one step do not teach it a skew.
    func testSkewAutoAdjustmentOnDoesNotDisturbTheProbe() throws {
        try """
            auth required pam_google_authenticator.so secret=\(scratch.path("google_authenticator")) user=root
            account required pam_permit.so

            """.write(toFile: "/etc/pam.d/\(service)", atomically: true, encoding: .utf8)
        let (run, outcome) = try probe("WINDOW_SIZE 5, skew auto-adjust on", options: ["WINDOW_SIZE 5"],
                                       arguments: ["--max-failures", "6"])
        XCTAssertEqual(run.status, 0, run.stderr)
        outcome.assertWindow(behind: -2, ahead: 2, "skew auto-adjust on")
    }

    func testDefaultWindowWithTheDefaultBudget() throws {
        let (run, outcome) = try probe("default window, default budget", options: [])
        XCTAssertEqual(run.status, 0, run.stderr)
        outcome.assertWindow(behind: -1, ahead: 1, "default WINDOW_SIZE")
        XCTAssertLessThanOrEqual(outcome.failuresUsed, 4)
    }

    func testStoredTimeSkewMovesTheWindowOffNow() throws {
        let (run, outcome) = try probe("TIME_SKEW 2", options: ["WINDOW_SIZE 3", "TIME_SKEW 2"],
                                       arguments: ["--max-failures", "6"])
        XCTAssertEqual(run.status, 0, run.stderr)
        outcome.assertWindow(behind: 1, ahead: 3, "TIME_SKEW 2")
        XCTAssertEqual(outcome.behaviour("window"), "asymmetric")
        XCTAssertEqual(outcome.behaviour("centre_steps"), "1")
    }

    func testDisallowReuseIsSeenAsAnExactStepBlock() throws {
        let (run, outcome) = try probe("DISALLOW_REUSE (1 s steps)", options: ["STEP_SIZE 1", "DISALLOW_REUSE"],
                                       arguments: ["--period", "1", "--guard-seconds", "0.25", "--max-failures", "6"])
        XCTAssertEqual(run.status, 0, run.stderr)
        outcome.assertWindow(behind: -1, ahead: 1, "DISALLOW_REUSE")
        XCTAssertEqual(outcome.behaviour("replay"), "exact-step")
        XCTAssertLessThanOrEqual(outcome.failuresUsed, 6)
        // Outside the one deliberate replay test, no accepted step is ever sent again.
        let accepted = outcome.attempts.filter { $0["outcome"] as? String == "accepted" && $0["purpose"] as? String != "replay-test" }
        XCTAssertEqual(Set(accepted.compactMap { $0["counter"] as? Int }).count, accepted.count)
        for attempt in outcome.attempts {
            XCTAssertLessThanOrEqual(attempt["into_step_seconds"] as? Double ?? 99, 0.75 + 0.001, "guard")
        }
    }

    func testRateLimitIsWaitedOut() throws {
        let (run, outcome) = try probe("RATE_LIMIT 3 2", options: ["RATE_LIMIT 3 2"],
                                       arguments: ["--backoff", "1", "--max-failures", "6"])
        XCTAssertEqual(run.status, 0, run.stderr)
        outcome.assertWindow(behind: -1, ahead: 1, "RATE_LIMIT")
        XCTAssertEqual(outcome.behaviour("rate_limiting"), "seen")
        let limited = outcome.attempts.filter { $0["outcome"] as? String == "rate-limited" }
        XCTAssertFalse(limited.isEmpty)
        XCTAssertLessThanOrEqual(outcome.failuresUsed, 6, "rate-limited answers are not counted as rejects")
    }

    func testBudgetsAreHonouredWhenTheyCannotFinishTheJob() throws {
        let (run, outcome) = try probe("WINDOW_SIZE 17 with 2 failures", options: ["WINDOW_SIZE 17"],
                                       arguments: ["--max-failures", "2", "--max-attempts", "6"])
        XCTAssertEqual(run.status, 1, "only bounds: exit 1")
        XCTAssertLessThanOrEqual(outcome.failuresUsed, 2)
        XCTAssertLessThanOrEqual(outcome.attemptsUsed, 6)
        XCTAssertEqual(outcome.confidence, "bounds")
        if let ahead = outcome.ahead { XCTAssertLessThanOrEqual(ahead, 8) }
        if let bound = outcome.aheadBound { XCTAssertGreaterThanOrEqual(bound, 8) }
    }
}
