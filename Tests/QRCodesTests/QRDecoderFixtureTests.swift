import XCTest
import OTPCore
@testable import QRCodes

/// Every fixture picture decodes to what make-fixtures.sh put in it.
final class QRDecoderFixtureTests: XCTestCase {
    private func only(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> QRPayload {
        let payloads = try QRDecoder.decode(path: QRFixtures.path(name))
        XCTAssertEqual(payloads.count, 1, name, file: file, line: line)
        return try XCTUnwrap(payloads.first, file: file, line: line)
    }

    func testAliceInEveryShape() throws {
        for name in ["plain.png", "rotated.png", "inverted.png", "small.png", "transparent.png", "photo.jpg"] {
            let payload = try only(name)
            XCTAssertEqual(payload.kind, .otpauth, name)
            let account = try XCTUnwrap(payload.accounts.first, name)
            XCTAssertEqual(account.secret, try QRFixtures.secret(QRFixtures.aliceBase32), name)
            XCTAssertEqual(account.issuer, "Example", name)
            XCTAssertEqual(account.label, "Example:alice@example.com", name)
            XCTAssertEqual(account.parameters, OTPParameters(algorithm: .sha1, digits: 6, period: 30), name)
        }
    }

    func testInvertedNeedsZbarsInvertedTest() throws {
        // zbar finds light-on-dark codes only with ZBAR_CFG_TEST_INVERTED (this test fails without it).
        let image = try ImageFile.load(path: QRFixtures.path("inverted.png"))
        XCTAssertEqual(image.pixels.first, 0, "the fixture is light on dark")
        XCTAssertEqual(ZbarScanner.scan(image).count, 1)
    }

    func testPhotoNeedsTheDownscale() throws {
        let image = try ImageFile.load(path: QRFixtures.path("photo.jpg"))
        XCTAssertTrue(ZbarScanner.scan(image).isEmpty, "the photo fixture should defeat a full-size scan")
        let scan = try QRDecoder.scan(path: QRFixtures.path("photo.jpg"))
        XCTAssertEqual(scan.scale, 0.5)
        XCTAssertEqual([scan.width, scan.height], [4000, 3000])
    }

    func testSmallNeedsTheEnlargement() throws {
        XCTAssertTrue(ZbarScanner.scan(try ImageFile.load(path: QRFixtures.path("small.png"))).isEmpty)
        XCTAssertEqual(try QRDecoder.scan(path: QRFixtures.path("small.png")).scale, 3)
    }

    func testScreenshotAndTwoCodes() throws {
        let bank = try only("screenshot.png")
        XCTAssertEqual(bank.accounts.first?.secret, try QRFixtures.secret(QRFixtures.bankBase32))
        XCTAssertEqual(bank.accounts.first?.parameters, OTPParameters(algorithm: .sha256, digits: 8, period: 60))

        let both = try QRDecoder.decode(path: QRFixtures.path("two-codes.png"))
        XCTAssertEqual(both.count, 2)
        let accounts = both.flatMap(\.accounts)
        let hotp = try XCTUnwrap(accounts.first { $0.kind == .hotp })
        XCTAssertEqual(hotp.secret, try QRFixtures.secret(QRFixtures.vpnBase32))
        XCTAssertEqual(hotp.counter, 7)
        let totp = try XCTUnwrap(accounts.first { $0.kind == .totp })
        XCTAssertEqual(totp.secret, try QRFixtures.secret(QRFixtures.bankBase32))
    }

    func testGoogleAuthenticatorExportWithThreeAccounts() throws {
        let payload = try only("migration.png")
        XCTAssertEqual(payload.kind, .otpauthMigration)
        XCTAssertEqual(payload.batch, QRPayload.Batch(number: 1, of: 1))
        XCTAssertEqual(payload.accounts.map(\.label), ["alice@example.com", "bob@example.com", "carol"])
        XCTAssertEqual(payload.accounts.map(\.issuer), ["Example", "Bank", "VPN"])
        XCTAssertEqual(payload.accounts[0].secret.bytes, Array("12345678901234567890".utf8))
        XCTAssertEqual(payload.accounts[0].parameters, OTPParameters(algorithm: .sha1, digits: 6, period: 30))
        XCTAssertEqual(payload.accounts[1].secret.bytes, Array("12345678901234567890123456789012".utf8))
        XCTAssertEqual(payload.accounts[1].parameters, OTPParameters(algorithm: .sha256, digits: 8, period: 30))
        XCTAssertEqual(payload.accounts[2].secret.bytes, Array(1...20))
        XCTAssertEqual(payload.accounts[2].kind, .hotp)
        XCTAssertEqual(payload.accounts[2].counter, 42)
    }

    func testLookAlikeFixtures() throws {
        let expected: [(String, QRPayload.Kind)] = [
            ("phonefactor.png", .microsoftActivation), ("serial.png", .serialNumber), ("url.png", .url),
            ("fido.png", .fido), ("unknown.png", .unknown), ("invalid-otpauth.png", .invalid),
        ]
        for (name, kind) in expected {
            let payload = try only(name)
            XCTAssertEqual(payload.kind, kind, name)
            XCTAssertTrue(payload.accounts.isEmpty, name)
        }
    }

    func testPictureWithoutACode() {
        XCTAssertThrowsError(try QRDecoder.decode(path: QRFixtures.path("no-code.png"))) { error in
            XCTAssertEqual((error as? QRImageError)?.reason, .noCode)
        }
    }
}
