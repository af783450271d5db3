import Foundation
import XCTest
import OTPCore

/// What each kind of QR text is classified as, and that explanations never repeat secrets.
final class QRPayloadTests: XCTestCase {
    func testOTPAuthKeyBecomesOneAccountWithDefaultsFilledIn() throws {
        let payload = QRPayload(classifying: "otpauth://totp/Example:alice?secret=\(QRFixtures.aliceBase32)&issuer=Example")
        XCTAssertEqual(payload.kind, .otpauth)
        XCTAssertEqual(payload.accounts.count, 1)
        let account = payload.accounts[0]
        XCTAssertEqual(account.secret, try QRFixtures.secret(QRFixtures.aliceBase32))
        XCTAssertEqual(account.parameters, OTPParameters())
        XCTAssertEqual(account.period, 30)
        XCTAssertNil(account.counter)
        XCTAssertFalse(payload.explanation.contains(QRFixtures.aliceBase32))
        // What `skew burn --qr` would take: a complete URI with every parameter spelled out.
        XCTAssertEqual(account.uri?.render(parameters: try XCTUnwrap(account.parameters)),
                       "otpauth://totp/Example:alice?secret=\(QRFixtures.aliceBase32)&issuer=Example&algorithm=SHA1&digits=6&period=30")
    }

    func testHOTPKeyKeepsItsCounter() {
        let payload = QRPayload(classifying: "otpauth://hotp/x?secret=\(QRFixtures.aliceBase32)&counter=9&digits=8")
        XCTAssertEqual(payload.accounts.first?.counter, 9)
        XCTAssertEqual(payload.accounts.first?.digits, 8)
        XCTAssertNil(payload.accounts.first?.period)
    }

    func testLookAlikesAreExplained() {
        let microsoft = QRPayload(classifying: "phonefactor://activate_account?code=123456789&url=https%3A%2F%2Fexample")
        XCTAssertEqual(microsoft.kind, .microsoftActivation)
        XCTAssertTrue(microsoft.explanation.contains("I want to use a different authenticator app"))
        XCTAssertFalse(microsoft.explanation.contains("123456789"))

        let serial = QRPayload(classifying: "86596123456789")
        XCTAssertEqual(serial.kind, .serialNumber)
        XCTAssertTrue(serial.explanation.contains("serial"))

        let url = QRPayload(classifying: "https://user:pw@example.com/enroll?token=s3cr3t")
        XCTAssertEqual(url.kind, .url)
        XCTAssertTrue(url.explanation.contains("https://example.com"))
        XCTAssertFalse(url.explanation.contains("s3cr3t"), "the query may hold a token")
        XCTAssertFalse(url.explanation.contains("pw"), "credentials in the address are not shown")

        let fido = QRPayload(classifying: "FIDO:/123456789012345678901234567890")
        XCTAssertEqual(fido.kind, .fido)
        XCTAssertFalse(fido.explanation.contains("1234567890"))

        let unknown = QRPayload(classifying: "some private text ABCDEF")
        XCTAssertEqual(unknown.kind, .unknown)
        XCTAssertTrue(unknown.explanation.contains("24 characters"))
        XCTAssertFalse(unknown.explanation.contains("ABCDEF"))

        XCTAssertEqual(QRPayload(classifying: "1234567").kind, .unknown, "too short for a serial number")
        XCTAssertTrue(QRPayload(classifying: "86596123456789").accounts.isEmpty)
    }

    func testBrokenKeysAreInvalidWithTheReason() {
        let payload = QRPayload(classifying: "otpauth://totp/x?issuer=Nobody")
        XCTAssertEqual(payload.kind, .invalid)
        XCTAssertTrue(payload.explanation.contains("no secret="))
        let export = QRPayload(classifying: "otpauth-migration://offline?data=AAAA")
        XCTAssertEqual(export.kind, .invalid)
        XCTAssertTrue(export.explanation.contains("MigrationPayload"))
    }

    func testMultiCodeExportSaysToDecodeTheOthers() throws {
        // One account (secret 0x01 0x02), batch_size 3, batch_index 1.
        let bytes: [UInt8] = [0x0A, 0x04, 0x0A, 0x02, 0x01, 0x02, 0x18, 0x03, 0x20, 0x01]
        let payload = QRPayload(classifying: "otpauth-migration://offline?data=" + Data(bytes).base64EncodedString())
        XCTAssertEqual(payload.kind, .otpauthMigration)
        XCTAssertEqual(payload.batch, QRPayload.Batch(number: 2, of: 3))
        XCTAssertTrue(payload.explanation.contains("code 2 of 3"))
    }
}
