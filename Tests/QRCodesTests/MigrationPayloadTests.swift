import Foundation
import XCTest
@testable import OTPCore

/// The Google Authenticator export reader, on payloads built byte by byte.
final class MigrationPayloadTests: XCTestCase {
    private func varint(_ value: UInt64) -> [UInt8] {
        var value = value, out: [UInt8] = []
        repeat {
            let byte = UInt8(value & 0x7F)
            value >>= 7
            out.append(value == 0 ? byte : byte | 0x80)
        } while value != 0
        return out
    }

    private func field(_ number: UInt64, _ bytes: [UInt8]) -> [UInt8] { varint(number << 3 | 2) + varint(UInt64(bytes.count)) + bytes }
    private func field(_ number: UInt64, varint value: UInt64) -> [UInt8] { varint(number << 3) + varint(value) }

    private func uri(_ payload: [UInt8]) -> String {
        let base64 = Data(payload).base64EncodedString()
        return "otpauth-migration://offline?data=" + base64.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
    }

    private func account(secret: [UInt8], name: String, issuer: String, algorithm: UInt64, digits: UInt64, type: UInt64,
                         counter: UInt64 = 0) -> [UInt8] {
        field(1, field(1, secret) + field(2, Array(name.utf8)) + field(3, Array(issuer.utf8)) + field(4, varint: algorithm)
              + field(5, varint: digits) + field(6, varint: type) + field(7, varint: counter))
    }

    func testReadsEveryAccountAndTheBatch() throws {
        let payload = account(secret: Array("12345678901234567890".utf8), name: "alice", issuer: "Example", algorithm: 1, digits: 1, type: 2)
            + account(secret: Array(repeating: 7, count: 32), name: "bob", issuer: "", algorithm: 3, digits: 2, type: 2)
            + account(secret: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], name: "carol", issuer: "VPN", algorithm: 4, digits: 1, type: 1, counter: 300)
            + field(2, varint: 1) + field(3, varint: 2) + field(4, varint: 1) + field(5, varint: 0xFFFF_FFFF)
        let export = try MigrationPayload(parsing: uri(payload))
        XCTAssertEqual(export.accounts.count, 3)
        XCTAssertEqual(export.batchIndex, 1)
        XCTAssertEqual(export.batchSize, 2)
        XCTAssertEqual(export.batchID, -1, "batch_id is an int32")
        let alice = export.accounts[0]
        XCTAssertEqual(alice.secret.bytes, Array("12345678901234567890".utf8))
        XCTAssertEqual([alice.label, alice.issuer], ["alice", "Example"])
        XCTAssertEqual(alice.kind, .totp)
        XCTAssertEqual(alice.parameters, OTPParameters(algorithm: .sha1, digits: 6, period: 30))
        let bob = export.accounts[1]
        XCTAssertNil(bob.issuer, "an empty issuer is no issuer")
        XCTAssertEqual(bob.parameters, OTPParameters(algorithm: .sha512, digits: 8, period: 30))
        let carol = export.accounts[2]
        XCTAssertEqual(carol.kind, .hotp)
        XCTAssertEqual(carol.counter, 300)
        XCTAssertNil(carol.period)
        XCTAssertEqual(carol.algorithmName, "MD5")
        XCTAssertNil(carol.parameters, "skew cannot compute MD5 codes")
        XCTAssertNil(carol.uri)
        XCTAssertTrue(carol.problem?.contains("MD5") == true)
    }

    func testUnspecifiedFieldsTakeGoogleDefaultsAndUnknownFieldsAreSkipped() throws {
        // Unknown varint, length-delimited, fixed64 and fixed32 fields around a minimal account.
        let unknown = field(9, varint: 5) + field(10, [1, 2]) + varint(11 << 3 | 1) + [UInt8](repeating: 0, count: 8)
            + varint(12 << 3 | 5) + [0, 0, 0, 0]
        let payload = unknown + field(1, field(1, [0xAA, 0xBB]) + field(2, Array("x".utf8)) + unknown)
        let export = try MigrationPayload(parsing: uri(payload))
        XCTAssertEqual(export.accounts.count, 1)
        XCTAssertEqual(export.accounts[0].parameters, OTPParameters(algorithm: .sha1, digits: 6, period: 30))
        XCTAssertEqual(export.batchSize, 1)
    }

    func testURLSafeAndUnpaddedBase64AreAccepted() throws {
        let payload = field(1, field(1, [0xFB, 0xFF, 0xBF]) + field(2, Array("é?".utf8)))
        let standard = Data(payload).base64EncodedString()
        let urlSafe = standard.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let export = try MigrationPayload(parsing: "otpauth-migration://offline?data=" + urlSafe)
        XCTAssertEqual(export.accounts[0].secret.bytes, [0xFB, 0xFF, 0xBF])
        XCTAssertEqual(export.accounts[0].label, "é?")
    }

    func testDamagedPayloadsAreErrorsNotCrashes() {
        let good = field(1, field(1, [1, 2, 3]))
        let cases: [(String, [UInt8])] = [
            ("length past the end", [0x0A, 0x10, 0x01]),
            ("cut-short number", [0x08, 0x80]),
            ("number longer than 10 bytes", [0x08] + [UInt8](repeating: 0xFF, count: 11)),
            ("group wire type", [0x0B]),
            ("field number 0", [0x00, 0x01]),
            ("cut-short fixed64", [0x09, 0x01]),
            ("account with no secret", field(1, field(2, Array("x".utf8)))),
            ("truncated good payload", Array(good.dropLast())),
        ]
        for (name, bytes) in cases {
            XCTAssertThrowsError(try MigrationPayload(parsing: uri(bytes)), name) { error in
                let problem = (error as? InputError)?.problem ?? ""
                XCTAssertTrue(problem.contains("not a readable MigrationPayload"), "\(name): \(problem)")
            }
        }
        XCTAssertThrowsError(try MigrationPayload(parsing: "otpauth-migration://offline?data=!!!")) { error in
            XCTAssertTrue((error as? InputError)?.problem.contains("base64") == true)
        }
        XCTAssertThrowsError(try MigrationPayload(parsing: "otpauth-migration://offline?version=1")) { error in
            XCTAssertTrue((error as? InputError)?.problem.contains("no data=") == true)
        }
    }
}
