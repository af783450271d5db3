import Foundation
import XCTest

/// The token page in headless Chromium (Tests/browser, docs/serve.md) on the real stack: `skew
/// serve` and `skew emulate` as processes, pcscd with vpcd. The page is open before the token is put
/// on the reader; what it shows is compared with `skew token info` on the same token and with the
/// offset the emulator was started with, and the emulator's state file says whether anything was written.
final class TokenPageBrowserTests: TokenStackTestCase {
    private var server: ServeProcess?
    private var folder: URL!

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

    /// The emulator's clock runs this far behind the host's; a C302-i keeps its seed on a time
    /// write, so a sync needs no seed.
    private let emulatedOffset = -12.5

    private func runPage(_ check: String) throws -> [String: Any] {
        let state = folder.appendingPathComponent("token.json").path
        let seen = try BrowserRun.run(url: try XCTUnwrap(server).url, check: check, given: [
            "skew": SkewProcess.binary.path, "state": state, "emulate": ["--model", "C302-i", "--offset", String(emulatedOffset)],
        ])
        return seen
    }

    func testATokenAppearsWithItsOffsetAndAPreviewWritesNothing() throws {
        let seen = try runPage("token")
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

/// `skew serve` as a child process on a free port; `url` is the address it printed.
final class ServeProcess {
    let process = Process()
    let url: String
    /// The port and the access token, from the printed address.
    var port: Int { Int(url.split(separator: ":")[2].prefix { $0.isNumber }) ?? 0 }
    var accessToken: String { String(url.split(separator: "=").last ?? "") }

    init(environment: [String: String]) throws {
        process.executableURL = SkewProcess.binary
        process.arguments = ["serve"]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("http://") else {
            process.terminate()
            throw HarnessError(description: "skew serve printed no address: \(text)")
        }
        url = text
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
    }
}

/// One run of Tests/browser/skew_browser.py: headless Chromium through Selenium's venv.
enum BrowserRun {
    static var root: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    static func run(url: String, check: String, given: [String: Any]) throws -> [String: Any] {
        let python = root.appendingPathComponent(".build-selenium/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path), FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") else {
            throw HarnessError(description: "the browser tests need Debian's chromium and chromium-driver and Selenium in .build-selenium: run scripts/install-deps")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skew-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("input.json"), output = folder.appendingPathComponent("output.json")
        try JSONSerialization.data(withJSONObject: [check: given]).write(to: input)
        let screenshots = root.appendingPathComponent(".build/screenshots")
        let run = try SkewProcess.run([root.appendingPathComponent("Tests/browser/skew_browser.py").path, url, input.path, output.path,
                                       screenshots.path, check], timeout: 180, executable: python)
        let results = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any],
                                    "the browser run wrote no results: \(run.stderr)")
        let failures = results["failures"] as? [String: String] ?? [:]
        guard failures.isEmpty else { throw HarnessError(description: "browser check failed: \(failures)") }
        XCTAssertEqual(results["console_errors"] as? [String], [], "the page logged errors (a CSP refusal, a script error)")
        print("screenshots: \(results["screenshots"] ?? [])")
        return try XCTUnwrap((results["checks"] as? [String: Any])?[check] as? [String: Any])
    }
}
