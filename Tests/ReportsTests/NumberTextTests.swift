@testable import Reports
import XCTest

/// Numbers in terminal summaries: fixed decimals without locale, and a measurement with as many
/// decimals as its uncertainty deserves.
final class NumberTextTests: XCTestCase {
    func testFixedDecimals() {
        XCTAssertEqual(String(format3: 2.5), "2.500")
        XCTAssertEqual(String(format3: -0.0004), "0.000", "rounds to zero without a minus sign")
        XCTAssertEqual(String(format3: -1.2345), "-1.235", "half away from zero")
        XCTAssertEqual(String(3600.5, decimals: 0), "3601")
        XCTAssertEqual(String(-86400.000001, decimals: 6), "-86400.000001")
        XCTAssertEqual(String(Double.infinity, decimals: 3), "inf")
        XCTAssertEqual(String(Double.nan, decimals: 3), "nan")
    }

    func testMeasurementShowsTwoSignificantDigitsOfItsUncertainty() {
        XCTAssertEqual(String(2.500036315, plusMinus: 0.000162959), "2.50004 ± 0.00016")
        XCTAssertEqual(String(2.181, plusMinus: 0.5), "2.181 ± 0.500")
        XCTAssertEqual(String(-0.75012, plusMinus: 0.0031), "-0.7501 ± 0.0031")
        XCTAssertEqual(String(0.25, plusMinus: 0.0123), "0.250 ± 0.012")
        XCTAssertEqual(String(1.0, plusMinus: 0), "1.000 ± 0.000", "an exact value keeps three decimals")
        XCTAssertEqual(String(1.0, plusMinus: 1e-9), "1.000000 ± 0.000000", "six decimals at most")
    }
}
