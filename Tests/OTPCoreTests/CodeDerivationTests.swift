import OTPCore
import XCTest

/// Every intermediate value against RFC 4226 Appendix D, which publishes them for its test key.
final class CodeDerivationTests: XCTestCase {
    private let secret = try! Secret(bytes: Array("12345678901234567890".utf8))

    func testRFC4226IntermediateValues() {
        let expected: [(counter: UInt64, hmac: String, offset: Int, truncated: UInt32, code: String)] = [
            (0, "CC93CF18508D94934C64B65D8BA7667FB7CDE4B0", 0, 1_284_755_224, "755224"),
            (1, "75A48A19D4CBE100644E8AC1397EEA747A2D33AB", 11, 1_094_287_082, "287082"),
        ]
        for row in expected {
            let derivation = CodeDerivation(secret: secret, counter: row.counter, algorithm: .sha1, digits: 6)
            XCTAssertEqual(Hex.encode(derivation.hmac), row.hmac)
            XCTAssertEqual(derivation.offset, row.offset)
            XCTAssertEqual(derivation.truncated, row.truncated)
            XCTAssertEqual(derivation.code, row.code)
            XCTAssertEqual(Array(derivation.hmac[row.offset..<row.offset + 4]), derivation.truncationBytes)
        }
        XCTAssertEqual(CodeDerivation(secret: secret, counter: 0x0102, algorithm: .sha1, digits: 6).counterBytes, [0, 0, 0, 0, 0, 0, 1, 2])
    }
}
