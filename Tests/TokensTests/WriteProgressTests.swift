import OTPCore
import TokenProtocol
import Tokens
import XCTest

/// The state reports of an interrupted write, the second alignment and the token's limits.
final class WriteProgressTests: XCTestCase {
    func testStateReportForEveryStopPoint() {
        var restricted = WriteProgress(keepsSeedOnTimeWrite: false, seedPlanned: true)
        XCTAssertEqual(restricted.stateReport, "nothing written: the token is as it was")
        restricted.config = .unanswered
        XCTAssertTrue(restricted.stateReport.hasPrefix("config sent but not answered: the token may or may not have taken it (if it was, this model erased its seed)"))
        restricted.config = .written
        XCTAssertEqual(restricted.stateReport, "config written, seed not written: this model now has no seed; run `skew burn` again")
        restricted.seed = .unanswered
        XCTAssertTrue(restricted.stateReport.contains("holds either no seed or the new one"))
        restricted.seed = .written
        XCTAssertEqual(restricted.stateReport, "config and seed written")

        var unrestricted = WriteProgress(keepsSeedOnTimeWrite: true, seedPlanned: true)
        unrestricted.config = .written
        XCTAssertTrue(unrestricted.stateReport.contains("this model kept its old seed"))
        var syncOnly = WriteProgress(keepsSeedOnTimeWrite: true, seedPlanned: false)
        syncOnly.config = .unanswered
        XCTAssertTrue(syncOnly.stateReport.contains("this model keeps its seed on a time write") && syncOnly.stateReport.hasSuffix("run `skew sync` again"))
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
