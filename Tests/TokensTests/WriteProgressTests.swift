import OTPCore
import TokenProtocol
import Tokens
import XCTest

/// The state reports of an interrupted write, the second alignment and the token's limits.
final class WriteProgressTests: XCTestCase {
    func testStateReportForEveryStopPoint() {
        var restricted = WriteProgress(keepsSeedOnTimeWrite: false, seedPlanned: true)
        XCTAssertEqual(restricted.state, TokenAdvice("nothing written: the token is as it was"), "nothing to do")
        restricted.config = .unanswered
        XCTAssertTrue(restricted.state.text.hasPrefix("config sent but not answered: the token may or may not have taken it (if it was, this model erased its seed)"))
        restricted.config = .written
        XCTAssertEqual(restricted.state, TokenAdvice("config written, seed not written: this model now has no seed", remedies: [.writeAgain(.burn)]))
        restricted.seed = .unanswered
        XCTAssertTrue(restricted.state.text.contains("holds either no seed or the new one"))
        restricted.seed = .written
        XCTAssertEqual(restricted.state, TokenAdvice("config and seed written"))

        var unrestricted = WriteProgress(keepsSeedOnTimeWrite: true, seedPlanned: true)
        unrestricted.config = .written
        XCTAssertTrue(unrestricted.state.text.contains("this model kept its old seed"))
        var syncOnly = WriteProgress(keepsSeedOnTimeWrite: true, seedPlanned: false)
        syncOnly.config = .unanswered
        XCTAssertTrue(syncOnly.state.text.contains("this model keeps its seed on a time write"), syncOnly.state.text)
        XCTAssertEqual(syncOnly.state.remedies, [.inspectToken, .writeAgain(.sync)], "a sync that was cut short is checked, then run again")
    }

    func testAlignmentPicksTheNextReachableWholeSecond() {
        let alignment = SecondAlignment(referenceNow: 1000.4, latency: 0.003)
        XCTAssertEqual(alignment.second, 1001)
        XCTAssertEqual(alignment.sendAt, 1000.997, accuracy: 1e-9)
        XCTAssertEqual(alignment.arrivalError(sentAt: 1000.998, latency: 0.003), 0.001, accuracy: 1e-9)
        let tooClose = SecondAlignment(referenceNow: 1000.99, latency: 0.003)
        XCTAssertEqual(tooClose.second, 1002, "less than the preparation time left: the second after")
    }

    func testLimitsNameEveryProblem() {
        XCTAssertEqual(TokenLimits.problems(parameters: OTPParameters(), seedLength: 20), [])
        XCTAssertEqual(TokenLimits.problems(parameters: OTPParameters(algorithm: .sha256, period: 60), seedLength: 63), [])
        let problems = TokenLimits.problems(parameters: OTPParameters(algorithm: .sha512, digits: 8, period: 45, t0: 5), seedLength: 64)
        XCTAssertEqual(problems.count, 5, "\(problems)")
    }
}
