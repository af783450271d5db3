import Foundation
import XCTest

/// The token commands' tables, for each family, on an 80-column pty against a virtual token on
/// the real PC/SC stack (pcscd + vpcd + `skew emulate`), measured by Python's width table. Piped,
/// the same commands keep their long lines.
final class TokenTableWidthTests: TokenStackTestCase {
    private var scratch: TemporaryFolder!

    override func setUpWithError() throws {
        try super.setUpWithError()
        scratch = try TemporaryFolder("token-width")
    }

    override func tearDown() {
        super.tearDown()
        scratch = nil
    }

    private var history: String { scratch.url.appendingPathComponent("history.sqlite").path }

    /// Runs each command on the pty and into a pipe; `expected` must show on the screen.
    private func assertFits(_ commands: [(arguments: [String], expected: String)]) throws {
        for (arguments, expected) in commands {
            let all = arguments + ["-r", TokenHarness.reader]
            let screen = try TerminalRun.run(all, columns: 80, exitStatus: nil, scratch: scratch.url)
            XCTAssertLessThanOrEqual(screen.widest, 80, screen.text)
            XCTAssertTrue(screen.text.contains(expected), "\(arguments): \(screen.text)")
            let piped = try SkewProcess.run(all)
            XCTAssertTrue(piped.stdout.contains(expected), piped.stdout + piped.stderr)
        }
    }

    /// A seed file in the scratch folder (secrets come from files, never the command line).
    private func write(_ text: String, to name: String) throws -> String {
        let path = scratch.url.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testToken2InfoSyncBurnAndAuditFit() throws {
        emulator = try EmulatorProcess(["--model", "C302-i", "--serial", "8659632123456789", "--offset", "-12.5"])
        let seed = try write("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", to: "burn.b32")
        try assertFits([(["token", "info"], "8659632123456789"),
                        (["sync", "--history", history], "8659632123456789"),
                        (["burn", "-s", seed, "--history", history], "8659632123456789"),
                        (["token", "audit"], "8659632123456789")])
    }

    func testProtectimusInfoSyncAndAuditFit() throws {
        let seed = scratch.url.appendingPathComponent("slim.b32")
        try "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ".write(to: seed, atomically: true, encoding: .utf8)
        emulator = try EmulatorProcess(["--family", "protectimus", "--seed-file", seed.path, "--offset", "-12.5"])
        try assertFits([(["token", "info"], "Protectimus"),
                        (["sync", "--family", "protectimus", "-s", seed.path, "--history", history], "Protectimus"),
                        (["token", "audit", "--family", "protectimus"], "Protectimus")])
    }

    /// A Molto2 lists all 100 profiles in `token info`; its profile sync and burn report each
    /// profile's write; delete and set-key report theirs.
    func testMolto2InfoWritesAndAuditFit() throws {
        emulator = try EmulatorProcess(["--family", "molto2", "--serial", "826658719844499"])
        let key = try write("TOKEN2MOLTO1-KEY\n", to: "key")
        let seed = try write("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", to: "burn.b32")
        try assertFits([(["token", "info"], "826658719844499"),
                        (["sync", "--profile", "3", "--key-file", key, "--history", history], "826658719844499"),
                        (["token", "audit", "--family", "molto2"], "826658719844499")])
        // A burn needs a free profile: profile 5 on the terminal, 6 into the pipe.
        let burn = ["burn", "--title", "Bank", "-s", seed, "--key-file", key, "--history", history, "-r", TokenHarness.reader]
        let screen = try TerminalRun.run(burn + ["--profile", "5"], columns: 80, exitStatus: nil, scratch: scratch.url)
        XCTAssertLessThanOrEqual(screen.widest, 80, screen.text)
        XCTAssertTrue(screen.text.contains("826658719844499"), screen.text)
        let piped = try SkewProcess.run(burn + ["--profile", "6"])
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertTrue(piped.stdout.contains("826658719844499"), piped.stdout)

        // Then a profile deleted (again into the pipe: already empty), and the customer key changed
        // (the virtual button is pressed at once) and changed back.
        let newKey = try write("NEW-MOLTO2-KEY01", to: "new-key")
        try assertFits([(["token", "delete", "--profile", "5", "--key-file", key, "--history", history], "826658719844499")])
        let setKey = ["token", "set-key", "--button-wait", "1", "--history", history, "-r", TokenHarness.reader]
        let changed = try TerminalRun.run(setKey + ["--key-file", key, "--new-key-file", newKey], columns: 80, exitStatus: 0,
                                          scratch: scratch.url)
        XCTAssertLessThanOrEqual(changed.widest, 80, changed.text)
        XCTAssertTrue(changed.text.contains("826658719844499"), changed.text)
        let back = try SkewProcess.run(setKey + ["--key-file", newKey, "--new-key-file", key])
        XCTAssertEqual(back.status, 0, back.stderr)
        XCTAssertTrue(back.stdout.contains("826658719844499"), back.stdout)
    }

    /// A provisioning batch's table (dry run: nothing is written) for a token with a long serial.
    func testProvisionDryRunFits() throws {
        emulator = try EmulatorProcess(["--serial", "8659622123456789"])
        try assertFits([(["provision", "--dry-run", "--count", "1"], "8659622123456789")])
    }
}
