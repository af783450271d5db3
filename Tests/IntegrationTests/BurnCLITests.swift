import Foundation
import XCTest

/// `skew burn` through real pcscd + vpcd against the virtual token (second vpcd slot).
final class BurnCLITests: TokenWriteTestCase {
    private let seed = "JBSWY3DPEHPK3PXP"

    private func burn(_ arguments: [String], secret: String? = nil) throws -> SkewRun {
        try skew(["burn"] + (secret == nil ? [] : ["--secret-env", "SEED"]) + arguments, environment: ["SEED": secret ?? ""])
    }

    func testCodesOnTheTokenEqualSkewWindowAndConfirmCodeIsChecked() throws {
        try startToken(["--serial", "86596010000005", "--offset", "-95.4"])
        let run = try burn(["--format", "json", "--trace"], secret: seed)
        XCTAssertEqual(run.status, 0, run.stderr)
        let report = try json(run)
        XCTAssertEqual(report["model"] as? String, "miniOTP-3-i")
        XCTAssertEqual(report["verified"] as? Bool, true)
        XCTAssertEqual(report["secret_fingerprint"] as? String, "f2e7ae88")
        XCTAssertTrue(run.stderr.contains("writing to 86596010000005 (miniOTP-3-i): SHA1, 30 s step, 6 digits, display 30 s, clock from host, seed fingerprint f2e7ae88 (10 bytes)"), run.stderr)
        XCTAssertEqual(authenticateCount(run), 1)
        XCTAssertFalse(run.stdout.contains(seed) || run.stderr.contains(seed) || run.stderr.contains("48 65 6C 6C"), "no secret in output or trace")

        let window = try windowCodes(secretBase32: seed)
        let expected = try XCTUnwrap(report["expected_codes"] as? [[String: Any]])
        XCTAssertEqual(expected.map { $0["step"] as? String }, ["previous", "current", "next"])
        for code in expected {
            let counter = try XCTUnwrap(code["counter"] as? Int)
            if let fromWindow = window[counter] { XCTAssertEqual(code["code"] as? String, fromWindow, "step \(counter)") }
        }
        let shown = try XCTUnwrap(displayedCode())
        let counter = try Int(Date().timeIntervalSince1970 + stateOffset()) / 30
        XCTAssertEqual(window[counter], shown, "the token shows skew window's current code")
        // The emulator's own display line (its log) shows the code skew window gives for that step.
        let displayed = try XCTUnwrap(emulator?.log.components(separatedBy: "\n").last { $0.contains("  code ") })
        let displayedCode = String(try XCTUnwrap(displayed.components(separatedBy: "  code ").last?.prefix(6)))
        XCTAssertTrue(window.values.contains(displayedCode), "\(displayed) vs \(window)")

        let confirmed = try burn(["--confirm-code", shown, "--no-record", "--format", "json"], secret: seed)
        XCTAssertEqual(confirmed.status, 0, confirmed.stderr)
        let confirmation = try XCTUnwrap(json(confirmed)["confirmation"] as? [String: Any])
        XCTAssertEqual(confirmation["matched"] as? Bool, true)
        XCTAssertTrue([-1, 0].contains(confirmation["offset_steps"] as? Int), "\(confirmation)")

        let wrong = String(format: "%06d", (Int(shown)! + 500_000) % 1_000_000)
        let mismatch = try burn(["--confirm-code", wrong, "--no-record"], secret: seed)
        XCTAssertEqual(mismatch.status, 1, mismatch.stderr)
        XCTAssertTrue(mismatch.stderr.contains("the token shows \(wrong), which is none of the codes within ±2 steps"), mismatch.stderr)
        XCTAssertTrue(mismatch.stdout.contains("does not match any step within ±2"), mismatch.stdout)
    }

    func testConfirmCodeFromStandardInputAfterTheWrite() throws {
        try startToken(["--model", "C302-i"])
        let window = try windowCodes(secretBase32: seed)
        let now = Int(Date().timeIntervalSince1970) / 30
        let run = try skew(["burn", "--secret-env", "SEED", "--confirm-code", "-", "--no-record", "--format", "json"],
                           stdin: (window[now] ?? "") + "\n", environment: ["SEED": seed])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("Type the code the token shows now"), run.stderr)
        XCTAssertEqual((try json(run)["confirmation"] as? [String: Any])?["matched"] as? Bool, true)
    }

    func testWhatTheTokenCannotDoIsRefusedBeforeTouchingIt() throws {
        try startToken(["--serial", "86596220000042"])
        let stateBefore = try Data(contentsOf: URL(fileURLWithPath: statePath))
        let cases: [([String], String?, String)] = [
            (["--algorithm", "sha512"], seed, "SHA512: the token computes only HMAC-SHA1 and HMAC-SHA256"),
            (["--digits", "8"], seed, "8 digits: the token always shows 6 digits"),
            (["--period", "45"], seed, "a 45 s period: the token steps only every 30 or 60 s"),
            (["--hex"], String(repeating: "AB", count: 64), "a 64-byte seed: WRITE SEED carries 1 to 63 bytes"),
            (["--t0", "10"], seed, "T0 10: the token counts steps from the Unix epoch"),
        ]
        for (arguments, secret, reason) in cases {
            let run = try burn(arguments + ["--trace"], secret: secret)
            XCTAssertEqual(run.status, 65, "\(arguments): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("the token cannot do") && run.stderr.contains(reason), run.stderr)
            XCTAssertFalse(run.stderr.contains("trace:"), "\(arguments): refused before any APDU")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: statePath)), stateBefore, "the token never changed")
        let uri = "otpauth://totp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&issuer=Bank&algorithm=SHA256&digits=8&period=60"
        let fromURI = try burn([], secret: uri)
        XCTAssertEqual(fromURI.status, 65)
        XCTAssertTrue(fromURI.stderr.contains("8 digits"), fromURI.stderr)
        let wrongModel = try burn(["--model", "C302-i", "--trace"], secret: seed)
        XCTAssertEqual(wrongModel.status, 65)
        XCTAssertTrue(wrongModel.stderr.contains("the token's serial 86596220000042 says it is a OTPC-P2-i, not a C302-i"), wrongModel.stderr)
        XCTAssertEqual(authenticateCount(wrongModel), 0)
    }

    func testUnknownPrefixNeedsModel() throws {
        try startToken(["--serial", "86596230000001"])
        let refused = try burn(["--trace"], secret: seed)
        XCTAssertEqual(refused.status, 65, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("serial prefix 8659623 is not a known programmable model"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("pass --model NAME if you are sure"), refused.stderr)
        XCTAssertEqual(authenticateCount(refused), 0)
        let withModel = try burn(["--model", "C302-i"], secret: seed)
        XCTAssertEqual(withModel.status, 0, withModel.stderr)
        let report = try json(try burn(["--model", "C302-i", "--no-record", "--format", "json"], secret: seed))
        XCTAssertEqual(report["model"] as? String, "C302-i")
        XCTAssertEqual(report["model_from_serial"] as? Bool, false)
        XCTAssertEqual(report["time_sync_keeps_seed"] as? Bool, false, "unknown prefixes are assumed to wipe")
    }

    func testLockedTokenIsExplainedAfterExactlyOneAuthenticate() throws {
        try writeState(serial: "86596220000042", model: "OTPC-P2-i", restricted: true, seedHex: "3132333435363738393031323334353637383930",
                       offset: 4, locked: true)
        try startToken(["--lockout", "1"])
        let run = try burn(["--trace", "--output", folder.appendingPathComponent("report.json").path], secret: seed)
        XCTAssertEqual(run.status, 77, run.stderr)
        XCTAssertEqual(authenticateCount(run), 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("AUTHENTICATE: the token answered 69 83: it is locked, or it does not use the Token2 single-profile key"), run.stderr)
        XCTAssertTrue(run.stderr.contains("skew does not try again"), run.stderr)
        XCTAssertTrue(run.stderr.contains("state: nothing written: the token is as it was"), run.stderr)
        XCTAssertFalse(run.stderr.contains("[WRITE CONFIG]"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.json").path))
        XCTAssertEqual(try tokenState()["seed_hex"] as? String, "3132333435363738393031323334353637383930")
    }

    /// APDUs before the writes: GET INFO, three more GET INFO for the latency, GET CHALLENGE,
    /// AUTHENTICATE; WRITE CONFIG is the 7th.
    private let apdusBeforeConfig = 6

    func testCardGoneBetweenConfigAndSeedSaysExactlyWhat() throws {
        try writeState(serial: "86596220000042", model: "OTPC-P2-i", restricted: true, seedHex: "3132333435363738393031323334353637383930",
                       offset: 40)
        try startToken(["--drop-after", String(apdusBeforeConfig + 1)])
        let output = folder.appendingPathComponent("report.json").path
        let run = try burn(["--output", output, "--trace"], secret: seed)
        XCTAssertEqual(run.status, 74, run.stderr)
        // Whether pcscd has noticed the token leaving before WRITE SEED goes out is a race: either
        // the command is refused unsent, or it is sent into a closed link and gets no answer.
        // skew must report exactly what it knows in each case.
        let unsent = run.stderr.contains("the token left reader '\(Self.slot.reader)'")
            && run.stderr.contains("state: config written, seed not written: this model now has no seed; run `skew burn` again")
        let unanswered = run.stderr.contains("answered with 0 bytes")
            && run.stderr.contains("state: config written; the seed was sent but not answered: this model holds either no seed or the new one; run `skew burn` again")
        XCTAssertTrue(unsent || unanswered, run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output), "no half-written report")
        XCTAssertNil(try tokenState()["seed_hex"], "the config write erased the seed")
        XCTAssertEqual(try stateOffset(), 0, accuracy: 0.1, "and set the clock")
        XCTAssertEqual(authenticateCount(run), 1)
    }

    func testCardSilentOnSeedOrGoneBeforeConfig() throws {
        try startToken(["--serial", "86596220000042", "--silent-after", String(apdusBeforeConfig + 1)])
        let silent = try burn([], secret: seed)
        XCTAssertEqual(silent.status, 74, silent.stderr)
        XCTAssertTrue(silent.stderr.contains("state: config written; the seed was sent but not answered: this model holds either no seed or the new one; run `skew burn` again"), silent.stderr)
        emulator?.stop()
        try FileManager.default.removeItem(atPath: statePath)
        try startToken(["--serial", "86596220000042", "--offset", "9", "--drop-after", String(apdusBeforeConfig)])
        let gone = try burn([], secret: seed)
        XCTAssertEqual(gone.status, 74, gone.stderr)
        XCTAssertTrue(gone.stderr.contains("state: nothing written: the token is as it was"), gone.stderr)
        XCTAssertEqual(try stateOffset(), 9, accuracy: 0.05)
    }

    func testCardGoneDuringReadBackSaysBothWereWrittenButNotVerified() throws {
        try startToken(["--serial", "86596220000042", "--drop-after", String(apdusBeforeConfig + 2)])
        let run = try burn(["--format", "json"], secret: seed)
        XCTAssertEqual(run.status, 74, run.stderr)
        XCTAssertTrue(run.stderr.contains("state: config and seed written; the clock was not read back, so the write is not verified"), run.stderr)
        XCTAssertTrue(run.stdout.isEmpty, "no report for an unverified write")
        XCTAssertEqual(try tokenState()["seed_hex"] as? String, "48656C6C6F21DEADBEEF")
    }

    func testBlockAlignedSeedGetsTheExtraPaddingBlock() throws {
        try startToken(["--serial", "86596120000003"])
        let hexSeed = String(repeating: "5A", count: 32)
        let run = try burn(["--hex", "--trace", "--no-record", "--format", "json"], secret: hexSeed)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("trace: > 84 C5 01 00 34 "), "32 bytes + a full 80 00… block = 48 bytes of ciphertext: \(run.stderr)")
        XCTAssertEqual(try tokenState()["seed_hex"] as? String, hexSeed)
    }

    func testSeedFromQRPictures() throws {
        try startToken(["--serial", "86596320000004"])
        let folder = SkewProcess.packageRoot.appendingPathComponent("fixtures/qr")
        let plain = try burn(["--qr", folder.appendingPathComponent("plain.png").path, "--no-record", "--format", "json"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertEqual(try json(plain)["secret_fingerprint"] as? String, "f2e7ae88", "the same key as \(seed)")
        XCTAssertEqual(try tokenState()["seed_hex"] as? String, "48656C6C6F21DEADBEEF")

        let migration = folder.appendingPathComponent("migration.png").path
        let ambiguous = try burn(["--qr", migration, "--trace"])
        XCTAssertEqual(ambiguous.status, 65, ambiguous.stderr)
        XCTAssertTrue(ambiguous.stderr.contains("the picture holds 3 accounts: 1. Example: alice@example.com (totp, fingerprint "), ambiguous.stderr)
        XCTAssertTrue(ambiguous.stderr.contains("2. Bank: bob@example.com") && ambiguous.stderr.contains("3. VPN: carol (hotp"), ambiguous.stderr)
        XCTAssertTrue(ambiguous.stderr.contains("pick one with --account N"), ambiguous.stderr)
        XCTAssertFalse(ambiguous.stderr.contains("trace:"))

        let first = try burn(["--qr", migration, "--account", "1", "--no-record", "--format", "json"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(try tokenState()["seed_hex"] as? String, "3132333435363738393031323334353637383930")
        let bank = try burn(["--qr", migration, "--account", "2"])
        XCTAssertEqual(bank.status, 65)
        XCTAssertTrue(bank.stderr.contains("8 digits"), bank.stderr)
        let hotp = try burn(["--qr", migration, "--account", "3"])
        XCTAssertEqual(hotp.status, 65)
        XCTAssertTrue(hotp.stderr.contains("the account is HOTP"), hotp.stderr)
        let outOfRange = try burn(["--qr", migration, "--account", "4"])
        XCTAssertEqual(outOfRange.status, 65)
        XCTAssertTrue(outOfRange.stderr.contains("give a number from 1 to 3"), outOfRange.stderr)
        let notAKey = try burn(["--qr", folder.appendingPathComponent("url.png").path])
        XCTAssertEqual(notAKey.status, 65)
        XCTAssertTrue(notAKey.stderr.contains("the picture holds no authenticator key"), notAKey.stderr)
    }
}
