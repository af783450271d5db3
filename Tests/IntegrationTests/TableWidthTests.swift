import Foundation
import XCTest

/// Terminal tables fit the terminal: each command runs on a real pty 80 columns wide, and Python's
/// own East Asian width table (not skew's) measures every line. The same command into a pipe keeps
/// its long lines whole.
final class TableWidthTests: XCTestCase {
    private var scratch: TemporaryFolder!
    private var folder: URL { scratch.url }

    override func setUpWithError() throws {
        try requireTool("/usr/bin/python3")
        scratch = try TemporaryFolder("width")
    }

    override func tearDown() {
        scratch = nil
    }

    /// Runs skew on an 80-column pty; returns its screen text and the widest line's columns.
    private func onTerminal(_ arguments: [String], stdin: String = "", exitStatus: Int = 0) throws -> (text: String, widest: Int) {
        try TerminalRun.run(arguments, columns: 80, stdin: stdin, exitStatus: exitStatus, scratch: folder)
    }

    private func widestPipedLine(_ arguments: [String], stdin: String = "", exitStatus: Int32 = 0) throws -> Int {
        let run = try SkewProcess.run(arguments, stdin: stdin)
        XCTAssertEqual(run.status, exitStatus, run.stderr)
        return run.stdout.split(separator: "\n").map(\.count).max() ?? 0
    }

    private let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

    func testDiagnoseWrapsItsExplanationsToEightyColumnsAndPipesKeepThemWhole() throws {
        let arguments = ["diagnose", "--secret", "-", "--code", "287082", "--at", "100"]
        let screen = try onTerminal(arguments, stdin: secret)
        XCTAssertLessThanOrEqual(screen.widest, 80, screen.text)
        XCTAssertTrue(screen.text.contains("sync"), "wrapping keeps the words: \(screen.text)")
        XCTAssertGreaterThan(try widestPipedLine(arguments, stdin: secret), 80, "piped output is never cut")
    }

    func testWindowAndLocateFit() throws {
        for (arguments, expected) in [(["window", "--secret", "-", "--at", "1700000000", "--steps", "3"], "921300"),
                                      (["locate", "--secret", "-", "--code", "921300", "--at", "1700000000",
                                        "--range", "10"], "56666666")] {
            let screen = try onTerminal(arguments, stdin: secret)
            XCTAssertLessThanOrEqual(screen.widest, 80, screen.text)
            XCTAssertTrue(screen.text.contains(expected), screen.text)
        }
    }

    /// `probe`'s table (window, behaviours, every attempt) against oathtool as the verifier.
    func testProbeFits() throws {
        try requireTool("/usr/bin/oathtool")
        let secretFile = folder.appendingPathComponent("probe.b32")
        try secret.write(to: secretFile, atomically: true, encoding: .utf8)
        let verifier = folder.appendingPathComponent("verify.sh")
        try """
            #!/bin/sh
            exec /usr/bin/oathtool --totp -b -w 1 "$(cat '\(secretFile.path)')" "$1" >/dev/null 2>&1
            """.write(to: verifier, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: verifier.path)
        let screen = try onTerminal(["probe", "-s", secretFile.path, "--cmd", "\(verifier.path) {code}", "--range", "3",
                                     "--evidence", folder.appendingPathComponent("evidence.jsonl").path])
        XCTAssertLessThanOrEqual(screen.widest, 80, screen.text)
        XCTAssertTrue(screen.text.contains("-1 … +1 steps"), screen.text)
    }

    /// A label in Chinese and Japanese takes two columns a character: the columns still line up
    /// and fit, measured by Python's width table.
    func testWideCharacterLabelsFitAndAlign() throws {
        let label = "張偉のアカウント（経理部）長い説明がここに続きます長い説明がここに続きます"
        let png = folder.appendingPathComponent("cjk.png").path
        let encode = try SkewProcess.run(["qr", "encode", "--secret", "-", "--label", label, "--issuer", "株式会社テスト",
                                          "--png", png], stdin: secret)
        XCTAssertEqual(encode.status, 0, encode.stderr)
        let screen = try onTerminal(["qr", "decode", png])
        XCTAssertLessThanOrEqual(screen.widest, 80, screen.text)
        XCTAssertTrue(screen.text.contains("張偉"), screen.text)
    }

    /// The history tables, the widest the tool prints (fleet with three verifiers has fourteen
    /// columns), on a history of 30 tokens that `skew bench fleet` generates: they fit 80 columns
    /// on a terminal, and piped they keep their full width.
    func testFleetAndDriftTablesFit() throws {
        let history = folder.appendingPathComponent("fleet.sqlite").path
        let build = try SkewProcess.run(["bench", "fleet", "--tokens", "30", "--measurements", "5", "--runs", "1",
                                         "--history", history, "-f", "json"])
        XCTAssertEqual(build.status, 0, build.stderr)
        let fleet = ["fleet", "--history", history, "--verifier", "entra", "--verifier", "okta", "--verifier", "oathtool-w1"]
        for (arguments, status, expected) in [(fleet, 1, "86596220000000"),
                                              (["drift", "history", "--history", history], 0, "86596220000000"),
                                              (["drift", "forecast", "86596220000000", "--history", history,
                                                "--verifier", "entra", "--verifier", "okta"], 1, "entra")] {
            let screen = try onTerminal(arguments, exitStatus: status)
            XCTAssertLessThanOrEqual(screen.widest, 80, screen.text)
            XCTAssertTrue(screen.text.contains(expected), screen.text)
            XCTAssertGreaterThan(try widestPipedLine(arguments, exitStatus: Int32(status)), 80, "piped output is never cut")
        }
    }

    /// `skew clock` against a real chronyd on loopback, once it serves time.
    func testClockFits() throws {
        try requireTool("/usr/sbin/chronyd")
        let server = try ChronyServer(shift: 0.25)
        defer { server.stop() }
        try server.waitForLock(expected: 0.25)
        let arguments = ["clock", "--ntp", "127.0.0.1:\(server.port)", "--samples", "2"]
        let screen = try onTerminal(arguments)
        XCTAssertLessThanOrEqual(screen.widest, 80, screen.text)
        XCTAssertTrue(screen.text.contains("127.0.0.1"), screen.text)
    }
}
