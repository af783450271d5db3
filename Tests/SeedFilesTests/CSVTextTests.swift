@testable import SeedFiles
import OTPCore
import XCTest

final class CSVTextTests: XCTestCase {
    func testQuotedFieldsLineEndsAndByteOrderMark() throws {
        let text = "\u{FEFF}a,\"b,c\",\"say \"\"hi\"\"\"\r\n\r\n\"two\nlines\",x\ny"
        let records = try CSVText.records(text, input: "f")
        XCTAssertEqual(records.map(\.fields), [["a", "b,c", "say \"hi\""], ["two\nlines", "x"], ["y"]])
        XCTAssertEqual(records.map(\.line), [1, 3, 5], "a record's line is where it starts, blank lines counted")
    }

    func testWrittenLinesReadBack() throws {
        let fields = ["plain", "comma,inside", "quote\"inside", "line\nbreak", ""]
        XCTAssertEqual(try CSVText.records(CSVText.line(fields), input: "f").map(\.fields), [fields])
    }

    func testAnUnclosedQuoteIsNamedByLine() {
        XCTAssertThrowsError(try CSVText.records("a,b\n\"open,c\n", input: "f.csv")) { error in
            XCTAssertEqual((error as? InputError)?.input, "f.csv line 2")
        }
    }
}
