import OTPCore
import XCTest

/// otpauth URIs with odd characters, against Python's urllib.parse (fixtures/otpauth-uri/uris.json):
/// skew writes what `quote` writes and reads what `unquote` reads, and `+` is never a space.
final class OTPAuthURITests: XCTestCase {
    private func fixture() throws -> [String: Any] { try Fixtures.json("otpauth-uri/uris.json") }

    func testWrittenURIsMatchPythonAndReadBack() throws {
        let fixture = try fixture()
        let secret = try Secret(bytes: Base32.decode(try XCTUnwrap(fixture["secret"] as? String)))
        let built = try XCTUnwrap(fixture["built"] as? [[String: String]])
        XCTAssertGreaterThan(built.count, 15)
        for entry in built {
            let issuer = try XCTUnwrap(entry["issuer"]), account = try XCTUnwrap(entry["account"])
            let expected = try XCTUnwrap(entry["uri"])
            let uri = OTPAuthURI(kind: .totp, label: "\(issuer):\(account)", issuer: issuer, secret: secret)
            XCTAssertEqual(uri.render(parameters: OTPParameters()), expected)
            let read = try OTPAuthURI(parsing: expected)
            XCTAssertEqual(read.label, entry["label"], expected)
            XCTAssertEqual(read.issuer, issuer, expected)
            XCTAssertEqual(read.account, account, expected)
            XCTAssertEqual(read.render(parameters: OTPParameters()), expected, "a read URI is written back unchanged")
        }
    }

    func testForeignURIsReadAsPythonReadsThemAndSurviveARoundTrip() throws {
        let foreign = try XCTUnwrap(try fixture()["foreign"] as? [[String: Any]])
        for entry in foreign {
            let text = try XCTUnwrap(entry["uri"] as? String)
            let read = try OTPAuthURI(parsing: text)
            XCTAssertEqual(read.label, entry["label"] as? String, text)
            XCTAssertEqual(read.issuer, entry["issuer"] as? String, text)
            let again = try OTPAuthURI(parsing: read.render(parameters: read.parameters()))
            XCTAssertEqual(again.label, read.label, text)
            XCTAssertEqual(again.issuer, read.issuer, text)
        }
    }

    /// `+` in a URI is a plus sign; a label `ACME+Co:john` was read as `ACME Co:john`.
    func testPlusIsAPlusSign() throws {
        let uri = try OTPAuthURI(parsing: "otpauth://totp/ACME+Co:john+doe?secret=JBSWY3DPEHPK3PXP&issuer=ACME+Co")
        XCTAssertEqual(uri.label, "ACME+Co:john+doe")
        XCTAssertEqual(uri.issuer, "ACME+Co")
        XCTAssertEqual(uri.account, "john+doe")
        XCTAssertTrue(uri.render(parameters: OTPParameters()).hasPrefix("otpauth://totp/ACME%2BCo:john%2Bdoe?secret=JBSWY3DPEHPK3PXP&issuer=ACME%2BCo&"))
    }

    /// A colon inside the issuer is escaped, so the label's one literal colon still ends the issuer.
    func testColonInIssuerIsEscaped() throws {
        let secret = try Secret(bytes: Base32.decode("JBSWY3DPEHPK3PXP"))
        let text = OTPAuthURI(kind: .totp, label: "A:B:alice", issuer: "A:B", secret: secret).render(parameters: OTPParameters())
        XCTAssertTrue(text.hasPrefix("otpauth://totp/A%3AB:alice?secret=JBSWY3DPEHPK3PXP&issuer=A%3AB&"), text)
        XCTAssertEqual(try OTPAuthURI(parsing: text).account, "alice")
    }
}
