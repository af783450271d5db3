import Foundation
import XCTest

/// `skew --version` against what git, pkg-config and openssl say independently.
final class VersionCLITests: XCTestCase {
    private func tool(_ path: String, _ arguments: [String]) throws -> String {
        try requireTool(path)
        let run = try SkewProcess.run(arguments, executable: URL(fileURLWithPath: path))
        XCTAssertEqual(run.status, 0, run.stderr)
        return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testVersionNamesTheCommitAndTheLibrariesItRunsWith() throws {
        let run = try SkewProcess.run(["--version"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, run.stdout)

        let root = SkewProcess.packageRoot.path
        let commit = try tool("/usr/bin/git", ["-C", root, "rev-parse", "--short=12", "HEAD"])
        XCTAssertTrue(lines[0].hasPrefix("skew 0.12.0 (commit \(commit)"), lines[0])

        let curl = try tool("/usr/bin/pkg-config", ["--modversion", "libcurl"])
        let zbar = try tool("/usr/bin/pkg-config", ["--modversion", "zbar"])
        let pcsc = try tool("/usr/bin/pkg-config", ["--modversion", "libpcsclite"])
        let openssl = try tool("/usr/bin/openssl", ["version"])   // "OpenSSL 3.0.19 27 Jan 2026 (Library: …)"
        let opensslRelease = openssl.split(separator: " ").prefix(2).joined(separator: " ")
        XCTAssertTrue(lines[1].contains("pcsc-lite \(pcsc) (built against)"), lines[1])
        XCTAssertTrue(lines[1].contains("libcurl \(curl),"), lines[1])
        XCTAssertTrue(lines[1].contains("zbar \(zbar),"), lines[1])
        XCTAssertTrue(lines[1].contains(opensslRelease + " "), lines[1])
    }
}
