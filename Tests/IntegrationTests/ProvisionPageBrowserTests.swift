import Foundation
import OTPCore
import XCTest

/// The provisioning page in headless Chromium on the real stack: `skew serve`, pcscd with vpcd, and
/// one `skew emulate` per token on vpcd's second slot, put on the reader when the page asks for the
/// next token and taken off when it says so. What the tokens hold (their emulators' state files)
/// is checked against the export the page's batch wrote, and the page's tally against what
/// `skew provision --resume` reads from the same journal.
final class ProvisionPageBrowserTests: TokenStackTestCase {
    func testABatchRunFromThePageBurnsTheSeedsItExports() throws {
        let folder = try TemporaryFolder("provision-page")
        let server = try ServeProcess(environment: ["XDG_DATA_HOME": folder.path])
        defer { server.stop() }
        let tokens: [[String: Any]] = [("86596220000101", 3.5), ("86596320000102", -7.25)].map { serial, offset in
            ["serial": serial, "state": folder.file("\(serial).json").path, "offset": offset]
        }
        let serials = tokens.map { $0["serial"] as! String }
        let journal = folder.file("batch.journal").path, csv = folder.file("batch.csv").path
        let results = try ServeBrowser.run(url: server.url, checks: ["provision"], input: ["provision": [
            "skew": SkewProcess.binary.path, "port": TokenHarness.secondSlot.port, "reader": TokenHarness.secondSlot.reader,
            "journal": journal, "exports": ["entra-csv:\(csv)"], "tokens": tokens,
        ]])
        XCTAssertEqual(results["console_errors"] as? [String], [], "the page logged errors (a CSP refusal, a script error)")
        let seen = try XCTUnwrap((results["checks"] as? [String: Any])?["provision"] as? [String: Any])
        XCTAssertEqual(seen["error"] as? String, "")

        // The page asked for each token, then to take it off, then said the batch was finished.
        let prompts = try XCTUnwrap(seen["prompts"] as? [String])
        XCTAssertEqual(prompts, ["Place the next token on \(TokenHarness.secondSlot.reader).", "Take token \(serials[0]) off the reader.",
                                 "Place the next token on \(TokenHarness.secondSlot.reader).", "The batch is finished."])
        let rows = try XCTUnwrap(seen["rows"] as? [[String: String]])
        XCTAssertEqual(rows.map { $0["serial"] }, serials)
        XCTAssertEqual(rows.map { $0["result"] }, ["verified", "verified"])

        // Each token holds the seed the export gives for its serial (the emulator's own record of
        // what was written), and the page showed that seed's fingerprint.
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
        XCTAssertEqual(lines.count, 2, "one export line per token")
        var seeds: Set<[UInt8]> = []
        for line in lines {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let serial = fields[1], seed = try Base32.decode(fields[2])
            seeds.insert(seed)
            let state = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: folder.file("\(serial).json"))) as? [String: Any])
            XCTAssertEqual(state["seed_hex"] as? String, seed.map { String(format: "%02X", $0) }.joined(), "token \(serial) holds its exported seed")
            XCTAssertEqual(rows.first { $0["serial"] == serial }?["fingerprint"], try Secret(bytes: seed).fingerprint)
        }
        // Negative control: the two tokens got different seeds.
        XCTAssertEqual(seeds.count, 2)

        // The journal says what the page said: `skew provision --resume` of the finished batch writes nothing and tallies the same.
        let tally = try XCTUnwrap(seen["tally"] as? [String: Int])
        XCTAssertEqual(tally, ["done": 2, "failed": 0, "remaining": 0])
        let resume = try SkewProcess.run(["provision", "--resume", journal, "--reader", TokenHarness.secondSlot.reader, "-f", "json"])
        XCTAssertEqual(resume.status, 0, resume.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(resume.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(["done": report["done"] as? Int, "failed": report["failed"] as? Int, "remaining": report["remaining"] as? Int], tally)

        // Both writes are in the server's history as syncs.
        for serial in serials {
            let history = try SkewProcess.run(["drift", "history", serial, "-f", "json"], environment: ["XDG_DATA_HOME": folder.path])
            XCTAssertEqual(history.status, 0, history.stderr)
            XCTAssertTrue(history.stdout.contains("\"sync\""), "\(serial)'s write is recorded: \(history.stdout)")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: ServeBrowser.screenshots.appendingPathComponent("provision.png").path))
    }
}
