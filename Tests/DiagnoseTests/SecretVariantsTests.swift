import Diagnose
import OTPCore
import XCTest

/// The typo-variant generator: each kind of copying mistake is produced, decodes, and is deduplicated.
final class SecretVariantsTests: XCTestCase {
    private let text = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

    private func variants(_ text: String, _ encoding: SecretText.Encoding = .base32) -> [SecretVariant] {
        SecretVariants.generate(text: text, encoding: encoding)
    }

    func testSecretAsGivenComesFirst() throws {
        let first = try XCTUnwrap(variants(text).first)
        XCTAssertEqual(first.kind, .asGiven)
        XCTAssertEqual(first.secret.bytes, try Base32.decode(text))
    }

    func testLookAlikeLetterToDigitIsNotBase32ButDigitToLetterIs() throws {
        // '0' typed for 'O': the text does not decode as given, the corrected variant does.
        let typed = "JBSWY3DPEH0K3PXPJBSWY3DPEHPK3PXP"
        let all = variants(typed)
        XCTAssertFalse(all.contains { $0.isAsGiven })
        let fixed = try XCTUnwrap(all.first { $0.kind == .lookAlike(position: 11, typed: "0", meant: "O") })
        XCTAssertEqual(fixed.secret.bytes, try Base32.decode("JBSWY3DPEHOK3PXPJBSWY3DPEHPK3PXP"))
    }

    func testLookAlikeSubstitutionsCoverEveryGroup() {
        let kinds = variants("BSZGIL52").map(\.kind)
        XCTAssertTrue(kinds.contains(.lookAlike(position: 2, typed: "S", meant: "5")))
        XCTAssertTrue(kinds.contains(.lookAlike(position: 3, typed: "Z", meant: "2")))
        XCTAssertTrue(kinds.contains(.lookAlike(position: 5, typed: "I", meant: "L")))
        XCTAssertTrue(kinds.contains(.lookAlike(position: 6, typed: "L", meant: "I")))
        XCTAssertTrue(kinds.contains(.lookAlike(position: 7, typed: "5", meant: "S")))
        XCTAssertTrue(kinds.contains(.lookAlike(position: 8, typed: "2", meant: "Z")))
        XCTAssertTrue(kinds.contains(.lookAlike(position: 4, typed: "G", meant: "6")))
        // B→8 would not be base32 (8 is not in its alphabet), so it is not produced for a base32 secret.
        XCTAssertFalse(kinds.contains(.lookAlike(position: 1, typed: "B", meant: "8")))
    }

    func testMissingCharacterVariantsRestoreADroppedCharacter() throws {
        let full = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ"
        var short = Array(full)
        short.remove(at: 9)
        let all = variants(String(short))
        let restored = try Base32.decode(full)
        let match = try XCTUnwrap(all.first { $0.secret.bytes == restored })
        guard case .missingCharacter(let position) = match.kind else { return XCTFail("got \(match.kind)") }
        XCTAssertEqual(position, 10)
        // 31 characters: 32 alphabet characters at 32 positions decode (33 would not).
        XCTAssertGreaterThan(all.filter { if case .missingCharacter = $0.kind { true } else { false } }.count, 900)
    }

    func testExtraAndSwappedVariants() throws {
        let kinds = variants(text).map(\.kind)
        // 32 → 31 characters decodes; a 33-character insertion does not, so none are produced.
        XCTAssertTrue(kinds.contains(.extraCharacter(position: 5)))
        XCTAssertFalse(kinds.contains { if case .missingCharacter = $0 { true } else { false } })
        XCTAssertTrue(kinds.contains(.swappedNeighbours(position: 1)))
        let swapped = try XCTUnwrap(variants(text).first { $0.kind == .swappedNeighbours(position: 1) })
        XCTAssertEqual(swapped.secret.bytes, try Base32.decode("BJSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"))
    }

    func testEncodingConfusionASCIIAndCutSeeds() throws {
        let hexText = "3132333435363738393031323334353637383930"
        let hex = variants(hexText, .hex)
        XCTAssertEqual(hex.first?.secret.bytes, Array("12345678901234567890".utf8))
        XCTAssertTrue(hex.contains { $0.kind == .textAsASCII && $0.secret.bytes == Array(hexText.utf8) })
        XCTAssertTrue(hex.contains { $0.kind == .cut(bytes: 16) && $0.secret.bytes == Array("1234567890123456".utf8) })
        let base32AsHex = variants("ABCDEF2345ABCDEF", .base32)
        XCTAssertTrue(base32AsHex.contains { $0.kind == .base32ReadAsHex && $0.secret.bytes == [0xAB, 0xCD, 0xEF, 0x23, 0x45, 0xAB, 0xCD, 0xEF] })
        let long = try Base32.decode(text + text)
        XCTAssertTrue(variants(text + text).contains { $0.kind == .cut(bytes: 20) && $0.secret.bytes == Array(long.prefix(20)) })
    }

    func testVariantsAreUniqueByKeyBytes() {
        let all = variants(text)
        XCTAssertEqual(Set(all.map(\.secret.bytes)).count, all.count)
    }
}
