import OTPCore
import ProbeVerifiers
import XCTest

/// `--cmd` and `--reset-cmd` are split like a shell would, but never run through one.
final class CommandLineWordsTests: XCTestCase {
    func testQuotesAndEscapes() throws {
        XCTAssertEqual(try CommandLineWords.split(#"check --user 'a b' "c \"d\"" e\ f {code}"#, input: "--cmd"),
                       ["check", "--user", "a b", #"c "d""#, "e f", "{code}"])
        XCTAssertEqual(try CommandLineWords.split("  spaced   out  ''", input: "--cmd"), ["spaced", "out", ""])
        XCTAssertEqual(try CommandLineWords.split("echo $HOME;rm", input: "--cmd"), ["echo", "$HOME;rm"], "nothing is expanded")
    }

    func testUnclosedQuoteAndEmptyCommandAreErrors() {
        XCTAssertThrowsError(try CommandLineWords.split("check 'open", input: "--reset-cmd")) { error in
            XCTAssertEqual((error as? InputError)?.fix, "close every quote, as in --reset-cmd 'check {code}'", "the example names the input it was given")
        }
        XCTAssertThrowsError(try CommandLineWords.split("   ", input: "--reset-cmd")) { error in
            XCTAssertTrue("\(error)".hasPrefix("--reset-cmd:"))
        }
    }
}
