@testable import SeedFiles
import Foundation
import OTPCore
import XCTest

final class SeedFileFormatTests: XCTestCase {
    func testDetectsEachFormatByContent() {
        XCTAssertEqual(SeedFileFormat.detect(Data("\u{FEFF}  <?xml version=\"1.0\"?><KeyContainer/>".utf8)), .pskc)
        XCTAssertEqual(SeedFileFormat.detect(Data("upn,serial number,secret key,time interval,manufacturer,model\n".utf8)), .entraCSV)
        XCTAssertEqual(SeedFileFormat.detect(Data("TK1,GEZDGNBVGY3TQOJQ\n".utf8)), .list)
    }

    func testEntraCSVReadsColumnsByName() throws {
        let text = "Serial Number,Secret Key,UPN,Model,Manufacturer\nS1,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,a@b.c,C302,Token2\n"
        let record = try XCTUnwrap(try EntraCSV.read(text, input: "f").first?.record)
        XCTAssertEqual(record.serial, "S1")
        XCTAssertEqual(record.account, "a@b.c")
        XCTAssertEqual(record.model, "C302")
        XCTAssertEqual(record.parameters.period, 30, "no time interval column: 30 s")
        XCTAssertThrowsError(try EntraCSV.read("upn,serial\n", input: "f"))
    }

    func testRepeatsAreMarkedAfterTheFirst() throws {
        let text = "A,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\nB,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\nA,JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP\n"
        let entries = try SeedFileFormat.read(Data(text.utf8), keys: .none, listDefaults: SeedList.Defaults(), input: "f")
        XCTAssertNotNil(entries[0].record)
        XCTAssertTrue("\(entries[1].outcome)".contains("same as at line 1"))
        XCTAssertTrue("\(entries[2].outcome)".contains("serial A is also at line 1"))
    }

    func testGraphJSONAssignsOnlyObjectIDs() throws {
        let secret = try Secret(bytes: Array(repeating: 1, count: 20))
        let records = [SeedRecord(serial: "S1", secret: secret, account: "0cadbf92-1234-4321-abcd-0123456789ab", manufacturer: "T", model: "M"),
                       SeedRecord(serial: "S2", secret: secret, account: "bob@example.com", manufacturer: "T", model: "M")]
        let text = try EntraGraphJSON.write(records)
        XCTAssertTrue(text.contains("\"id\" : \"0cadbf92-1234-4321-abcd-0123456789ab\""), text)
        XCTAssertFalse(text.contains("bob@example.com"))
        XCTAssertEqual(EntraGraphJSON.unassigned(records), ["S2"])
    }

    /// CSV injection: a field a spreadsheet would run as a formula is refused, naming the column;
    /// the same record with a plain UPN is written (the negative control), and `-` inside a value
    /// (a hyphenated name, a serial's dash) is not a formula start.
    func testEntraCSVRefusesFormulaStarts() throws {
        let secret = try Secret(bytes: Array(repeating: 1, count: 20))
        func record(account: String, serial: String = "S1", model: String = "M") -> SeedRecord {
            SeedRecord(serial: serial, secret: secret, account: account, manufacturer: "Token2", model: model)
        }
        for upn in ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tbob@example.com", "\rbob@example.com"] {
            XCTAssertThrowsError(try EntraCSV.write([record(account: upn)]), upn) { error in
                XCTAssertTrue("\(error)".contains("the upn"), "\(error)")
                XCTAssertTrue("\(error)".contains("as a formula"), "\(error)")
            }
        }
        XCTAssertThrowsError(try EntraCSV.write([record(account: "bob@example.com", model: "=1")])) { error in
            XCTAssertTrue("\(error)".contains("the model '=1'"), "\(error)")
        }
        let text = try EntraCSV.write([record(account: "jean-luc@example.com", serial: "GALT-001", model: "C302-i")])
        XCTAssertTrue(text.contains("\r\njean-luc@example.com,GALT-001,"), text)
    }

    func testSecureRandomBytesDiffer() throws {
        let draws = try (0..<100).map { _ in try SecureRandom.bytes(20) }
        XCTAssertEqual(Set(draws).count, 100)
        XCTAssertTrue(draws.allSatisfy { $0.count == 20 })
    }
}

extension SeedFileFormatTests {
    /// privacyIDEA's file cannot say what it would get wrong: the hash its seed length implies, other
    /// digit counts, serials its comma split would cut.
    func testPrivacyIDEARefusesWhatItWouldMisread() throws {
        let seed20 = try Secret(bytes: Array(repeating: 1, count: 20))
        let seed32 = try Secret(bytes: Array(repeating: 1, count: 32))
        XCTAssertEqual(try PrivacyIDEACSV.write([SeedRecord(serial: "S", secret: seed32, parameters: OTPParameters(algorithm: .sha256))]),
                       "S,\(String(repeating: "01", count: 32)),totp,6,30\n")
        for record in [SeedRecord(serial: "S", secret: seed32), SeedRecord(serial: "S", secret: seed20, parameters: OTPParameters(algorithm: .sha256)),
                       SeedRecord(serial: "S", secret: seed20, parameters: OTPParameters(digits: 7)), SeedRecord(serial: "A,B", secret: seed20),
                       SeedRecord(serial: "#S", secret: seed20)] {
            XCTAssertThrowsError(try PrivacyIDEACSV.write([record]), "\(record.serial) \(record.parameters)")
        }
    }
}
