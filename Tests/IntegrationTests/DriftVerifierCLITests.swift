import Foundation
import History
import XCTest

/// `skew drift forecast --verifier` through the binary: profiles by name and from a file, the text
/// saying what the JSON says, and exit 1 for a clock a verifier can already refuse.
final class DriftVerifierCLITests: XCTestCase {
    private var folder: URL!
    private var database: String { folder.appendingPathComponent("history.sqlite").path }
    private let now = 1_800_000_000.0

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("skew-verifier-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Daily measurements over 20 days up to `now` of a clock at `offset` s (at `now`) gaining `ppm`.
    private func seed(_ token: String, offset: Double, ppm: Double, noise: Double = 0) throws {
        let store = try SQLiteHistoryStore(path: database)
        for day in 0..<20 {
            let time = now - Double(day) * 86_400
            try store.record(HistoryEvent(token: token, kind: .measurement, time: time,
                                          offset: offset + ppm * 1e-6 * (time - now) + noise * sin(Double(day) * 2.1),
                                          uncertainty: 0.001, reference: "host", method: "get-info-edge"))
        }
    }

    private func json(_ run: SkewRun) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], run.stderr)
    }

    func testLearningAndFixedVerifiersInJSONAndText() throws {
        // 25 s ahead, gaining 10 ppm: Entra (±2 steps of 30 s, re-centring) allows (60 − 25) s of drift
        // after a sign-in, 3.5e6 s; oathtool -w 1 refuses a code once the offset passes 30 s, 5e5 s from now.
        try seed("T1", offset: 25, ppm: 10)
        let arguments = ["drift", "forecast", "T1", "--history", database, "--at", "1800000000", "--verifier", "entra", "--verifier", "oathtool-w1"]
        let run = try SkewProcess.run(arguments + ["--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let verifiers = try XCTUnwrap(try json(run)["verifiers"] as? [[String: Any]])
        XCTAssertEqual(verifiers.map { $0["verifier"] as? String }, ["entra", "oathtool-w1"])
        XCTAssertEqual(verifiers[0]["limit"] as? String, "idle-time")
        XCTAssertEqual(verifiers[0]["first_failure_seconds"] as? Double ?? 0, 35 / 10e-6, accuracy: 1)
        XCTAssertEqual(verifiers[1]["limit"] as? String, "since-sync")
        XCTAssertEqual(verifiers[1]["first_failure_seconds"] as? Double ?? 0, 5 / 10e-6, accuracy: 1)
        let table = try SkewProcess.run(arguments)
        for verifier in verifiers {
            let actBy = try XCTUnwrap((verifier["act_by"] as? [String: Any])?["utc"] as? String)
            XCTAssertTrue(table.stdout.contains("Act by \(actBy)"), "the text gives the JSON's act_by \(actBy): \(table.stdout)")
        }
        XCTAssertTrue(table.stdout.contains("idle ≤ 40.5 d"), table.stdout)
    }

    func testAClockAVerifierCanRefuseNowExitsOne() throws {
        try seed("T2", offset: 31, ppm: 2)
        let base = ["drift", "forecast", "T2", "--history", database, "--at", "1800000000"]
        let fixed = try SkewProcess.run(base + ["--verifier", "keycloak"])
        XCTAssertEqual(fixed.status, 1, fixed.stdout + fixed.stderr)
        XCTAssertTrue(fixed.stdout.contains("a code can be refused now"), fixed.stdout)
        let window = try SkewProcess.run(base + ["--window", "30"])
        XCTAssertEqual(window.status, 1, "outside a --window too")
        let wide = try SkewProcess.run(base + ["--verifier", "privacyidea"])
        XCTAssertEqual(wide.status, 0, "privacyIDEA's −6..+5 steps still hold 31 s: \(wide.stderr)")
    }

    func testOwnProfileFileAndBadChoices() throws {
        try seed("T3", offset: -5, ppm: -4)
        let file = folder.appendingPathComponent("ours.json")
        try Data("""
            {"schema": {"name": "skew.verifier-profiles", "version": 1},
             "profiles": [{"id": "vpn", "name": "Our VPN", "learns_drift": "never",
                           "source": {"kind": "measurement", "reference": "skew probe 2026-11-30", "date": "2026-11-30"},
                           "windows": [{"period": 30, "behind_steps": 3, "ahead_steps": 0}]}]}
            """.utf8).write(to: file)
        let base = ["drift", "forecast", "T3", "--history", database, "--at", "1800000000", "--format", "json"]
        let own = try SkewProcess.run(base + ["--verifier", file.path])
        XCTAssertEqual(own.status, 0, own.stderr)
        let verifier = try XCTUnwrap((try json(own)["verifiers"] as? [[String: Any]])?.first)
        // Behind by 5 s and losing 4 ppm: 3 steps behind (90 s) are reached after 85 s / 4e-6.
        XCTAssertEqual(verifier["first_failure_seconds"] as? Double ?? 0, 85 / 4e-6, accuracy: 1)
        let unknown = try SkewProcess.run(base + ["--verifier", "entraa"])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("--verifier entraa: no built-in profile has this name"), unknown.stderr)
        let missing = try SkewProcess.run(base + ["--verifier", folder.appendingPathComponent("none.json").path])
        XCTAssertEqual(missing.status, 66, missing.stderr)
        let noWindow = try SkewProcess.run(base + ["--verifier", "duo"])
        XCTAssertEqual(noWindow.status, 65)
        XCTAssertTrue(noWindow.stderr.contains("none is published"), noWindow.stderr)
        try Data("{\"schema\": {\"name\": \"skew.verifier-profiles\", \"version\": 2}, \"profiles\": []}".utf8).write(to: file)
        let badFile = try SkewProcess.run(base + ["--verifier", file.path])
        XCTAssertEqual(badFile.status, 65)
        XCTAssertTrue(badFile.stderr.contains("version 2"), badFile.stderr)
        XCTAssertTrue(own.stdout.contains("\"verifier\" : \"vpn\""), own.stdout)
    }

    /// A rate that is zero within its uncertainty: the text gives the resync date the JSON has.
    func testStableForecastTextGivesTheJSONResyncDate() throws {
        try seed("T4", offset: 2, ppm: 0, noise: 0.05)
        let base = ["drift", "forecast", "T4", "--history", database, "--at", "1800000000", "--window", "30"]
        let run = try SkewProcess.run(base + ["--format", "json"])
        let forecast = try XCTUnwrap(try json(run)["forecast"] as? [String: Any])
        XCTAssertEqual(forecast["status"] as? String, "stable")
        let resync = try XCTUnwrap((forecast["recommended_resync"] as? [String: Any])?["utc"] as? String)
        let table = try SkewProcess.run(base)
        XCTAssertTrue(table.stdout.contains("Resync before \(resync)"), table.stdout)
    }
}
