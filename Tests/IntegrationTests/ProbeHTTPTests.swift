import Foundation
import XCTest

/// `skew probe --url` through libcurl against a small verifier server started by the test (Python's
/// http.server on 127.0.0.1 and a free port, stopped by PID): acceptance rules, headers, cookies,
/// replay blocks, rate limits, lockout, re-centring and the reset command.
final class ProbeHTTPTests: XCTestCase {

    private var scratch: ProbeScratch!

    override func setUpWithError() throws {
        try requireTool("/usr/bin/python3")
        scratch = try ProbeScratch()
    }

    override func tearDown() {
        scratch = nil
    }

    /// A reset command for the server; it fails if the secret's variable reached it.
    private func writeResetScript(_ base: String) throws -> String {
        try scratch.write("reset.py", """
            import os, sys, urllib.request
            if "SKEW_PROBE_TEST_SECRET" in os.environ: sys.exit(3)
            urllib.request.urlopen(urllib.request.Request("\(base)/reset", data=b"", method="POST"), timeout=5).read()

            """)
    }

    private func probe(_ name: String, secretInEnvironment: Bool = false, _ arguments: [String]) throws -> (SkewRun, ProbeOutcome) {
        let (run, report, seconds) = try scratch.probe(arguments, secretInEnvironment: secretInEnvironment)
        let outcome = ProbeOutcome(report: report)
        logCase("HTTP \(name)", outcome, seconds: seconds)
        return (run, outcome)
    }

    func testJSONBodyHeadersCookieJarAndJSONRule() throws {
        let base = try scratch.startHTTPVerifier(["behind": 2, "ahead": 1, "require_headers": ["X-Probe": "yes"],
                                    "require_cookie": "session=abc123"])
        try scratch.write("cookies.txt", "127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\tabc123\n")
        let (run, outcome) = try probe("JSON body, json rule", [
            "--url", "\(base)/verify", "--body", #"{"code":"{code}"}"#, "--header", "X-Probe: yes",
            "--cookie-jar", scratch.path("cookies.txt"), "--accept", "json:result.status=accepted", "--timeout", "2",
            "--max-failures", "6"])
        XCTAssertEqual(run.status, 0, run.stderr)
        outcome.assertWindow(behind: -2, ahead: 1, "JSON verifier")
        XCTAssertEqual(outcome.behaviour("window"), "asymmetric")
        XCTAssertTrue(outcome.attempts.allSatisfy { $0["detail"] as? String == "HTTP 200" })
        XCTAssertTrue(outcome.attempts.allSatisfy { ($0["latency_seconds"] as? Double ?? 1) < 0.5 })
    }

    func testMissingHeaderMeansNothingIsAccepted() throws {
        let base = try scratch.startHTTPVerifier(["behind": 1, "ahead": 1, "require_headers": ["X-Probe": "yes"]])
        let (run, outcome) = try probe("missing header", [
            "--url", "\(base)/verify", "--body", "code={code}", "--accept", "json:ok=true"])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(outcome.confidence, "none")
        XCTAssertLessThanOrEqual(outcome.failuresUsed, 4)
    }

    func testFormBodyRegexRuleAndMonotonicCounter() throws {
        let base = try scratch.startHTTPVerifier(["behind": 2, "ahead": 1, "replay": "monotonic", "period": 1])
        let (run, outcome) = try probe("form body, regex rule, monotonic counter (1 s steps)", [
            "--url", "\(base)/verify", "--body", "code={code}", "--accept", #"regex:"ok": true"#,
            "--period", "1", "--guard-seconds", "0.2", "--max-failures", "6"])
        XCTAssertEqual(run.status, 0, run.stderr)
        outcome.assertWindow(behind: -2, ahead: 1, "monotonic")
        XCTAssertEqual(outcome.behaviour("replay"), "monotonic-counter")
    }

    func testExactStepReplayOverGETWithStatusRule() throws {
        let base = try scratch.startHTTPVerifier(["behind": 1, "ahead": 2, "replay": "exact", "period": 1, "reject_status": 401])
        let (run, outcome) = try probe("GET, status rule, exact-step replay (1 s steps)", [
            "--url", "\(base)/verify?code={code}", "--accept", "status:200", "--period", "1", "--guard-seconds", "0.2",
            "--max-failures", "6"])
        XCTAssertEqual(run.status, 0, run.stderr)
        outcome.assertWindow(behind: -1, ahead: 2, "exact replay")
        XCTAssertEqual(outcome.behaviour("replay"), "exact-step")
    }

    /// A verifier that refuses a replay with HTTP 200 `{"ok":false,"error":"code already used"}`,
    /// probed with a rule on the status alone: the replay is "not determined", not "none", and the
    /// note shows both answers; the same server without the replay block still gets "none".
    func testReplayRefusedWithStatus200IsNotReportedAsUnprotected() throws {
        let arguments = ["--body", "code={code}", "--accept", "status:200", "--period", "1", "--guard-seconds", "0.2",
                         "--max-failures", "6"]
        let marked = try scratch.startHTTPVerifier(["behind": 1, "ahead": 2, "replay": "marked", "period": 1, "reject_status": 401])
        let (run, outcome) = try probe("status rule, replay answered 200 'already used' (1 s steps)",
                                       ["--url", "\(marked)/verify"] + arguments)
        XCTAssertEqual(run.status, 0, run.stderr)
        outcome.assertWindow(behind: -1, ahead: 2, "replay answered 200")
        XCTAssertEqual(outcome.behaviour("replay"), "not-determined")
        let notes = outcome.report["notes"] as? [String] ?? []
        let note = try XCTUnwrap(notes.first { $0.hasPrefix("Replay not determined") }, notes.joined(separator: "\n"))
        XCTAssertTrue(note.contains("HTTP 200, 43 bytes #") && note.contains("HTTP 200, 46 bytes #"), note)
        XCTAssertFalse(note.contains("code already used"), "the body itself is not shown")
        let replay = try XCTUnwrap(try scratch.evidenceAttempts().first { $0["purpose"] as? String == "replay-test" })
        XCTAssertEqual((replay["answer"] as? [String: Any])?["body_bytes"] as? Int, 43, "the evidence keeps the answer's fingerprint")

        let plain = try scratch.startHTTPVerifier(["behind": 1, "ahead": 2, "period": 1, "reject_status": 401])
        let (plainRun, plainOutcome) = try probe("status rule, replay accepted again (1 s steps)",
                                                 ["--url", "\(plain)/verify"] + arguments)
        XCTAssertEqual(plainRun.status, 0, plainRun.stderr)
        XCTAssertEqual(plainOutcome.behaviour("replay"), "none")
        XCTAssertFalse((plainOutcome.report["notes"] as? [String] ?? []).contains { $0.hasPrefix("Replay not determined") })
    }

    func testRateLimitBacksOffInsteadOfHammering() throws {
        let base = try scratch.startHTTPVerifier(["behind": 1, "ahead": 1, "rate_limit": [3, 1.0], "reject_status": 401])
        let (run, outcome) = try probe("rate limit 3 per second", [
            "--url", "\(base)/verify", "--body", "code={code}", "--backoff", "0.5", "--max-failures", "6"])
        XCTAssertEqual(run.status, 0, run.stderr)
        outcome.assertWindow(behind: -1, ahead: 1, "rate limit")
        XCTAssertEqual(outcome.behaviour("rate_limiting"), "seen")
        let limited = outcome.attempts.filter { $0["outcome"] as? String == "rate-limited" }
        XCTAssertFalse(limited.isEmpty)
        XCTAssertLessThan(limited.count, outcome.attemptsUsed / 2 + 2, "backs off rather than polling")
        XCTAssertEqual(outcome.attemptsUsed, outcome.attempts.count - limited.count, "rate-limited answers spend no attempts")
        XCTAssertTrue(run.stderr.contains("s: the verifier is rate-limiting (back-off)"), "the wait is shown: \(run.stderr)")
    }

    func testLockoutIsDetectedAndExitsWithStatus77() throws {
        let base = try scratch.startHTTPVerifier(["behind": 3, "ahead": 3, "lockout": 1])
        let (run, outcome) = try probe("lockout after 1 reject", [
            "--url", "\(base)/verify", "--body", "code={code}", "--accept", "json:ok=true", "--max-failures", "5"])
        XCTAssertEqual(run.status, 77, run.stderr)
        XCTAssertEqual(outcome.behaviour("lockout"), "seen")
        XCTAssertEqual(outcome.confidence, "bounds")
        XCTAssertLessThanOrEqual(outcome.failuresUsed, 5)
        if let ahead = outcome.ahead { XCTAssertLessThanOrEqual(ahead, 3) }
        if let bound = outcome.aheadBound { XCTAssertGreaterThanOrEqual(bound, 3) }
    }

    /// A re-centring window is measured from the centre without a reset too: a code at the centre
    /// after each accepted one.
    func testRecentringWithoutAResetIsMeasuredFromTheCentre() throws {
        let base = try scratch.startHTTPVerifier(["behind": 1, "ahead": 1, "recentre": true])
        let (run, outcome) = try probe("re-centring", [
            "--url", "\(base)/verify", "--body", "code={code}", "--accept", "json:ok=true", "--max-failures", "6"])
        XCTAssertEqual(run.status, 0, run.stderr)
        outcome.assertWindow(behind: -1, ahead: 1, "re-centring without reset")
        XCTAssertEqual(outcome.behaviour("re_centring"), "seen")
        XCTAssertEqual(try serverState(base)["skew"] as? Int, 0, "left centred")
    }

    /// The verifier of issue 14: −6…+5 from a fresh account, learns every accepted code's offset,
    /// locks after 3 rejects, restored by the reset command. Through --url and through --cmd.
    func testLearningVerifierWithAResetGivesTheFreshWindowAndIsLeftAsFound() throws {
        let base = try scratch.startHTTPVerifier(["behind": 6, "ahead": 5, "recentre": true, "lockout": 3])
        let reset = try writeResetScript(base)
        let verifiers = try urlAndCommand(base)
        for (name, arguments) in verifiers {
            let (run, outcome) = try probe("learning verifier \(name) with --reset-cmd", arguments + [
                "--max-failures", "6", "--max-wait", "20", "--reset-cmd", "/usr/bin/python3 \(reset)"])
            XCTAssertEqual(run.status, 0, "\(name): \(run.stderr)")
            outcome.assertWindow(behind: -6, ahead: 5, name)
            XCTAssertEqual(outcome.behaviour("lockout"), "not-seen", name)
            let state = try serverState(base)
            XCTAssertEqual(state["skew"] as? Int, 0, "\(name): left as found")
            XCTAssertEqual(state["fails"] as? Int, 0, name)
            XCTAssertTrue((outcome.report["notes"] as? [String] ?? []).contains { $0.contains("left as it was found") }, name)
        }
    }

    /// The same verifier without a reset command, with every default: a code at the centre after
    /// each accepted one (walked back when the window moved too far) gives the fresh window.
    func testLearningVerifierWithoutAResetGivesTheFreshWindow() throws {
        let base = try scratch.startHTTPVerifier(["behind": 6, "ahead": 5, "recentre": true, "lockout": 3])
        let verifiers = try urlAndCommand(base)
        for (name, arguments) in verifiers {
            let (run, outcome) = try probe("learning verifier \(name), defaults", arguments)
            XCTAssertEqual(run.status, 0, "\(name): \(run.stderr)")
            outcome.assertWindow(behind: -6, ahead: 5, name)
            XCTAssertEqual(outcome.behaviour("re_centring"), "seen", name)
            XCTAssertEqual(outcome.behaviour("lockout"), "not-seen", name)
            let state = try serverState(base)
            XCTAssertEqual(state["skew"] as? Int, 0, "\(name): left centred")
            XCTAssertEqual(state["locked"] as? Bool, false, name)
        }
    }

    /// A server that answers HTTP 200 {"ok": false} to wrong codes, probed with the default
    /// status:200 rule: the rule cannot say no, and the probe must not report a window.
    func testDefaultStatusRuleAgainstA200FailServerIsRefused() throws {
        let base = try scratch.startHTTPVerifier(["behind": 1, "ahead": 1])
        let (run, outcome) = try probe("HTTP 200 on wrong codes, default rule", [
            "--url", "\(base)/verify", "--body", #"{"code":"{code}"}"#, "--range", "10"])
        XCTAssertEqual(run.status, 78, run.stderr)
        XCTAssertTrue(run.stderr.contains("--accept"), run.stderr)
        XCTAssertEqual(outcome.report["rule_check"] as? String, "failed")
        XCTAssertEqual(outcome.confidence, "none")
        XCTAssertNil(outcome.ahead)
    }

    /// The server's learned skew, fail count and lock, read with Python (Foundation here has no HTTP).
    /// The server as an HTTP verifier and as a command verifier (a script that asks it, exit 0 on ok).
    private func urlAndCommand(_ base: String) throws -> [(String, [String])] {
        let command = try scratch.write("verify_cmd.py", """
            import json, sys, urllib.parse, urllib.request
            body = urllib.parse.urlencode({"code": sys.argv[1]}).encode()
            answer = json.load(urllib.request.urlopen("\(base)/verify", data=body, timeout=5))
            sys.exit(0 if answer["ok"] else 1)

            """)
        return [("--url", ["--url", "\(base)/verify", "--body", "code={code}", "--accept", "json:ok=true"]),
                ("--cmd", ["--cmd", "/usr/bin/python3 \(command) {code}"])]
    }

    private func serverState(_ base: String) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen('\(base)/state', timeout=5).read().decode())"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Re-centring and a lockout hide part of the window; a reset command makes it measurable again.
    func testBehavioursAResetCommandLetsTheProbeMeasureExactly() throws {
        let cases: [(name: String, config: [String: Any], behaviour: String, maxFailures: Int, behind: Int, ahead: Int)] = [
            ("re-centring with --reset-cmd", ["behind": 2, "ahead": 1, "recentre": true], "re_centring", 8, -2, 1),
            ("lockout after 1 reject with --reset-cmd", ["behind": 3, "ahead": 3, "lockout": 1], "lockout", 10, -3, 3),
        ]
        for item in cases {
            let base = try scratch.startHTTPVerifier(item.config)
            let reset = try writeResetScript(base)
            let (run, outcome) = try probe(item.name, [
                "--url", "\(base)/verify", "--body", "code={code}", "--accept", "json:ok=true",
                "--max-failures", String(item.maxFailures), "--max-attempts", "40", "--reset-cmd", "/usr/bin/python3 \(reset)"])
            XCTAssertEqual(run.status, 0, "\(item.name): \(run.stderr)")
            XCTAssertEqual(outcome.behaviour(item.behaviour), "seen", item.name)
            outcome.assertWindow(behind: item.behind, ahead: item.ahead, item.name)
            XCTAssertGreaterThan(outcome.resets, 0, item.name)
            XCTAssertLessThanOrEqual(outcome.failuresUsed, item.maxFailures, item.name)
        }
    }

    func testResetCommandReplacesLongWaits() throws {
        let base = try scratch.startHTTPVerifier(["behind": 2, "ahead": 1, "replay": "monotonic", "period": 30])
        let reset = try writeResetScript(base)
        let (run, outcome) = try probe("monotonic counter with --reset-cmd", secretInEnvironment: true, [
            "--url", "\(base)/verify", "--body", "code={code}", "--accept", "json:ok=true", "--max-failures", "6",
            "--max-wait", "1", "--reset-cmd", "/usr/bin/python3 \(reset)"])
        XCTAssertEqual(run.status, 0, run.stderr)
        outcome.assertWindow(behind: -2, ahead: 1, "reset")
        XCTAssertGreaterThan(outcome.resets, 0)
        XCTAssertLessThan(outcome.report["waited_seconds"] as? Double ?? 99, 10, "resets, not waits for fresh steps")
    }

    func testTLSWithCACertificateInsecureAndAnUntrustedServer() throws {
        try requireTool("/usr/bin/openssl")
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                             "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1",
                             "-keyout", scratch.path("key.pem"), "-out", scratch.path("cert.pem")]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        XCTAssertEqual(openssl.terminationStatus, 0)
        let base = try scratch.startHTTPVerifier(["behind": 1, "ahead": 1, "tls": ["cert": scratch.path("cert.pem"), "key": scratch.path("key.pem")]])
            .replacingOccurrences(of: "http://", with: "https://")
        let common = ["--url", "\(base)/verify", "--body", "code={code}", "--accept", "json:ok=true", "--timeout", "2"]
        let (trusted, outcome) = try probe("TLS with --cacert", common + ["--cacert", scratch.path("cert.pem")])
        XCTAssertEqual(trusted.status, 0, trusted.stderr)
        outcome.assertWindow(behind: -1, ahead: 1, "TLS --cacert")
        let (insecure, _) = try probe("TLS with --insecure", common + ["--insecure"])
        XCTAssertEqual(insecure.status, 0, insecure.stderr)
        let (untrusted, refused) = try probe("TLS untrusted", common)
        XCTAssertEqual(untrusted.status, 69, "an unverified certificate is not a reject")
        XCTAssertEqual(refused.failuresUsed, 0)
    }

    func testUnreachableVerifierExitsWith69() throws {
        let (run, outcome) = try probe("unreachable", ["--url", "http://127.0.0.1:9/verify", "--body", "code={code}",
                                                       "--timeout", "1"])
        XCTAssertEqual(run.status, 69, run.stderr)
        XCTAssertTrue(run.stderr.contains("libcurl"), run.stderr)
        XCTAssertEqual(outcome.failuresUsed, 0)
    }

    func testBadAcceptanceRuleIsAUsageErrorNamingTheInput() throws {
        let run = try SkewProcess.run(["probe", "--secret-file", scratch.secretFile, "--url", "http://127.0.0.1:9/",
                                       "--accept", "colour:green"])
        XCTAssertEqual(run.status, 65)
        XCTAssertTrue(run.stderr.contains("--accept"), run.stderr)
    }
}
