import Foundation
import Serve
import XCTest

/// The token page's sync and audit endpoints without a browser, on the real stack (`skew serve`, pcscd with
/// vpcd, `skew emulate --state`): only a confirmation of a fresh preview of the same token writes,
/// and only once. The emulator's state file is the independent witness of what was written.
final class TokenPageEndpointTests: ServedTokenTestCase {
    private var state: String { folder.appendingPathComponent("token.json").path }

    private func post(_ path: String, _ body: [String: Any]) throws -> (status: Int, json: [String: Any]) {
        let server = try XCTUnwrap(server)
        let answer = try LoopbackConnection(port: server.port, timeoutSeconds: 30).request(
            "POST", path, host: "127.0.0.1:\(server.port)",
            headers: ["Authorization": "Bearer \(server.url.components(separatedBy: "token=").last ?? "")", "Content-Type": "application/json"],
            body: Array(try JSONSerialization.data(withJSONObject: body)))
        return (answer.status, try XCTUnwrap(JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any], answer.text))
    }

    private func stateText() throws -> String { try String(contentsOfFile: state, encoding: .utf8) }

    private func startToken(serial: String) throws {
        emulator = try EmulatorProcess(["--model", "C302-i", "--serial", serial, "--offset", "-7.25", "--state", state])
    }

    func testAConfirmationWritesOnceAndOnlyForItsPreview() throws {
        try startToken(serial: "86596320000001")
        let before = try stateText()
        let unknown = try post("/api/token/sync/confirm", ["preview_id": "not-a-preview"])
        XCTAssertEqual(unknown.status, 400)
        XCTAssertTrue("\(unknown.json)".contains("preview"), "\(unknown.json)")
        let preview = try post("/api/token/sync/preview", ["reader": TokenHarness.reader])
        XCTAssertEqual(preview.status, 200, "\(preview.json)")
        XCTAssertEqual(preview.json["serial"] as? String, "86596320000001")
        XCTAssertEqual(preview.json["needs_key"] as? Bool, false)
        XCTAssertTrue((preview.json["dry_run"] as? [String] ?? []).contains { $0.contains("[WRITE CONFIG]") }, "\(preview.json)")
        XCTAssertEqual(try stateText(), before, "a refused confirmation or a preview wrote to the token")

        let id = try XCTUnwrap(preview.json["preview_id"] as? String)
        let written = try post("/api/token/sync/confirm", ["preview_id": id])
        XCTAssertEqual(written.status, 200, "\(written.json)")
        XCTAssertEqual(written.json["verified"] as? Bool, true)
        XCTAssertEqual(written.json["readback_offset_seconds"] as? Double ?? 99, 0, accuracy: 0.05, "the clock was set right: \(written.json)")
        XCTAssertNotEqual(try stateText(), before, "the confirmed sync reached the token")
        let after = try stateText()
        let again = try post("/api/token/sync/confirm", ["preview_id": id])
        XCTAssertEqual(again.status, 400, "a preview confirms one write: \(again.json)")
        XCTAssertEqual(try stateText(), after)
    }

    func testAPreviewOfAnotherTokenWritesNothing() throws {
        try startToken(serial: "86596320000001")
        let preview = try post("/api/token/sync/preview", ["reader": TokenHarness.reader])
        let id = try XCTUnwrap(preview.json["preview_id"] as? String, "\(preview.json)")
        emulator?.stop()
        try FileManager.default.removeItem(atPath: state)
        try startToken(serial: "86596320000002")
        let before = try stateText()
        let refused = try post("/api/token/sync/confirm", ["preview_id": id])
        XCTAssertEqual(refused.status, 400)
        XCTAssertTrue("\(refused.json)".contains("not the token the preview was for"), "\(refused.json)")
        XCTAssertEqual(try stateText(), before, "the token swapped after the preview was written to")
    }

    /// The page's audit equals `skew token audit` without its opt-in checks, and sends no write.
    func testTheAuditIsTheCLIsReadOnlyAudit() throws {
        try startToken(serial: "86596320000001")
        let before = try stateText()
        let page = try post("/api/token/audit", ["reader": TokenHarness.reader])
        XCTAssertEqual(page.status, 200, "\(page.json)")
        let run = try SkewProcess.run(["token", "audit", "-r", TokenHarness.reader, "-f", "json"])
        let cli = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], run.stderr)
        func verdicts(_ report: [String: Any]) -> [String] {
            (report["findings"] as? [[String: Any]] ?? []).map { "\($0["id"] ?? "")=\($0["status"] ?? "")" }
        }
        XCTAssertFalse(verdicts(page.json).isEmpty)
        XCTAssertEqual(verdicts(page.json), verdicts(cli))
        XCTAssertEqual(page.json["writes_sent"] as? [String], [])
        XCTAssertEqual(try stateText(), before)
    }

    /// A Molto2's sync takes the customer key typed for the write: a wrong one is one refused
    /// AUTHENTICATE (never retried) and nothing written; the right one, with a new preview, writes.
    func testAMolto2SyncUsesTheTypedKeyOnceAndNeverRetries() throws {
        emulator = try EmulatorProcess(["--family", "molto2", "--state", state, "--log-apdus"])
        let authentications = { self.emulator?.log.components(separatedBy: "received 80 CE").count.advanced(by: -1) ?? 0 }
        let preview = try post("/api/token/sync/preview", ["reader": TokenHarness.reader, "profile": 3])
        XCTAssertEqual(preview.status, 200, "\(preview.json)")
        XCTAssertEqual(preview.json["needs_key"] as? Bool, true)
        XCTAssertEqual(authentications(), 0, "the preview authenticates to nothing")
        let profilesBefore = try profiles()
        let id = try XCTUnwrap(preview.json["preview_id"] as? String)
        let empty = try post("/api/token/sync/confirm", ["preview_id": id, "key": ""])
        XCTAssertEqual(empty.status, 400, "\(empty.json)")
        XCTAssertEqual(authentications(), 0, "an empty key spends no try")
        let wrong = try post("/api/token/sync/confirm", ["preview_id": id, "key": "WRONG-KEY"])
        XCTAssertEqual(wrong.status, 400, "\(wrong.json)")
        XCTAssertTrue("\(wrong.json)".contains("refused"), "\(wrong.json)")
        XCTAssertFalse("\(wrong.json)".contains("WRONG-KEY"), "the key is never echoed")
        XCTAssertEqual(authentications(), 1, "one attempt, no retry")
        XCTAssertEqual(try profiles(), profilesBefore, "a refused key wrote nothing")

        let again = try post("/api/token/sync/preview", ["reader": TokenHarness.reader, "profile": 3])
        let written = try post("/api/token/sync/confirm", ["preview_id": try XCTUnwrap(again.json["preview_id"] as? String), "key": "TOKEN2MOLTO1-KEY"])
        XCTAssertEqual(written.status, 200, "\(written.json)")
        XCTAssertEqual(written.json["verified"] as? Bool, true)
        XCTAssertEqual(authentications(), 2)
        XCTAssertNotEqual(try profiles(), profilesBefore, "the right key's write reached profile 3")
    }

    /// The emulated Molto2's profiles as its state file holds them.
    private func profiles() throws -> String {
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try stateText().utf8)) as? [String: Any])
        return String(decoding: try JSONSerialization.data(withJSONObject: object["profiles"] ?? [], options: [.sortedKeys]), as: UTF8.self)
    }

    /// A burn is previewed with its seed and confirmed with the same seed again: another seed is
    /// refused with nothing written; the written token's expected codes agree with oathtool.
    func testABurnWritesOnlyThePreviewedSeed() throws {
        try startToken(serial: "86596320000001")
        let seed = ["seed": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "encoding": "base32"]
        let before = try stateText()
        let preview = try post("/api/token/sync/preview", ["reader": TokenHarness.reader, "seed": seed])
        XCTAssertEqual(preview.status, 200, "\(preview.json)")
        let dryRun = (preview.json["dry_run"] as? [String] ?? []).joined(separator: "\n")
        XCTAssertTrue(dryRun.contains("WRITE SEED"), dryRun)
        XCTAssertFalse(dryRun.contains("3132333435363738393031323334353637383930"), "the dry run masks the seed")
        XCTAssertEqual(try stateText(), before)
        let id = try XCTUnwrap(preview.json["preview_id"] as? String)
        let other = try post("/api/token/sync/confirm", ["preview_id": id, "seed": ["seed": "JBSWY3DPEHPK3PXP", "encoding": "base32"]])
        XCTAssertEqual(other.status, 400)
        XCTAssertTrue("\(other.json)".contains("not the seed"), "\(other.json)")
        XCTAssertEqual(try stateText(), before, "another seed than the previewed one was written")

        let again = try post("/api/token/sync/preview", ["reader": TokenHarness.reader, "seed": seed])
        let written = try post("/api/token/sync/confirm", ["preview_id": try XCTUnwrap(again.json["preview_id"] as? String), "seed": seed])
        XCTAssertEqual(written.status, 200, "\(written.json)")
        XCTAssertEqual(written.json["verified"] as? Bool, true)
        for expected in try XCTUnwrap(written.json["expected_codes"] as? [[String: Any]]) {
            let from = try XCTUnwrap((expected["from"] as? [String: Any])?["unix"] as? Double)
            XCTAssertEqual(expected["code"] as? String, try SeedConsumers.oathtoolCode(hexSeed: "3132333435363738393031323334353637383930", at: Int(from)))
        }
    }
}
