import OTPCore
import XCTest

/// Secrets in every form people paste, and the errors for the typos they make.
final class SecretParsingTests: XCTestCase {
    private let hello: [UInt8] = [0x48, 0x65, 0x6C, 0x6C, 0x6F, 0x21, 0xDE, 0xAD, 0xBE, 0xEF]

    func testBase32IgnoresCaseSpacesDashesAndPadding() throws {
        for text in ["JBSWY3DPEHPK3PXP", "jbswy3dpehpk3pxp", "JBSW Y3DP EHPK 3PXP", "jbsw-y3dp-ehpk-3pxp", "JBSWY3DPEHPK3PXP====",
                     "  JBSWY3DPEHPK3PXP\n"] {
            XCTAssertEqual(try Base32.decode(text), hello, text)
        }
        XCTAssertEqual(try Base32.decode("GEZDGNBVGY3TQOJQ"), Array("1234567890".utf8))
        XCTAssertEqual(Base32.encode(hello), "JBSWY3DPEHPK3PXP")
        // Unpadded lengths that leave 2, 4, 5 or 7 characters over.
        XCTAssertEqual(try Base32.decode("ME"), Array("a".utf8))
        XCTAssertEqual(try Base32.decode("MFRA"), Array("ab".utf8))
        XCTAssertEqual(try Base32.decode("MFRGG"), Array("abc".utf8))
        XCTAssertEqual(try Base32.decode("MFRGGZA"), Array("abcd".utf8))
    }

    func testBase32LookAlikesNamePositionAndSuggestion() {
        let cases: [(String, Int, String)] = [("JBSWY3DPEHPK3PX0", 16, "letter O"), ("JBSWY1DPEHPK3PXP", 6, "letter I or L"),
                                              ("JBSWY3DPEHPK8PXP", 13, "letter B")]
        for (text, position, suggestion) in cases {
            XCTAssertThrowsError(try Base32.decode(text)) { error in
                let error = error as! InputError
                XCTAssertTrue(error.problem.contains("character \(position)"), error.description)
                XCTAssertTrue(error.fix.contains(suggestion), error.description)
            }
        }
    }

    func testBase32WrongLengthAndHexHint() {
        XCTAssertThrowsError(try Base32.decode("JBSWY3DPEHPK3P")) { error in
            XCTAssertTrue((error as! InputError).problem.contains("14 base32 characters"))
        }
        XCTAssertThrowsError(try Base32.decode("3132333435363738393031323334353637383930")) { error in
            XCTAssertEqual((error as! InputError).remedy, .readAsHex)
        }
        XCTAssertThrowsError(try Base32.decode("JBSW=Y3DP")) { error in
            XCTAssertTrue((error as! InputError).problem.contains("after '=' padding"))
        }
    }

    func testHex() throws {
        XCTAssertEqual(try Hex.decode("48656C6C6F21DEADBEEF"), hello)
        XCTAssertEqual(try Hex.decode("0x48:65:6c 6c-6f21deadbeef"), hello)
        XCTAssertEqual(Hex.encode(hello), "48656C6C6F21DEADBEEF")
        XCTAssertThrowsError(try Hex.decode("486")) { error in
            XCTAssertTrue((error as! InputError).problem.contains("odd"))
        }
        XCTAssertThrowsError(try Hex.decode("48G5")) { error in
            XCTAssertTrue((error as! InputError).problem.contains("character 3"))
        }
    }

    func testSecretLengthLimitsAndWeakWarning() throws {
        XCTAssertThrowsError(try Secret(bytes: []))
        XCTAssertThrowsError(try Secret(bytes: [UInt8](repeating: 1, count: 129)))
        XCTAssertNotNil(try Secret(bytes: [UInt8](repeating: 1, count: 128)))
        XCTAssertNil(try Secret(bytes: hello).strengthWarning, "10 bytes is the lowest length without a warning")
        XCTAssertNotNil(try Secret(bytes: Array(hello.prefix(9))).strengthWarning)
        XCTAssertNil(try Secret(bytes: hello + hello).strengthWarning)
    }

    func testFingerprintIsStableAndRevealsNothing() throws {
        let secret = try Secret(bytes: hello)
        XCTAssertEqual(secret.fingerprint.count, 8)
        XCTAssertEqual(secret.fingerprint, try Secret(bytes: hello).fingerprint)
        XCTAssertNotEqual(secret.fingerprint, try Secret(bytes: hello + [0]).fingerprint)
        XCTAssertFalse("\(secret)".contains("JBSW"))
        XCTAssertFalse("\(secret)".lowercased().contains("48656c"))
    }

    func testOTPAuthURIWithEveryField() throws {
        let uri = try OTPAuthURI(parsing: "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60")
        XCTAssertEqual(uri.kind, .totp)
        XCTAssertEqual(uri.label, "ACME Co:alice@example.com")
        XCTAssertEqual(uri.issuer, "ACME Co")
        XCTAssertEqual(uri.secret.bytes, hello)
        XCTAssertEqual(uri.parameters(), OTPParameters(algorithm: .sha256, digits: 8, period: 60))
        let hotp = try OTPAuthURI(parsing: "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=42")
        XCTAssertEqual(hotp.kind, .hotp)
        XCTAssertEqual(hotp.counter, 42)
        XCTAssertEqual(hotp.parameters(), OTPParameters())
        let rendered = uri.render(parameters: uri.parameters())
        XCTAssertEqual(try OTPAuthURI(parsing: rendered), uri)
        XCTAssertTrue(OTPAuthURI(kind: .totp, label: "a", issuer: nil, secret: uri.secret).render(parameters: OTPParameters())
            .contains("algorithm=SHA1&digits=6&period=30"))
    }

    /// Text pasted from a QR scanner or a terminal often carries blank lines, tabs or CR around it.
    func testURIsAreTrimmedOfSurroundingWhitespace() throws {
        let plain = "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"
        for wrapped in [" \(plain)", "\(plain)\r\n", "\n\t \(plain) \u{00A0}\n", plain] {
            XCTAssertEqual(try OTPAuthURI(parsing: wrapped).secret.bytes, hello, wrapped.debugDescription)
            XCTAssertTrue(OTPAuthURI.isURI(wrapped), wrapped.debugDescription)
        }
        XCTAssertEqual(try OTPAuthURI(parsing: "  otpauth://totp/a%20b?secret=JBSWY3DPEHPK3PXP  ").label, "a b",
                       "inner characters survive the trim")
        for blank in ["", " ", "\n\t\r "] {
            XCTAssertFalse(OTPAuthURI.isURI(blank))
            XCTAssertFalse(MigrationPayload.isMigrationURI(blank))
        }
    }

    func testOTPAuthURIErrors() {
        let bad: [(String, String)] = [
            ("otpauth://totp/x", "no secret"),
            ("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5", "not a known algorithm"),
            ("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=5", "5 digits"),
            ("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0", "period of 0"),
            ("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=six", "not a whole number"),
            ("otpauth://motp/x?secret=JBSWY3DPEHPK3PXP", "neither totp nor hotp"),
            ("otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP", "counter"),
            ("otpauth://totp/%G1?secret=JBSWY3DPEHPK3PXP", "'%' escape"),
        ]
        for (text, expected) in bad {
            XCTAssertThrowsError(try OTPAuthURI(parsing: text), text) { error in
                XCTAssertTrue((error as! InputError).description.contains(expected), "\(text): \(error)")
            }
        }
    }

    func testSecretTextDetectsURIAndHonoursEncoding() throws {
        XCTAssertEqual(try SecretText.parse("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP", encoding: .hex).secret.bytes, hello)
        XCTAssertEqual(try SecretText.parse("48656C6C6F21DEADBEEF", encoding: .hex).secret.bytes, hello)
        XCTAssertNil(try SecretText.parse("JBSWY3DPEHPK3PXP", encoding: .base32).uri)
        XCTAssertThrowsError(try SecretText.parse("   ", encoding: .base32))
    }

    func testTimestamps() throws {
        XCTAssertEqual(try Timestamp.parse("1700000000"), 1_700_000_000)
        XCTAssertEqual(try Timestamp.parse("@1700000000.5"), 1_700_000_000.5)
        XCTAssertEqual(try Timestamp.parse("2023-11-14T22:13:20Z"), 1_700_000_000)
        XCTAssertEqual(try Timestamp.parse("2023-11-14T23:13:20+01:00"), 1_700_000_000)
        XCTAssertEqual(try Timestamp.parse("2023-11-14T22:13:20.250Z"), 1_700_000_000.25)
        XCTAssertThrowsError(try Timestamp.parse("2023-11-14T22:13:20")) { error in
            XCTAssertTrue((error as! InputError).problem.contains("no time zone"))
        }
        XCTAssertThrowsError(try Timestamp.parse("yesterday"))
        // Found by fuzzing: the formatter accepted control characters inside a field.
        XCTAssertThrowsError(try Timestamp.parse("2023-11-14T22:1\u{0B}\u{0B}\u{0B}0Z"))
        XCTAssertThrowsError(try Timestamp.parse("2026-02-30T10:00:00Z"))
        XCTAssertEqual(Timestamp.iso(1_700_000_000), "2023-11-14T22:13:20Z")
        // Step arithmetic stays far from Int64 overflow: times end with the year 9999.
        XCTAssertEqual(try Timestamp.parse("9999-12-31T23:59:59Z"), Timestamp.latest)
        XCTAssertEqual(try Timestamp.parse("-253402300799"), -Timestamp.latest)
        for text in ["253402300800", "99999999999999999999", "1e300", "-1e300"] {
            XCTAssertThrowsError(try Timestamp.parse(text), text) { error in
                XCTAssertTrue((error as! InputError).problem.contains("year 9999") || (error as! InputError).problem.contains("not a time"), "\(error)")
            }
        }
    }

    /// Periods up to a year and T0 within ±year 9999; Int64.min and .max are refused, not trapped on.
    func testParameterLimits() {
        XCTAssertNoThrow(try OTPParameters(period: OTPParameters.longestPeriod, t0: -OTPParameters.latestT0).validated())
        for parameters in [OTPParameters(period: 0), OTPParameters(period: OTPParameters.longestPeriod + 1),
                           OTPParameters(period: Int.max), OTPParameters(t0: Int64.min), OTPParameters(t0: OTPParameters.latestT0 + 1)] {
            XCTAssertThrowsError(try parameters.validated(), "\(parameters)")
        }
    }
}
