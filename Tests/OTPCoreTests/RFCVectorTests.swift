import OTPCore
import XCTest

/// Every test vector of RFC 4226 Appendix D and RFC 6238 Appendix B, from `fixtures/rfc/`,
/// through both the reference path and the fast search path.
final class RFCVectorTests: XCTestCase {
    func testRFC4226AppendixD() throws {
        let fixture = try Fixtures.json("rfc/rfc4226-appendix-d.json")
        let secret = try Secret(bytes: Array((fixture["secret_ascii"] as! String).utf8))
        let vectors = fixture["vectors"] as! [[String: Any]]
        XCTAssertEqual(vectors.count, 10)
        let fast = CodeSearch(secret: secret, parameters: OTPParameters(algorithm: .sha1, digits: 6))
        for vector in vectors {
            let counter = UInt64(vector["counter"] as! Int)
            let truncated = UInt32(vector["truncated"] as! Int)
            XCTAssertEqual(HOTP.truncate(HOTP.hmac(secret: secret.bytes, counter: counter, algorithm: .sha1)), truncated)
            XCTAssertEqual(fast.truncatedValues([counter]), [truncated])
            let code = HOTP.code(secret: secret, counter: counter, algorithm: .sha1, digits: 6)
            XCTAssertEqual(OTPParameters(digits: 6).format(code), vector["hotp"] as! String)
        }
    }

    func testRFC6238AppendixB() throws {
        let fixture = try Fixtures.json("rfc/rfc6238-appendix-b.json")
        let secrets = fixture["secrets_ascii"] as! [String: String]
        let vectors = fixture["vectors"] as! [[String: Any]]
        XCTAssertEqual(vectors.count, 18)
        for vector in vectors {
            let algorithm = try XCTUnwrap(HashAlgorithm(name: vector["algorithm"] as! String))
            let secret = try Secret(bytes: Array(secrets[algorithm.rawValue]!.utf8))
            let parameters = OTPParameters(algorithm: algorithm, digits: 8, period: 30)
            let time = (vector["time"] as! NSNumber).doubleValue
            let expectedCounter = Int64(vector["counter"] as! String, radix: 16)!
            XCTAssertEqual(parameters.counter(at: time), expectedCounter)
            let totp = TOTP(secret: secret, parameters: parameters)
            let expected = vector["totp"] as! String
            XCTAssertEqual(totp.code(at: time), .some(expected), "\(algorithm) at \(time)")
            let found = CodeSearch(secret: secret, parameters: parameters)
                .find(codes: [UInt64(vector["totp"] as! String)!], in: (expectedCounter - 5)...(expectedCounter + 5))
            XCTAssertTrue(found.contains(expectedCounter), "fast search finds \(algorithm) at \(time)")
        }
    }

    /// The token's display path (6 digits, 30 and 60 s, zero-extended keys).
    func testTokenDisplayVectors() throws {
        let hello = try Secret(bytes: Base32.decode("JBSWY3DPEHPK3PXP"))
        let extended = try Secret(bytes: hello.bytes + [UInt8](repeating: 0, count: 10))
        for secret in [hello, extended] {
            XCTAssertEqual(TOTP(secret: secret, parameters: OTPParameters(algorithm: .sha1)).code(at: 1_700_000_000), "324550")
            XCTAssertEqual(TOTP(secret: secret, parameters: OTPParameters(algorithm: .sha256)).code(at: 1_700_000_000), "049486")
        }
        XCTAssertEqual(TOTP(secret: hello, parameters: OTPParameters(algorithm: .sha1, period: 60)).code(at: 1_700_000_000), "508648")
    }
}
