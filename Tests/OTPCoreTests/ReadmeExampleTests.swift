import OTPCore
import XCTest

/// The README's library example, kept compiling and right.
final class ReadmeExampleTests: XCTestCase {
    func testTheLibraryExampleGivesTheRFCCodes() throws {
        let parsed = try SecretText.parse("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", encoding: .base32)
        let totp = TOTP(secret: parsed.secret, parameters: OTPParameters(digits: 8))
        XCTAssertEqual(totp.code(at: 59), "94287082")
        let steps = CodeWindow(totp: totp, time: 59, radius: 1).steps
        XCTAssertEqual(steps.map(\.offsetSteps), [-1, 0, 1])
        XCTAssertEqual(steps[1].code, "94287082")
    }
}
