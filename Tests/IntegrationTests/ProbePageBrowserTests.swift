import Foundation
import XCTest

/// The probe page in headless Chromium against the local HTTP verifier the probe tests use (a
/// window of −2…+1 one-second steps that refuses a code used twice in its step, so the probe waits
/// for fresh steps): each attempt and wait appears before the result, and the result equals what
/// `skew probe` finds against a verifier set up the same way.
final class ProbePageBrowserTests: XCTestCase {
    func testTheProbePageFindsTheVerifiersWindowLikeTheCLI() throws {
        let scratch = try ProbeScratch()
        let verifier: [String: Any] = ["behind": 2, "ahead": 1, "replay": "exact", "period": 1]
        let base = try scratch.startHTTPVerifier(verifier)
        let server = try ServeProcess()
        defer { server.stop() }
        let results = try ServeBrowser.run(url: server.url, checks: ["probe"], input: ["probe": [
            "seed": ProbeScratch.secretBase32, "url": "\(base)/verify", "body": "code={code}", "accept": "json:ok=true",
            "period": 1, "guard": 0.2, "max-failures": 6,
        ]])
        XCTAssertEqual(results["console_errors"] as? [String], [])
        let seen = try XCTUnwrap((results["checks"] as? [String: Any])?["probe"] as? [String: Any])
        XCTAssertEqual(seen["result_shown_with_first_attempt"] as? Bool, false, "attempts are shown as they happen, before the result")
        let attempts = try XCTUnwrap(seen["attempts"] as? [[String: Any]])
        XCTAssertEqual(seen["dots"] as? Int, attempts.count, "every attempt is on the time axis")
        XCTAssertTrue((seen["events"] as? [String] ?? []).contains("wait"), "the waits for fresh steps are shown: \(seen["events"] ?? "")")
        XCTAssertGreaterThan(seen["wait_bands"] as? Int ?? 0, 0, "waits are drawn on the time axis")
        let page = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try XCTUnwrap(seen["report"] as? String).utf8)) as? [String: Any])
        let outcome = ProbeOutcome(report: page)
        outcome.assertWindow(behind: -2, ahead: 1, "probe page")
        // Negative controls: the rule check's wrong code and every code outside the window were rejected.
        for attempt in attempts where attempt["purpose"] as? String == "rule-check" || !(-2...1).contains(attempt["offset"] as? Int ?? 0) {
            XCTAssertEqual(attempt["outcome"] as? String, "rejected", "\(attempt)")
        }
        // The CLI against a second verifier with the same window (the first has seen the page's codes).
        let cliBase = try scratch.startHTTPVerifier(verifier)
        let (run, report, _) = try scratch.probe(["--url", "\(cliBase)/verify", "--body", "code={code}", "--accept", "json:ok=true",
                                                  "--period", "1", "--guard-seconds", "0.2", "--max-failures", "6"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(seen["window"] as? String, report["window"] as? String)
        XCTAssertEqual(outcome.confidence, ProbeOutcome(report: report).confidence)
    }
}
