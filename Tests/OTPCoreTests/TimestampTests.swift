import OTPCore
import XCTest

/// ISO 8601 times against Python's datetime (fixtures/time/iso8601.json), which uses the proleptic
/// Gregorian calendar for every year, and the offsets ISO 8601 does not have.
final class TimestampTests: XCTestCase {
    func testParsingAndPrintingAgreeWithPythonInEveryYear() throws {
        let fixture = try Fixtures.json("time/iso8601.json")
        let cases = try XCTUnwrap(fixture["seconds"] as? [[String: Any]])
        XCTAssertGreaterThan(cases.count, 200)
        for entry in cases {
            let unix = try XCTUnwrap(entry["unix"] as? Int), utc = try XCTUnwrap(entry["utc"] as? String)
            XCTAssertEqual(try Timestamp.parse(utc), Double(unix), utc)
            XCTAssertEqual(Timestamp.iso(Double(unix)), utc)
            XCTAssertEqual(Timestamp.iso(Double(unix) + 0.75), utc, "a fraction is cut, not rounded")
            if let local = entry["with_offset"] as? String {
                XCTAssertEqual(try Timestamp.parse(local), Double(unix), local)
            }
        }
        let milliseconds = try XCTUnwrap(fixture["milliseconds"] as? [[String: Any]])
        for entry in milliseconds {
            let value = try XCTUnwrap(entry["milliseconds"] as? Int), utc = try XCTUnwrap(entry["utc"] as? String)
            XCTAssertEqual(Timestamp.isoMilliseconds(Double(value) / 1000), utc)
            XCTAssertEqual(try Timestamp.parse(utc), Double(value) / 1000, accuracy: 1e-3, utc)
        }
    }

    /// The calendar change of 1582 is not ISO 8601's: 4 October 1582 is followed by the 5th.
    func testDatesBeforeFifteenFifteenEightyTwoAreGregorian() throws {
        XCTAssertEqual(try Timestamp.parse("0001-01-01T00:00:00Z"), -62_135_596_800)
        XCTAssertEqual(try Timestamp.parse("1582-10-05T00:00:00Z") - Timestamp.parse("1582-10-04T00:00:00Z"), 86_400)
        XCTAssertEqual(Timestamp.iso(-12_219_724_800), "1582-10-10T00:00:00Z")
        // Before year 1 the year takes a sign (year 0 is 1 BC), as expanded ISO 8601 years do.
        XCTAssertEqual(Timestamp.iso(-62_135_596_801), "0000-12-31T23:59:59Z")
        XCTAssertEqual(Timestamp.iso(-Timestamp.latest), "-6060-01-02T00:00:01Z")
    }

    func testOffsetsOutsideISO8601AreRefused() {
        for offset in ["+24:00", "+25:00", "+30:00", "+05:60", "+99:99", "-24:00", "+2400", "-0560"] {
            let text = "2025-01-01T00:00:00" + offset
            XCTAssertThrowsError(try Timestamp.parse(text), text) { error in
                let error = error as! InputError
                XCTAssertTrue(error.problem.contains("not a UTC offset"), "\(error)")
                XCTAssertTrue(error.fix.contains("-23:59 to +23:59"), "\(error)")
            }
        }
        XCTAssertEqual(try Timestamp.parse("2025-01-01T00:00:00+23:59"), 1_735_689_600 - 86_340)
        XCTAssertEqual(try Timestamp.parse("2025-01-01T00:00:00-2359"), 1_735_689_600 + 86_340)
        XCTAssertEqual(try Timestamp.parse("2016-12-31T23:59:60Z"), 1_483_228_800, "a leap second is the next minute's first")
    }
}
