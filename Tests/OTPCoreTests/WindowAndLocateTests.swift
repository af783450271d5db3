import OTPCore
import XCTest

final class WindowAndLocateTests: XCTestCase {
    private let secret = try! Secret(bytes: Array("12345678901234567890".utf8))

    func testWindowRowsAroundAFractionalTime() {
        let totp = TOTP(secret: secret, parameters: OTPParameters(digits: 8))
        let window = CodeWindow(totp: totp, time: 59.25, radius: 2)
        XCTAssertEqual(window.steps.map(\.offsetSteps), [-2, -1, 0, 1, 2])
        XCTAssertEqual(window.steps.map(\.counter), [-1, 0, 1, 2, 3])
        XCTAssertNil(window.steps[0].code, "steps before T0 have no code")
        XCTAssertEqual(window.steps[2].code, "94287082")
        XCTAssertEqual(window.steps[2].start, 30)
        XCTAssertEqual(window.steps[2].end, 60)
        XCTAssertEqual(window.secondsLeftInCurrentStep, 0.75, accuracy: 1e-9)
        XCTAssertEqual(window.currentCounter, 1)
        XCTAssertEqual(window.steps.map(\.offsetSeconds), [-60, -30, 0, 30, 60])
        XCTAssertEqual(window.steps.map(\.direction), [.past, .past, .current, .future, .future],
                       "a clock behind shows a past code, one ahead a future code")
    }

    func testPeriodAndT0() {
        let parameters = OTPParameters(period: 45, t0: 100)
        XCTAssertEqual(parameters.counter(at: 99), -1)
        XCTAssertEqual(parameters.counter(at: 100), 0)
        XCTAssertEqual(parameters.counter(at: 189.9), 1)
        XCTAssertEqual(parameters.startOfStep(2), 190)
    }

    func testLocateSignedOffsetsAndConsecutiveCodes() throws {
        let parameters = OTPParameters(digits: 6)
        let totp = TOTP(secret: secret, parameters: parameters)
        let search = CodeSearch(secret: secret, parameters: parameters)
        let now = 1_700_000_000.0
        let current = parameters.counter(at: now)
        // A clock 5 steps behind shows the code of step current-5.
        let behind = try Locator.locate(codes: [totp.code(counter: current - 5)!], search: search, time: now, range: 10)
        XCTAssertTrue(behind.matches.contains { $0.offsetSteps == -5 && $0.offsetSeconds == -150 })
        let ahead = try Locator.locate(codes: [totp.code(counter: current + 7)!, totp.code(counter: current + 8)!],
                                       search: search, time: now, range: 10)
        XCTAssertEqual(ahead.matches.map(\.offsetSteps), [7])
        XCTAssertEqual(ahead.stepsSearched, 21)
        XCTAssertEqual(ahead.chanceProbability, 21e-12, accuracy: 1e-15)
        let single = try Locator.locate(codes: ["000000"], search: search, time: now, range: 100)
        XCTAssertEqual(single.chanceProbability, 201e-6, accuracy: 1e-7)
    }

    func testCodeParsingErrors() {
        XCTAssertEqual(try Locator.parseCode("123 456", digits: 6), 123_456)
        XCTAssertThrowsError(try Locator.parseCode("12345", digits: 6))
        XCTAssertThrowsError(try Locator.parseCode("12345678", digits: 6)) { error in
            XCTAssertEqual((error as! InputError).remedy, .digits(8))
        }
        XCTAssertThrowsError(try Locator.parseCode("12a456", digits: 6))
    }
}
