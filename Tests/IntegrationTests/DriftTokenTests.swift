import Foundation
import History
import XCTest

/// `skew drift` against the virtual token through real pcscd: sub-second offsets, a drift rate
/// measured in seconds, and the offset against true time from a real NTP server.
final class DriftTokenTests: TokenStackTestCase {
    private var folder: URL!
    private var database: String { folder.appendingPathComponent("history.sqlite").path }

    override func setUpWithError() throws {
        try super.setUpWithError()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("skew-drift-token-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        super.tearDown()
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    private func measure(_ extra: [String] = []) throws -> [String: Any] {
        let run = try SkewProcess.run(["drift", "--reader", TokenHarness.reader, "--history", database, "--format", "json"] + extra)
        XCTAssertEqual(run.status, 0, run.stderr)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], run.stdout)
    }

    /// The target: |measured − true| ≤ 20 ms, over offsets that are negative, sub-second and
    /// just off a whole second.
    func testOffsetGridWithin20Milliseconds() throws {
        var errors: [Double] = []
        var durations: [Double] = []
        for offset in [-3.2371, -0.999, -0.5, -0.0005, 0.0005, 0.25, 0.9995, 1.5, 7.4] {
            emulator = try EmulatorProcess(["--offset", String(offset)])
            let json = try measure()
            let measured = try XCTUnwrap(json["offset_seconds"] as? Double)
            errors.append(abs(measured - offset))
            durations.append(json["measuring_seconds"] as? Double ?? .nan)
            XCTAssertEqual(measured, offset, accuracy: 0.020, "offset \(offset)")
            XCTAssertLessThan(json["uncertainty_seconds"] as? Double ?? 1, 0.020)
            emulator?.stop()
            emulator = nil
        }
        errors.sort()
        print("drift grid: median error \(errors[errors.count / 2] * 1000) ms, worst \(errors.last! * 1000) ms; measuring took \(durations.min()!)–\(durations.max()!) s")
        XCTAssertEqual(try SQLiteHistoryStore(path: database).events(token: "86596220000001").count, 9)
    }

    /// A token running 5000 ppm fast gains 5 ms a second: three measurements a few seconds apart
    /// give the rate, and the forecast says when it leaves a ±1 s window.
    func testDriftRateFromSuccessiveMeasurements() throws {
        emulator = try EmulatorProcess(["--offset", "0.3", "--drift-ppm", "5000"])
        for _ in 0..<4 { _ = try measure(["--edges", "1"]) }
        let run = try SkewProcess.run(["drift", "forecast", "86596220000001", "--history", database, "--window", "1",
                                       "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let fit = try XCTUnwrap(json["fit"] as? [String: Any])
        let ppm = try XCTUnwrap(fit["ppm"] as? Double), sigma = try XCTUnwrap(fit["ppm_uncertainty"] as? Double)
        XCTAssertLessThan(sigma, 500, "four sub-millisecond measurements over ~6 s pin the rate down")
        XCTAssertEqual(ppm, 5000, accuracy: max(3 * sigma, 100), "the true rate lies within 3σ")
        let forecast = try XCTUnwrap(json["forecast"] as? [String: Any])
        XCTAssertEqual(forecast["status"] as? String, "leaving")
        let leaves = try XCTUnwrap((forecast["leaves"] as? [String: Any])?["unix"] as? Double)
        // The clock is about 0.3 s + 5 ms/s × elapsed ahead; it reaches +1 s after (1 − offset) / 5 ms/s.
        let offsetNow = try XCTUnwrap(fit["offset_now_seconds"] as? Double)
        XCTAssertEqual(leaves - Date().timeIntervalSince1970, (1 - offsetNow) / 0.005, accuracy: 30)
    }

    /// With --ntp, the token's offset is also given against true time.
    func testOffsetAgainstTrueTimeWithNTP() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/chronyd") else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { return XCTFail("chronyd is missing") }
            throw XCTSkip("chronyd is not installed")
        }
        let server = try ChronyServer(shift: 0.75)
        defer { server.stop() }
        emulator = try EmulatorProcess(["--offset", "2.0"])
        var json: [String: Any] = [:]
        for _ in 0..<50 {
            json = try measure(["--ntp", "127.0.0.1:\(server.port)", "--edges", "1", "--no-record"])
            if abs((json["host_offset_seconds"] as? Double ?? 0) + 0.75) < 0.002 { break }
            usleep(100_000)
        }
        XCTAssertEqual(json["host_offset_seconds"] as? Double ?? 0, -0.75, accuracy: 0.002, "the host runs 0.75 s behind the server")
        XCTAssertEqual(json["offset_seconds"] as? Double ?? 0, 2.0, accuracy: 0.02)
        XCTAssertEqual(json["offset_from_true_time_seconds"] as? Double ?? 0, 1.25, accuracy: 0.02)
        XCTAssertTrue((json["reference"] as? String ?? "").hasPrefix("ntp:127.0.0.1:"))
    }
}
