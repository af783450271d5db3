import Foundation
import History
import XCTest

/// The token page in headless Chromium (Tests/browser, docs/serve.md) on the real stack: `skew
/// serve` and `skew emulate` as processes, pcscd with vpcd. The page is open before the token is put
/// on the reader; what it shows is compared with `skew token info` on the same token and with the
/// offset the emulator was started with, and the emulator's state file says whether anything was written.
final class TokenPageBrowserTests: ServedTokenTestCase {
    /// The emulator's clock runs this far behind the host's; a C302-i keeps its seed on a time
    /// write, so a sync needs no seed.
    private let emulatedOffset = -12.5

    private func runPage(_ check: String) throws -> [String: Any] {
        let state = folder.appendingPathComponent("token.json").path
        let results = try ServeBrowser.run(url: try XCTUnwrap(server).url, checks: [check], input: [check: [
            "skew": SkewProcess.binary.path, "state": state, "emulate": ["--model", "C302-i", "--offset", String(emulatedOffset)],
        ]])
        XCTAssertEqual(results["console_errors"] as? [String], [], "the page logged errors (a CSP refusal, a script error)")
        return try XCTUnwrap((results["checks"] as? [String: Any])?[check] as? [String: Any])
    }

    func testATokenAppearsWithItsOffsetAndAPreviewWritesNothing() throws {
        // A history for the token: three measurements a day apart, drifting +1 s a day.
        let history = try SQLiteHistoryStore(path: folder.appendingPathComponent("skew/history.sqlite").path)
        let now = Date().timeIntervalSince1970
        for day in 0..<3 {
            try history.record(HistoryEvent(token: "86596320000001", kind: .measurement, time: now - Double(2 - day) * 86_400,
                                            offset: -14.5 + Double(day), uncertainty: 0.001, reference: "host", method: "get-info-edge"))
        }
        let seen = try runPage("token")
        let forecast = try SkewProcess.run(["drift", "forecast", "86596320000001", "--window", "30", "-f", "json"],
                                           environment: ["XDG_DATA_HOME": folder.path])
        let cliDrift = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(forecast.stdout.utf8)) as? [String: Any], forecast.stderr)
        let ppm = try XCTUnwrap((cliDrift["fit"] as? [String: Any])?["ppm"] as? Double)
        let summary = try XCTUnwrap(seen["history_summary"] as? String)
        XCTAssertTrue(summary.hasPrefix("3 event(s) for 86596320000001"), summary)
        XCTAssertTrue(summary.contains("Drift since the last sync: \(String(format: "%.2f", ppm)) ± "), "page: \(summary); CLI ppm \(ppm)")
        XCTAssertTrue(summary.contains("Against a ±30 s window"), summary)
        XCTAssertEqual(seen["token_shown_before"] as? Bool, false, "no token before the emulator started")
        XCTAssertEqual(seen["cards_before"] as? [String], ["absent", "absent"])
        XCTAssertEqual(seen["cards_with_token"] as? [String], ["present", "absent"])
        let page = try XCTUnwrap(seen["page"] as? [String: Any])
        let cli = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try XCTUnwrap(seen["cli_info"] as? String).utf8)) as? [String: Any],
                                "skew token info -f json answered: \(seen["cli_info"] ?? "nothing")")
        XCTAssertEqual(page["reader"] as? String, TokenHarness.reader)
        XCTAssertEqual(page["family"] as? String, cli["family"] as? String)
        XCTAssertEqual(page["serial"] as? String, cli["serial"] as? String)
        XCTAssertEqual(page["model"] as? String, cli["model"] as? String)
        // The live offset against the CLI's (whole-second clock, ± its uncertainty) and against the
        // offset the emulator was started with (independent of both).
        let offset = try XCTUnwrap(page["offset_seconds"] as? Double)
        let uncertainty = try XCTUnwrap(page["uncertainty_seconds"] as? Double)
        let cliOffset = try XCTUnwrap(cli["offset_seconds"] as? Double)
        let cliUncertainty = try XCTUnwrap(cli["uncertainty_seconds"] as? Double)
        XCTAssertLessThanOrEqual(abs(offset - cliOffset), uncertainty + cliUncertainty, "page \(offset) ± \(uncertainty), CLI \(cliOffset) ± \(cliUncertainty)")
        XCTAssertEqual(offset, emulatedOffset, accuracy: 0.05, "the emulator runs \(emulatedOffset) s off")
        XCTAssertLessThan(uncertainty, 0.05, "a live measurement is good to milliseconds")
        XCTAssertGreaterThanOrEqual(page["measurements"] as? Int ?? 0, 2)
        XCTAssertFalse((seen["audit"] as? [String] ?? []).isEmpty, "the audit's findings are on the page")
        XCTAssertEqual(seen["token_shown_after"] as? Bool, false, "the token leaves the page when the emulator stops")

        // The preview is the dry run; it wrote nothing.
        let dryRun = try XCTUnwrap(seen["dry_run"] as? String)
        XCTAssertTrue(dryRun.contains("WRITE CONFIG") || dryRun.lowercased().contains("write"), "the dry run lists the write: \(dryRun)")
        XCTAssertEqual(seen["key_field_shown"] as? Bool, false, "a Token2 sync asks for no key")
        XCTAssertNotNil(seen["state_before_preview"] as? String, "the emulator keeps its state in the file from the start")
        XCTAssertEqual(seen["state_after_preview"] as? String, seen["state_before_preview"] as? String,
                       "the emulator's state changed although nothing was confirmed")
    }

    func testAConfirmedSyncIsWrittenVerifiedAndRecorded() throws {
        let seen = try runPage("token_sync")
        let outcome = try XCTUnwrap(seen["outcome"] as? String)
        XCTAssertTrue(outcome.hasPrefix("Written and verified"), outcome)
        // Positive control for the preview test: a confirmed write does change the emulator's state.
        XCTAssertNotEqual(seen["state_after_confirm"] as? String, seen["state_after_preview"] as? String)
        let history = try SkewProcess.run(["drift", "history", try XCTUnwrap((seen["page"] as? [String: Any])?["serial"] as? String),
                                           "-f", "json"], environment: ["XDG_DATA_HOME": folder.path])
        XCTAssertEqual(history.status, 0, history.stderr)
        XCTAssertTrue(history.stdout.contains("\"sync\""), "the sync is in the history: \(history.stdout)")
    }
}

/// Base for token page tests: the token stack (pcscd, vpcd, the test's emulator), a folder of the
/// test's own for the emulator's state and the history (`XDG_DATA_HOME`), and `skew serve` using it.
class ServedTokenTestCase: TokenStackTestCase {
    var server: ServeProcess?
    var folder: URL!

    override func setUpWithError() throws {
        try super.setUpWithError()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("skew-token-page-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        server = try ServeProcess(environment: ["XDG_DATA_HOME": folder.path])
    }

    override func tearDown() {
        server?.stop()
        try? FileManager.default.removeItem(at: folder)
        super.tearDown()
    }
}
