import Foundation
import OTPCore
import XCTest

/// Base for the `skew sync` / `skew burn` suites: the virtual token on vpcd's second slot (port
/// 35964, "Virtual PCD 00 01") with a `--state` file the test reads to see what the token holds,
/// and a private history database.
class TokenWriteTestCase: TokenStackTestCase {
    static let slot = TokenHarness.secondSlot
    var folder: URL!
    var statePath: String { folder.appendingPathComponent("token.json").path }
    var historyPath: String { folder.appendingPathComponent("history.sqlite").path }

    override func setUpWithError() throws {
        try super.setUpWithError()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("skew-write-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        super.tearDown()
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    /// Starts `skew emulate` on the second slot with this test's state file.
    func startToken(_ arguments: [String]) throws {
        emulator = try EmulatorProcess(arguments + ["--state", statePath], slot: Self.slot)
    }

    /// Runs skew against the second slot's reader; sync and burn record into this test's history.
    func skew(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> SkewRun {
        let history = ["sync", "burn"].contains(arguments.first) ? ["--history", historyPath] : []
        return try SkewProcess.run(arguments + ["--reader", Self.slot.reader] + history, stdin: stdin, environment: environment)
    }

    func json(_ run: SkewRun) throws -> [String: Any] {
        try ReportSchema.validObject(run)
    }

    /// The emulator's saved state: what the token holds.
    func tokenState() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: statePath))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Writes a state file for a token that already holds `seedHex`, with its clock `offset`
    /// seconds from the host, before the emulator starts.
    func writeState(serial: String, model: String, restricted: Bool, seedHex: String?, offset: Double,
                    locked: Bool = false) throws {
        let now = Date().timeIntervalSince1970
        var state: [String: Any] = [
            "serial": serial, "model": model, "restricted_sync": restricted, "algorithm": 1, "step": 30,
            "display_timeout": 1, "fail_count": locked ? 1 : 0, "locked": locked,
            "clock": ["anchor_host": now, "anchor_token": now + offset, "drift_ppm": 0],
        ]
        if let seedHex { state["seed_hex"] = seedHex }
        try JSONSerialization.data(withJSONObject: state).write(to: URL(fileURLWithPath: statePath))
    }

    /// The token's clock minus the host clock now, from the state file's straight line.
    func stateOffset() throws -> Double {
        let clock = try XCTUnwrap(tokenState()["clock"] as? [String: Double])
        let now = Date().timeIntervalSince1970
        let tokenTime = try XCTUnwrap(clock["anchor_token"]) + (now - XCTUnwrap(clock["anchor_host"])) * (1 + (clock["drift_ppm"] ?? 0) / 1e6)
        return tokenTime - now
    }

    /// The code the token's display shows now, computed from its state (seed, step, clock).
    func displayedCode() throws -> String? {
        guard let seedHex = try tokenState()["seed_hex"] as? String else { return nil }
        let step = try XCTUnwrap(tokenState()["step"] as? Int)
        let totp = TOTP(secret: try Secret(bytes: Hex.decode(seedHex)), parameters: OTPParameters(period: step))
        return try totp.code(at: (Date().timeIntervalSince1970 + stateOffset()).rounded(.down))
    }

    /// `skew window`'s codes for this secret around the host's now, by step counter.
    func windowCodes(secretBase32: String) throws -> [Int: String] {
        let run = try SkewProcess.run(["window", "--secret-env", "SKEW_TEST_SECRET", "--format", "json"],
                                      environment: ["SKEW_TEST_SECRET": secretBase32])
        let rows = try XCTUnwrap(json(run)["steps"] as? [[String: Any]], run.stdout)
        var codes: [Int: String] = [:]
        for row in rows { if let counter = row["counter"] as? Int, let code = row["code"] as? String { codes[counter] = code } }
        return codes
    }

    /// How many AUTHENTICATE commands a `--trace` shows were sent.
    func authenticateCount(_ run: SkewRun) -> Int {
        run.stderr.components(separatedBy: "\n").filter { $0.hasPrefix("trace: > ") && $0.hasSuffix("[AUTHENTICATE]") }.count
    }
}
