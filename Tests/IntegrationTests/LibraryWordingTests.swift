import Foundation
import TestSupport
import XCTest

/// Library modules state facts and typed remedies; only the CLI (`Sources/skew`) names its options
/// and commands, so that `skew serve` and other front ends can word the same remedies their own
/// way. This reads every string literal in the library sources and fails on a `--option` or a
/// `skew COMMAND` in one.
final class LibraryWordingTests: XCTestCase {
    /// A string literal on one line (the library has no multi-line literals with words in them).
    private let literal = try! NSRegularExpression(pattern: #""(?:[^"\\\n]|\\.)*""#)
    /// An option (`--range`), not a decrement or a dash line.
    private let option = try! NSRegularExpression(pattern: #"(?<![\w-])--[a-z][a-z0-9-]*"#)
    /// A `skew` command, as opposed to the name skew in a sentence ("skew did not try again").
    private let command = try! NSRegularExpression(
        pattern: #"\bskew (?:sync|burn|token|locate|probe|drift|fleet|window|diagnose|seed|provision|emulate|clock|qr|history|bench|serve)\b"#)

    /// Each library source file (relative to Sources/) with the options and commands its literals name.
    private func namedInLiterals(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("//") { return [] }
            let line = String(line)
            return literal.matches(in: line, range: NSRange(line.startIndex..., in: line)).flatMap { match -> [String] in
                let quoted = String(line[Range(match.range, in: line)!])
                return [option, command].flatMap { pattern in
                    pattern.matches(in: quoted, range: NSRange(quoted.startIndex..., in: quoted)).map { String(quoted[Range($0.range, in: quoted)!]) }
                }
            }
        }
    }

    private func librarySources() throws -> [String: String] {
        let sources = SkewProcess.packageRoot.appendingPathComponent("Sources")
        var files: [String: String] = [:]
        for module in try FileManager.default.contentsOfDirectory(atPath: sources.path)
        where !["skew", "skew-fuzz"].contains(module) && !module.hasPrefix("C") {
            let folder = sources.appendingPathComponent(module)
            let paths = try XCTUnwrap(FileManager.default.enumerator(atPath: folder.path), "cannot list \(folder.path)")
            for case let path as String in paths where path.hasSuffix(".swift") {
                files["\(module)/\(path)"] = try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
            }
        }
        return files
    }

    func testLibraryStringsNameNoOptionOrCommand() throws {
        let files = try librarySources()
        XCTAssertGreaterThan(files.count, 100, "the scan found the library's sources")
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            let named = namedInLiterals(text)
            XCTAssertEqual(named, [], "\(path) names \(named) in its strings: state facts and a typed remedy, and let the CLI word it")
        }
    }

    /// The scanner itself: it finds options and commands in literals, and nothing in comments,
    /// in decrements or in the name skew used in a sentence.
    func testTheScanFindsWhatItShould() {
        XCTAssertEqual(namedInLiterals(#"let a = "Fix: pass --allow-time-write, then run `skew sync`""#), ["--allow-time-write", "skew sync"])
        XCTAssertEqual(namedInLiterals(#"let b = "skew did not try again"; i -= 1; x--"#), [])
        XCTAssertEqual(namedInLiterals(#"    // "--range" in a comment"#), [])
        XCTAssertEqual(namedInLiterals(#"let c = "----- a line"; let d = "a \"quoted --code\" text""#), ["--code"])
    }
}
