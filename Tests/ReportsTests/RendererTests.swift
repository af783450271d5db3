import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import OTPCore
import Reports
import TestSupport
import XCTest

final class RendererTests: XCTestCase {
    private func window() throws -> WindowReport {
        let secret = try Secret(bytes: Array("12345678901234567890".utf8))
        return WindowReport(window: CodeWindow(totp: TOTP(secret: secret, parameters: OTPParameters(digits: 8)),
                                               time: 59, radius: 1))
    }

    func testJSONUsesSnakeCaseUTCAndUnixAndNoSecret() throws {
        let json = try Renderer.render(try window(), as: .json)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let reference = try XCTUnwrap(object["reference_time"] as? [String: Any])
        XCTAssertEqual(reference["utc"] as? String, "1970-01-01T00:00:59Z")
        XCTAssertEqual(reference["unix"] as? Double, 59)
        let parameters = try XCTUnwrap(object["parameters"] as? [String: Any])
        XCTAssertEqual((parameters["secret_fingerprint"] as? String)?.count, 8)
        XCTAssertFalse(json.contains("GEZDGNBVGY3TQOJQ"))
        XCTAssertFalse(json.contains("3132333435"))
        let steps = try XCTUnwrap(object["steps"] as? [[String: Any]])
        XCTAssertEqual(steps.map { $0["offset_seconds"] as? Int }, [-30, 0, 30])
    }

    /// JSON carries the domain's numbers as they are; only the terminal table shortens them.
    func testJSONKeepsEveryDigitAndTheTableShortens() throws {
        let secret = try Secret(bytes: Array("12345678901234567890".utf8))
        let window = CodeWindow(totp: TOTP(secret: secret, parameters: OTPParameters()), time: 59.123456789, radius: 0)
        let report = WindowReport(window: window)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try Renderer.json(report).utf8)) as? [String: Any])
        let remaining = try XCTUnwrap(object["remaining_seconds"] as? Double)
        XCTAssertEqual(remaining, window.secondsLeftInCurrentStep, accuracy: 1e-12)
        XCTAssertEqual(remaining, 0.876543211, accuracy: 1e-9, "not cut to milliseconds")
        XCTAssertTrue(Renderer.table(report.table).contains("0.877 s left"), Renderer.table(report.table))
    }

    func testJSONNamesItsSchemaAndTheToolBesideTheReportFields() throws {
        let json = try Renderer.render(try window(), as: .json)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let schema = try XCTUnwrap(object["schema"] as? [String: Any])
        XCTAssertEqual(schema["name"] as? String, "skew.window")
        XCTAssertEqual(schema["version"] as? Int, 2, "window fields renamed in version 2")
        let tool = try XCTUnwrap(object["tool"] as? [String: Any])
        XCTAssertEqual(tool["name"] as? String, "skew")
        XCTAssertEqual(tool["version"] as? String, ToolVersion.version)
        XCTAssertEqual(tool["commit"] as? String, ToolVersion.commit)
        XCTAssertNotNil(object["steps"], "the report's own fields stay at the top level")
        XCTAssertFalse(Renderer.csv(try window().table).contains("skew.window"), "CSV stays the table alone")
    }

    func testTableWrapsTextColumnsToTheWidthAndKeepsNumbersWhole() {
        let table = ReportTable(title: "t", columns: ["n", "explanation"],
                                rows: [["0.123456", String(repeating: "word ", count: 30)]], marked: [0])
        let text = Renderer.table(table, width: 40)
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.allSatisfy { $0.count <= 40 }, text)
        XCTAssertEqual(lines.filter { $0.contains("0.123456") }.count, 1, "the number stays on one line")
        XCTAssertEqual(text.components(separatedBy: "word").count - 1, 30, "wrapping loses no word")
        XCTAssertTrue(lines.contains { $0.hasPrefix("▶ 0.123456") }, text)
        XCTAssertEqual(Renderer.table(table).split(separator: "\n").count, 4, "without a width nothing wraps")
    }

    func testTableTooWideForColumnsBecomesRecords() {
        let columns = (1...12).map { "column\($0)" }
        let table = ReportTable(title: "t", columns: columns, rows: [columns.map { "value of \($0)" }], marked: [0])
        let text = Renderer.table(table, width: 80)
        XCTAssertTrue(text.split(separator: "\n").allSatisfy { $0.count <= 80 }, text)
        XCTAssertTrue(text.contains("▶ [1]"), text)
        XCTAssertTrue(text.contains("  column12  value of column12"), text)
    }

    func testWideCharactersCountTwoColumns() {
        let table = ReportTable(title: "", columns: ["label", "x"], rows: [["張偉", "1"], ["ab", "2"]])
        let lines = Renderer.table(table).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[2], "  張偉   1")
        XCTAssertEqual(lines[3], "  ab     2")
    }

    func testCSVQuotesAndTableMarksCurrentRow() throws {
        let table = ReportTable(title: "t", columns: ["a", "b"], rows: [["1,5", "say \"hi\""], ["x", "y"]], marked: [1])
        XCTAssertEqual(Renderer.csv(table), "a,b\r\n\"1,5\",\"say \"\"hi\"\"\"\r\nx,y\r\n")
        let text = Renderer.table(try window().table)
        let marked = text.split(separator: "\n").filter { $0.hasPrefix("▶") }
        XCTAssertEqual(marked.count, 1)
        XCTAssertTrue(marked[0].contains("94287082"))
    }

    /// A cell a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers.
    func testCSVNeutralisesFormulasButNotNumbers() {
        let cells = ["=HYPERLINK(\"http://x\")", "+cmd", "-3570 s", "@SUM(A1)", "\tx", "-3", "+5", "-1.5e-05", "0.25", "-", "a=b", "-inf", "-0x1p3"]
        let csv = Renderer.csv(ReportTable(title: "", columns: ["=c"], rows: [cells]))
        XCTAssertEqual(csv, "'=c\r\n\"'=HYPERLINK(\"\"http://x\"\")\",'+cmd,'-3570 s,'@SUM(A1),'\tx,-3,+5,-1.5e-05,0.25,'-,a=b,'-inf,'-0x1p3\r\n")
    }

    func testHTMLEscapesAndIsWellFormed() throws {
        let table = ReportTable(title: "<script>", columns: ["a"], rows: [["x & y"]])
        let html = HTMLPage.table(table)
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertTrue(html.contains("x &amp; y"))
        let parser = XMLParser(data: Data(html.replacingOccurrences(of: "<!DOCTYPE html>", with: "").utf8))
        XCTAssertTrue(parser.parse(), "the page parses as XML: \(String(describing: parser.parserError))")
    }

    /// The terminal shows a measurement to the microsecond; CSV keeps every digit.
    func testTableShortensLongDecimalsAndCSVKeepsThem() {
        let table = ReportTable(title: "t", summary: [], columns: ["offset_s", "uncertainty_s", "code", "unix", "note", "fingerprint", "p"],
                                rows: [["2.500036315300715", "1.6295909881591797e-05", "000123", "1795954385.611", "v1.2345678", "12345e12",
                                        "3.2456789e-09"]],
                                notes: [])
        let text = Renderer.table(table)
        XCTAssertTrue(text.contains("3.25e-09"), "a tiny probability keeps its significant digits: \(text)")
        XCTAssertTrue(text.contains("2.500036 "), text)
        XCTAssertTrue(text.contains("0.000016 "), text)
        XCTAssertTrue(text.contains("000123 "), "codes keep their leading zeros")
        XCTAssertTrue(text.contains("1795954385.611 "), "three decimals stay as they are")
        XCTAssertTrue(text.contains("v1.2345678 "), "text that only contains a number is left alone")
        XCTAssertTrue(text.contains("12345e12"), "a hex fingerprint that parses as a number is left alone")
        XCTAssertTrue(Renderer.csv(table).contains("2.500036315300715,1.6295909881591797e-05,"))
    }

    func testFormatFromFileName() {
        XCTAssertEqual(ReportFormat(fileName: "a/b.JSON"), .json)
        XCTAssertEqual(ReportFormat(fileName: "x.csv"), .csv)
        XCTAssertEqual(ReportFormat(fileName: "x.html"), .html)
        XCTAssertNil(ReportFormat(fileName: "x"))
    }
}
