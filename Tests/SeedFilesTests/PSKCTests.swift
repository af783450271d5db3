@testable import SeedFiles
import Foundation
import OTPCore
import XCTest

/// The PSKC writer and reader together; the independent checks (python-pskc, privacyIDEA) are in
/// the integration tests. These hold the reader's refusals: a wrong key, an altered file, a missing MAC.
final class PSKCTests: XCTestCase {
    private let records = [
        SeedRecord(serial: "A1", secret: try! Secret(bytes: Array(1...20)), parameters: OTPParameters(algorithm: .sha256, digits: 8, period: 60),
                   account: "alice@example.com", manufacturer: "Token2", model: "C302"),
        SeedRecord(serial: "A2", secret: try! Secret(bytes: Array(repeating: 7, count: 32))),
    ]
    private let key: [UInt8] = Array(0..<16)

    private func read(_ text: String, _ keys: PSKCKeySource) throws -> [SeedEntry] {
        try PSKCReader.read(Data(text.utf8), keys: keys, input: "f.pskc")
    }

    func testEveryProtectionRoundTrips() throws {
        let cases: [(PSKCProtection, PSKCKeySource)] = [
            (.none, .none), (.presharedKey(key, name: "k"), .presharedKey(key)), (.password("pw", iterations: 1000, name: "p"), .password("pw")),
        ]
        for (protection, source) in cases {
            let entries = try read(try PSKCWriter.write(records, protection: protection), source)
            XCTAssertEqual(entries.compactMap(\.record), records, "\(protection)")
        }
    }

    /// A wrong key decrypts the MAC key to other bytes, so no seed's MAC matches (or, when the
    /// padding gives it away first, the whole file is refused): either way no seed is read.
    func testAWrongKeyReadsNoSeed() throws {
        func assertNoSeed(_ text: String, _ keys: PSKCKeySource) {
            do {
                let entries = try read(text, keys)
                XCTAssertTrue(entries.allSatisfy { $0.record == nil })
                XCTAssertTrue(entries.allSatisfy { "\($0.outcome)".contains("key or password") }, "\(entries.map(\.outcome))")
            } catch {
                XCTAssertTrue("\(error)".contains("key or password"), "\(error)")
            }
        }
        for wrong in 0..<20 {
            assertNoSeed(try PSKCWriter.write(records, protection: .presharedKey(key, name: "k")),
                         .presharedKey(Array(repeating: UInt8(wrong), count: 16)))
        }
        assertNoSeed(try PSKCWriter.write(records, protection: .password("pw", iterations: 1000, name: "p")), .password("pq"))
    }

    /// One changed byte of a seed's ciphertext fails its MAC: the reader reports the entry, not a wrong seed.
    func testAnAlteredSeedFailsItsMAC() throws {
        let text = try PSKCWriter.write(records, protection: .presharedKey(key, name: "k"))
        let values = text.components(separatedBy: "<xenc:CipherValue>")
        XCTAssertEqual(values.count, 4, "the MAC key and two seeds")
        var cipher = Array(Data(base64Encoded: String(values[2].prefix { $0 != "<" }))!)
        cipher[cipher.count - 1] ^= 1
        let altered = values[0] + "<xenc:CipherValue>" + values[1] + "<xenc:CipherValue>" + Data(cipher).base64EncodedString()
            + values[2].drop { $0 != "<" } + "<xenc:CipherValue>" + values[3]
        let entries = try read(altered, .presharedKey(key))
        XCTAssertNil(entries[0].record)
        XCTAssertTrue("\(entries[0].outcome)".contains("MAC does not match"), "\(entries[0].outcome)")
        XCTAssertEqual(entries[1].record, records[1], "the untouched seed still reads")
        let withoutMAC = text.replacingOccurrences(of: #"<pskc:ValueMAC>[^<]*</pskc:ValueMAC>"#, with: "", options: .regularExpression)
        XCTAssertTrue(try read(withoutMAC, .presharedKey(key)).allSatisfy { $0.record == nil })
    }

    /// The library names the remedy as a value; the CLI turns it into its options (SeedFileCLITests).
    func testAnEncryptedFileWithoutAKeyAsksForOne() throws {
        let entries = try read(try PSKCWriter.write(records, protection: .presharedKey(key, name: "k")), .none)
        guard case .failure(let error) = entries[0].outcome else { return XCTFail("\(entries[0].outcome)") }
        XCTAssertEqual(error.remedy, .presharedKeyOrPassword)
        XCTAssertFalse(error.description.contains("--"), "no CLI flag in the library's words: \(error)")
    }

    func testADocumentTypeIsRefused() {
        XCTAssertThrowsError(try read("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><KeyContainer>&e;</KeyContainer>", .none))
    }
}

extension PSKCTests {
    /// A file cut short is refused whole: never read as a batch with its last tokens missing.
    func testACutFileIsRefused() throws {
        let text = try PSKCWriter.write(records, protection: .none)
        let cut = String(text.prefix(text.range(of: "</pskc:KeyPackage>")!.upperBound.utf16Offset(in: text)))
        XCTAssertThrowsError(try read(cut, .none)) { error in
            XCTAssertTrue("\(error)".contains("not well-formed"), "\(error)")
        }
    }
}
