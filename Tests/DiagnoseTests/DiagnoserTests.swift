import Diagnose
import OTPCore
import XCTest

/// The ranker's verdicts beyond the fixtures: partial explanations, unrelated codes, advice.
final class DiagnoserTests: XCTestCase {
    private let text = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    private let seen = 1_764_403_207.0

    private func space() -> HypothesisSpace {
        var space = HypothesisSpace(expected: OTPParameters())
        space.range = 3_600
        space.factorySpan = 86_400
        return space
    }

    private func code(at time: Double) throws -> String {
        try XCTUnwrap(TOTP(secret: try Secret(bytes: try Base32.decode(text)), parameters: OTPParameters()).code(at: time))
    }

    func testOneMistypedCodeOfThreeIsNamedAndTheRestExplained() throws {
        var codes = [try code(at: seen + 3600), try code(at: seen + 3900), try code(at: seen + 4200)]
        codes[1] = String(codes[1].reversed()) == codes[1] ? "000000" : String(codes[1].reversed())
        let observations = try zip(codes, [seen, seen + 300, seen + 600]).map { try Observation(code: $0, time: $1) }
        let diagnosis = try Diagnoser.diagnose(secretText: text, encoding: .base32, observations: observations,
                                               timing: .timed, space: space())
        let best = try XCTUnwrap(diagnosis.best)
        XCTAssertEqual(best.causes.map(\.name), ["clock-daylight-saving"])
        XCTAssertEqual(best.counters.map { $0 == nil }, [false, true, false])
        XCTAssertTrue(best.summary.contains("code #2 is not explained"), best.summary)
        XCTAssertEqual(diagnosis.advice?.remedy, .addNextCode, "a mistyped code asks for another one")
        XCTAssertEqual(best.fixes.map(\.remedy), [.syncTokenClock], "a clock cause is fixed by setting the token's clock")
        XCTAssertEqual(best.fix, "set the token's clock to UTC", "the library's words name no command")
    }

    func testTwoUnrelatedCodesAreNotExplainedByAOneCodeChanceMatch() throws {
        let observations = [try Observation(code: "123456", time: seen), try Observation(code: "654321", time: seen)]
        let diagnosis = try Diagnoser.diagnose(secretText: text, encoding: .base32, observations: observations,
                                               timing: .consecutive, space: space())
        XCTAssertNil(diagnosis.best)
        XCTAssertTrue(diagnosis.advice?.text.hasPrefix("nothing searched explains") ?? false, diagnosis.advice?.text ?? "-")
        XCTAssertNil(diagnosis.advice?.remedy, "checking the secret is not a control of the front end")
    }

    func testCorrectCodeIsNoProblemAtStepZero() throws {
        let observation = try Observation(code: try code(at: seen), time: seen)
        var narrow = space()
        narrow.secretVariants = false
        let diagnosis = try Diagnoser.diagnose(secretText: text, encoding: .base32, observations: [observation],
                                               timing: .timed, space: narrow)
        let best = try XCTUnwrap(diagnosis.best)
        XCTAssertTrue(best.isNoProblem)
        XCTAssertEqual(best.stepOffsets, [0])
        XCTAssertGreaterThan(best.probability, 0.99)
    }

    func testHOTPCounterAndEpochClockTieAndTheAdviceSaysHowToSeparateThem() throws {
        // HOTP counter 500 and a clock reset to 1970-01-01 that reads 15000 s give the same code,
        // and the same next code: only a code read later without pressing tells them apart.
        let secret = try Secret(bytes: try Base32.decode(text))
        let observed = OTPParameters().format(HOTP.code(secret: secret, counter: 500, algorithm: .sha1, digits: 6))
        let diagnosis = try Diagnoser.diagnose(secretText: text, encoding: .base32,
                                               observations: [try Observation(code: observed, time: seen)],
                                               timing: .timed, space: space())
        let top = diagnosis.explanations.prefix(2).map { $0.causes.map(\.name) }
        XCTAssertEqual(Set(top), [["hotp"], ["clock-factory-1970-01-01"]])
        let advice = try XCTUnwrap(diagnosis.advice?.text)
        XCTAssertTrue(advice.contains("at a known time"), advice)
        XCTAssertTrue(advice.contains(OTPParameters().format(HOTP.code(secret: secret, counter: 501, algorithm: .sha1, digits: 6))), advice)
    }

    func testUndecodableSecretWithoutACorrectionIsAnInputError() {
        XCTAssertThrowsError(try Diagnoser.diagnose(secretText: " - ", encoding: .base32,
                                                    observations: [try Observation(code: "123456", time: seen)],
                                                    timing: .timed, space: space())) { error in
            XCTAssertEqual((error as? InputError)?.input, "secret")
        }
    }

    private func secret() throws -> Secret { try Secret(bytes: try Base32.decode(text)) }

    private func hotp(_ counter: UInt64) throws -> String {
        OTPParameters().format(HOTP.code(secret: try secret(), counter: counter, algorithm: .sha1, digits: 6))
    }

    func testAdviceForDifferentPeriodsNamesATimeWhenTheirCodesDiffer() throws {
        // At t = 100, 287082 is step 1 of a 30 s token 40…70 s behind and step 1 of a 90 s token:
        // both show step 2 next (the same code), but at t = 190 the first shows step 4 and the
        // second step 2, different codes.
        XCTAssertEqual(try hotp(1), "287082")
        let diagnosis = try Diagnoser.diagnose(secretText: text, encoding: .base32,
                                               observations: [try Observation(code: "287082", time: 100)],
                                               timing: .timed, space: HypothesisSpace(expected: OTPParameters()))
        let top = diagnosis.explanations.prefix(2).map { $0.causes.map(\.name) }
        XCTAssertEqual(top, [["clock-offset"], ["period"]])
        let advice = try XCTUnwrap(diagnosis.advice?.text)
        XCTAssertFalse(advice.contains("at every"), advice)
        XCTAssertTrue(advice.contains("1970-01-01T00:03:10Z"), advice)
        XCTAssertTrue(advice.contains("\(try hotp(4)) means the first"), advice)
        XCTAssertTrue(advice.contains("\(try hotp(2)) the second"), advice)
    }

    func testOneMistypedDigitIsATypoOfTheCodeShown() throws {
        var digits = Array(try code(at: seen))
        digits[2] = digits[2] == "7" ? "1" : "7"
        let diagnosis = try Diagnoser.diagnose(secretText: text, encoding: .base32,
                                               observations: [try Observation(code: String(digits), time: seen)],
                                               timing: .timed, space: space())
        let best = try XCTUnwrap(diagnosis.best)
        XCTAssertEqual(best.causes.map(\.name), ["code-typo"])
        XCTAssertTrue(best.summary.contains("the token showed \(try code(at: seen))"), best.summary)
        XCTAssertTrue(best.summary.contains("digit 3 was typed as \(digits[2])"), best.summary)
        XCTAssertGreaterThan(best.probability, 0.9)
    }

    func testAOneCodeAnswerThatATypoExplainsAsWellSaysSo() throws {
        // A moment where the code one hour ahead (daylight saving) differs from the right one by one digit.
        var time = seen
        func oneDigitApart(_ a: String, _ b: String) -> Bool { zip(a, b).filter { $0 != $1 }.count == 1 }
        while !oneDigitApart(try code(at: time), try code(at: time + 3600)) { time += 30 }
        let diagnosis = try Diagnoser.diagnose(secretText: text, encoding: .base32,
                                               observations: [try Observation(code: try code(at: time + 3600), time: time)],
                                               timing: .timed, space: space())
        XCTAssertEqual(diagnosis.best?.causes.map(\.name), ["clock-daylight-saving"])
        XCTAssertTrue(diagnosis.explanations.contains { $0.causes.map(\.name) == ["code-typo"] })
        let advice = try XCTUnwrap(diagnosis.advice?.text)
        XCTAssertTrue(advice.contains("one typing slip away from \(try code(at: time))"), advice)
    }

    func testExhaustiveSearchGivesTheSameProbabilitiesForOneCode() throws {
        for observed in [try code(at: seen + 3600), "444046", "287082"] {
            let observation = try Observation(code: observed, time: seen)
            var exhaustive = space()
            exhaustive.exhaustive = true
            let pruned = try Diagnoser.diagnose(secretText: text, encoding: .base32, observations: [observation],
                                                timing: .timed, space: space())
            let full = try Diagnoser.diagnose(secretText: text, encoding: .base32, observations: [observation],
                                              timing: .timed, space: exhaustive)
            XCTAssertGreaterThan(full.hmacsComputed, pruned.hmacsComputed)
            XCTAssertEqual(pruned.explanations.map(\.summary), full.explanations.map(\.summary), observed)
            XCTAssertEqual(pruned.nothingProbability, full.nothingProbability, accuracy: 1e-12, observed)
            for (a, b) in zip(pruned.explanations, full.explanations) {
                XCTAssertEqual(a.probability, b.probability, accuracy: 1e-12, observed)
            }
        }
    }
}
