import Probe
import ProbeVerifiers
import XCTest

/// Answers a command verifier gives are told apart by their output even when the exit status (all
/// the default rule reads) is the same, and nothing of the output is shown.
final class AnswerFingerprintTests: XCTestCase {
    private func answer(_ script: String) -> VerifierResponse {
        CommandVerifier(words: ["/bin/sh", "-c", script], environment: [:], timeoutSeconds: 10,
                        rules: AnswerRules(accept: .status(0), rateLimited: nil))
            .submit(Submission(code: "123456", offset: 0, step: 1, secondsLeft: 20))
    }

    func testSameExitStatusWithDifferentOutputIsADifferentAnswer() throws {
        let first = answer("echo ok")
        let again = answer("echo ok")
        let used = answer("echo 'code already used'")
        XCTAssertEqual(first.outcome, .accepted)
        XCTAssertEqual(used.outcome, .accepted, "exit 0 is what the rule reads")
        XCTAssertEqual(first.answer, again.answer)
        XCTAssertNotEqual(first.answer, used.answer)
        let shown = try XCTUnwrap(used.answer).description
        XCTAssertTrue(shown.hasPrefix("exit 0, 18 bytes #"), shown)
        XCTAssertFalse(shown.contains("already"), "the output itself is not shown")
    }

    func testTheCodeIsNotInTheAnswerShown() throws {
        let echoed = try XCTUnwrap(answer("cat").answer)
        XCTAssertFalse(echoed.description.contains("123456"))
    }
}
