import Diagnose
import Foundation
import Serve
import XCTest

/// `skew serve`'s window and diagnose pages in a real browser (headless Chromium through Selenium,
/// one browser for every check): each page loads, the countdown moves, the table moves by itself at
/// a step boundary, a pasted seed shows the codes `skew window` prints for the same input (and
/// oathtool computes), the seed panel marks the truncation bytes `skew seed show` names, an
/// uploaded QR picture gives its key, and the diagnose page says what `skew diagnose` says.
/// Screenshots of each page land in `.build/screenshots/`.
final class ServeBrowserTests: XCTestCase {
    private let hexSeed = "3132333435363738393031323334353637383930313233343536373839303132"
    private let diagnoseSeed = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    private let diagnoseTime = 1_767_601_800  // 2026-01-05T08:30:00Z

    func testThePagesShowWhatTheCLIPrints() throws {
        let folder = try TemporaryFolder("serve-browser")
        let hexFile = URL(fileURLWithPath: try folder.write("seed.hex", hexSeed))
        let base32File = URL(fileURLWithPath: try folder.write("seed.b32", diagnoseSeed))
        let rightCode = try code(base32File, at: diagnoseTime)
        let aheadCode = try code(base32File, at: diagnoseTime + 90)

        let server = try ServeProcess()
        defer { server.stop() }
        let results = try ServeBrowser.run(url: server.url, checks: ["window", "window_live", "window_qr_upload", "window_bad_seed", "diagnose"], input: [
            "window": ["seed": hexSeed, "encoding": "hex", "algorithm": "SHA256", "digits": 8, "period": 60, "steps": 3,
                       "issuer": "Example", "account": "alice@example.com", "entra_digits": 6],
            "window_live": ["seed": diagnoseSeed, "period": 1],
            "window_qr_upload": ["picture": Fixtures.url("qr/plain.png").path],
            "window_bad_seed": ["seed": "JBSWY3DPEH1K3PXP"],
            "diagnose": ["cases": [
                ["name": "right", "seed": diagnoseSeed, "code": rightCode, "at": "2026-01-05T08:30:00Z"],
                ["name": "ahead", "seed": diagnoseSeed, "code": aheadCode, "at": "2026-01-05T08:30:00Z"],
            ]],
        ])
        let checks = try XCTUnwrap(results["checks"] as? [String: [String: Any]])
        XCTAssertEqual(results["console_errors"] as? [String], [], "the browser reported errors (a CSP refusal, a script error)")

        // Window: every row's code equals skew window's and oathtool's for that step.
        let window = try XCTUnwrap(checks["window"])
        let rows = try XCTUnwrap(window["rows"] as? [[String: Any]])
        XCTAssertEqual(rows.count, 7)
        let current = try XCTUnwrap(rows.first { $0["current"] as? Bool == true })
        let currentCounter = try XCTUnwrap(current["counter"] as? Int)
        // The page's "now" is this computer's: the current step is the one the clock is in.
        let readAt = try XCTUnwrap(window["read_at"] as? Double)
        XCTAssertLessThanOrEqual(abs(currentCounter - Int((readAt / 60).rounded(.down))), 1)
        let cli = try SkewProcess.run(["window", "--secret-file", hexFile.path, "--hex", "--algorithm", "sha256", "--digits", "8",
                                       "--period", "60", "--at", String(currentCounter * 60), "-w", "3", "-f", "json"])
        XCTAssertEqual(cli.status, 0, cli.stderr)
        let cliSteps = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? [String: Any])?["steps"] as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["counter"] as? Int }, cliSteps.map { $0["counter"] as? Int })
        XCTAssertEqual(rows.map { $0["code"] as? String }, cliSteps.map { $0["code"] as? String })
        XCTAssertEqual(rows.map { $0["direction"] as? String }, cliSteps.map { $0["direction"] as? String })
        for row in rows {
            let counter = try XCTUnwrap(row["counter"] as? Int)
            XCTAssertEqual(row["code"] as? String, try SeedConsumers.oathtoolCode(hexSeed: hexSeed, algorithm: "SHA256", digits: 8, period: 60, at: counter * 60))
        }
        XCTAssertEqual(window["current_code"] as? String, current["code"] as? String)
        // Printed, not asserted: speed is skew bench serve's to measure.
        print("window page load in Chromium (Navigation Timing): \(window["load_ms"] ?? "?") ms")
        XCTAssertEqual(window["parameters"] as? String, "SHA256, 8 digits, 60 s step, T0 0 · fingerprint \(try fingerprint(hexFile))")
        let countdown = try XCTUnwrap(window["countdown"] as? [Double])
        XCTAssertTrue(countdown[1] < countdown[0] || countdown[0] < 1.5, "the countdown did not move: \(countdown)")
        XCTAssertEqual(window["seed_hex"] as? String, hexSeed.uppercased())

        // The seed panel marks the four bytes skew seed show names, for each hash.
        let show = try SkewProcess.run(["seed", "show", "--secret-file", hexFile.path, "--hex", "--period", "60", "--digits", "8",
                                        "--at", String(currentCounter * 60), "--show-secrets", "-f", "json"])
        XCTAssertEqual(show.status, 0, show.stderr)
        let hashes = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])?["hashes"] as? [[String: Any]])
        XCTAssertEqual(window["marked"] as? [String], hashes.map { $0["truncation_bytes"] as? String ?? "" })
        XCTAssertEqual(window["counter"] as? String, "\(currentCounter) = 0x" + String(format: "%016llX", UInt64(currentCounter)))

        // The QR code's URI is complete; with six digits, Entra's CSV refuses SHA-256 and Graph JSON carries it.
        XCTAssertEqual(window["qr_uri"] as? String,
                       "otpauth://totp/Example:alice@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&issuer=Example&algorithm=SHA256&digits=8&period=60")
        XCTAssertEqual(window["qr_loaded"] as? Bool, true)
        XCTAssertTrue(window["entra_csv"] is NSNull || window["entra_csv"] == nil)
        XCTAssertTrue((window["entra_json"] as? String ?? "").contains("\"hashFunction\" : \"hmacsha256\""))

        // Live: the table moved to the next step by itself.
        let live = try XCTUnwrap(checks["window_live"])
        let counters = try XCTUnwrap(live["counters"] as? [Int])
        XCTAssertGreaterThan(counters[1], counters[0])

        // The uploaded picture's key (fixtures/qr/make-fixtures.sh: alice).
        let upload = try XCTUnwrap(checks["window_qr_upload"])
        XCTAssertEqual(upload["seed"] as? String,
                       "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example&algorithm=SHA1&digits=6&period=30")

        // A seed with a character base32 lacks: the same words as the CLI's error, and no table.
        let bad = try XCTUnwrap(checks["window_bad_seed"])
        XCTAssertEqual(bad["table_shown"] as? Bool, false)
        let cliBad = try SkewProcess.run(["window", "--secret-env", "SEED"], environment: ["SEED": "JBSWY3DPEH1K3PXP"])
        XCTAssertEqual(cliBad.status, 65)
        let problem = try XCTUnwrap((bad["error"] as? String)?.components(separatedBy: ": ").dropFirst().first?.components(separatedBy: ".").first)
        XCTAssertTrue(cliBad.stderr.contains(problem), "page: \(bad["error"] ?? "") CLI: \(cliBad.stderr)")

        // Diagnose: the right code is no problem; a code 3 steps ahead is the clock, as skew diagnose says.
        let cases = try XCTUnwrap(checks["diagnose"]?["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 2)
        XCTAssertEqual(cases.first?["verdict"] as? String, "No problem found")
        let cliDiagnosis = try SkewProcess.run(["diagnose", "--secret-file", base32File.path, "--code", aheadCode,
                                                "--at", "2026-01-05T08:30:00Z", "-f", "json"])
        let cliReport = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(cliDiagnosis.stdout.utf8)) as? [String: Any])
        let cliFirst = try XCTUnwrap((cliReport["explanations"] as? [[String: Any]])?.first?["summary"] as? String)
        XCTAssertEqual(cases.last?["first"] as? String, "1. \(cliFirst)")
        XCTAssertNotEqual(cases.last?["verdict"] as? String, "No problem found")
        // The advice is the CLI's, its remedy worded for the page instead of as an option.
        let cliAdvice = try XCTUnwrap(cliReport["advice"] as? String, "a lone code 3 steps ahead asks for another")
        let cliRemedy = " (another --code)"
        XCTAssertTrue(cliAdvice.hasSuffix(cliRemedy), cliAdvice)
        XCTAssertEqual(cases.last?["advice"] as? String,
                       Guidance(String(cliAdvice.dropLast(cliRemedy.count)), remedy: .addNextCode).pageText)

        for name in ["window", "window-entra", "diagnose-right", "diagnose-ahead"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: ServeBrowser.screenshots.appendingPathComponent("\(name).png").path), name)
        }
    }

    /// skew window's current code at `time` for a base32 seed file.
    private func code(_ file: URL, at time: Int) throws -> String {
        let run = try SkewProcess.run(["window", "--secret-file", file.path, "--at", String(time), "-w", "0", "-f", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let steps = (try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])?["steps"] as? [[String: Any]]
        return try XCTUnwrap(steps?.first?["code"] as? String)
    }

    private func fingerprint(_ hexFile: URL) throws -> String {
        let run = try SkewProcess.run(["window", "--secret-file", hexFile.path, "--hex", "-w", "0", "-f", "json"])
        let parameters = (try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])?["parameters"] as? [String: Any]
        return try XCTUnwrap(parameters?["secret_fingerprint"] as? String)
    }
}
