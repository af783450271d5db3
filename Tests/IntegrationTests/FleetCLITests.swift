import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import History
import XCTest

/// `skew fleet` over a generated history of 400 tokens whose true drift is known: it must list
/// exactly the tokens that a direct simulation of the verifier refuses within the horizon.
final class FleetCLITests: XCTestCase {
    private var folder: URL!
    private var database: String { folder.appendingPathComponent("fleet.sqlite").path }
    private let now = 1_800_000_000.0
    private let horizonDays = 45.0
    private let day = 86_400.0

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("skew-fleet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// SplitMix64: the same tokens on every run.
    private struct Generator {
        var state: UInt64
        mutating func unit() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        mutating func between(_ low: Double, _ high: Double) -> Double { low + (high - low) * unit() }
    }

    private struct TrueClock {
        var serial: String
        var offsetNow: Double
        var rate: Double
        /// Simulated first refusal by oathtool -w 1 and by Entra (idle after a use now), if before the horizon ends.
        var refusals: (fixed: Double?, recentring: Double?) = (nil, nil)
    }

    /// The generated clocks (the same on every run), simulated once for all tests.
    nonisolated(unsafe) private static var generated: [TrueClock]?

    /// Whether a verifier of ±`steps` steps of 30 s, checking codes at the first and last millisecond
    /// of each of its steps, refuses this clock before `until`; `recentres` re-centres it on the code
    /// of a sign-in in the step holding `now` (the worse of that step's two ends).
    private func simulatedRefusal(_ clock: TrueClock, steps: Int, recentres: Bool, until: Double) -> Double? {
        let period = 30.0
        func codeStep(_ time: Double) -> Double { ((time + clock.offsetNow + clock.rate * (time - now)) / period).rounded(.down) }
        func verifierStep(_ time: Double) -> Double { (time / period).rounded(.down) }
        let firstStep = verifierStep(now)
        let uses: [Double] = recentres ? [firstStep * period + 0.001, firstStep * period + period - 0.001] : [now]
        var earliest: Double?
        for use in uses {
            let learned = recentres ? codeStep(use) - verifierStep(use) : 0
            var step = firstStep + (recentres ? 1 : 0)
            scan: while step * period < until {
                for moment in [step * period + 0.001, step * period + period - 0.001] where moment >= use {
                    let shift = codeStep(moment) - verifierStep(moment) - learned
                    if abs(shift) > Double(steps) {
                        let refusal = recentres ? now + (moment - use) : moment
                        earliest = min(earliest ?? refusal, refusal)
                        break scan
                    }
                }
                step += 1
            }
        }
        return earliest
    }

    /// 400 Token2 serials, drifting −50…+50 ppm, 12 measurements over the last 60 days (±0.5 ms noise,
    /// 1 ms error bars); every tenth synced 30 days ago with a different line before the sync; a few
    /// already outside ±1 step. Tokens whose simulated refusal (either verifier) lies within a day of
    /// the horizon are drawn again: the fit's own ±2σ range would make them a coin toss.
    private func generate() throws -> [TrueClock] {
        let clocks = Self.generated ?? draw()
        Self.generated = clocks
        try write(clocks)
        return clocks
    }

    private func draw() -> [TrueClock] {
        var random = Generator(state: 16)
        let horizon = now + horizonDays * day
        var clocks: [TrueClock] = []
        while clocks.count < 400 {
            let index = clocks.count
            var clock = TrueClock(serial: "8659622" + String(format: "%07d", index), offsetNow: index % 40 == 7 ? random.between(30.5, 40) : random.between(-29, 29),
                                  rate: random.between(-50e-6, 50e-6))
            let edges = [simulatedRefusal(clock, steps: 1, recentres: false, until: horizon + 2 * day),
                         simulatedRefusal(clock, steps: 2, recentres: true, until: horizon + 2 * day)]
            if edges.contains(where: { $0.map { abs($0 - horizon) < day } ?? false }) { continue }
            clock.refusals = (edges[0], edges[1])
            clocks.append(clock)
        }
        return clocks
    }

    private func write(_ clocks: [TrueClock]) throws {
        var random = Generator(state: 61)
        var events: [HistoryEvent] = []
        for (index, clock) in clocks.enumerated() {
            let synced = index % 10 == 3
            if synced {
                for back in [50.0, 40] {
                    events.append(HistoryEvent(token: clock.serial, kind: .measurement, time: now - back * day, offset: 90 + back,
                                               uncertainty: 0.001, reference: "host", method: "get-info-edge"))
                }
                events.append(HistoryEvent(token: clock.serial, kind: .sync, time: now - 30.5 * day, offset: 0, uncertainty: 0.001,
                                           reference: "host", method: "sync-readback"))
            }
            for measurement in 0..<12 {
                let time = now - Double(measurement) * (synced ? 2.5 : 5) * day
                events.append(HistoryEvent(token: clock.serial, kind: .measurement, time: time,
                                           offset: clock.offsetNow + clock.rate * (time - now) + random.between(-0.0005, 0.0005),
                                           uncertainty: 0.001, reference: "host", method: "get-info-edge"))
            }
        }
        for lone in 0..<3 {
            events.append(HistoryEvent(token: "secret:0000000\(lone)", kind: .measurement, time: now - day, offset: 0.3, uncertainty: 0.25,
                                       reference: "host", method: "manual"))
        }
        try SQLiteHistoryStore(path: database).record(events)
    }

    private func listed(_ run: SkewRun) throws -> [[String: Any]] {
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], run.stderr)
        return try XCTUnwrap(object["tokens"] as? [[String: Any]])
    }

    func testListsExactlyTheTokensTheVerifierRefusesWithinTheHorizon() throws {
        let clocks = try generate()
        let horizon = now + horizonDays * day
        let base = ["fleet", "--history", database, "--at", "1800000000", "--within", "\(Int(horizonDays))d", "--format", "json"]
        for (verifier, recentres) in [("oathtool-w1", false), ("entra", true)] {
            let expected = Set(clocks.filter { ((recentres ? $0.refusals.recentring : $0.refusals.fixed) ?? .infinity) <= horizon }.map(\.serial))
            XCTAssertGreaterThan(expected.count, 40, verifier)
            XCTAssertLessThan(expected.count, 360, verifier)
            let run = try SkewProcess.run(base + ["--verifier", verifier])
            let rows = try listed(run)
            let got = Set(rows.compactMap { $0["token"] as? String })
            XCTAssertEqual(got.subtracting(expected).sorted(), [], "\(verifier): listed but not refused within \(horizonDays) days")
            XCTAssertEqual(expected.subtracting(got).sorted(), [], "\(verifier): refused within \(horizonDays) days but not listed")
            let failing = rows.filter { $0["status"] as? String == "failing" }.count
            XCTAssertEqual(run.status, failing > 0 ? 1 : 2, "\(verifier): \(run.stderr)")
            let dates = rows.map { (($0["act_by"] as? [String: Any])?["unix"] as? Double) ?? .infinity }
            let statuses = rows.map { $0["status"] as? String ?? "" }
            XCTAssertEqual(statuses, statuses.sorted { ["failing", "resync-soon", "ok"].firstIndex(of: $0)! < ["failing", "resync-soon", "ok"].firstIndex(of: $1)! },
                           "most urgent first")
            XCTAssertEqual(zip(statuses, dates).filter { $0.0 == "ok" }.map(\.1), zip(statuses, dates).filter { $0.0 == "ok" }.map(\.1).sorted())
        }
        // Tokens synced 30 days ago are fitted after the sync only: 90 s behind before it would fail them all.
        let synced = clocks.enumerated().filter { $0.offset % 10 == 3 }.map(\.element)
        let one = try listed(try SkewProcess.run(["fleet", "--history", database, "--at", "1800000000", "--serial", synced[0].serial, "--format", "json"]))
        XCTAssertEqual(one.count, 1)
        XCTAssertEqual(one[0]["ppm"] as? Double ?? 0, synced[0].rate * 1e6, accuracy: 0.01)
        XCTAssertEqual(one[0]["model"] as? String, "OTPC-P2-i")
        XCTAssertEqual(one[0]["measurements"] as? Int, 12)
    }

    func testEveryTokenInEveryFormatAndBadInput() throws {
        _ = try generate()
        let base = ["fleet", "--history", database, "--at", "1800000000"]
        let all = try listed(try SkewProcess.run(base + ["--format", "json"]))
        XCTAssertEqual(all.count, 403)
        XCTAssertEqual(all.suffix(3).map { $0["status"] as? String }, ["unmeasured", "unmeasured", "unmeasured"])
        let csv = try SkewProcess.run(base + ["--format", "csv"])
        XCTAssertEqual(csv.stdout.split(separator: "\r\n").count, 404, "a header and a row per token")
        let page = folder.appendingPathComponent("fleet.html").path
        let html = try SkewProcess.run(base + ["--output", page])
        XCTAssertNotEqual(html.status, 0, "some tokens need action")
        let text = try String(contentsOfFile: page, encoding: .utf8)
        XCTAssertTrue(text.contains("Drift rates") && text.contains("<svg"), "histogram")
        XCTAssertEqual(text.components(separatedBy: "<figure>").count - 1, 201, "the histogram and 200 token plots")
        let parser = XMLParser(data: Data(text.replacingOccurrences(of: "<!DOCTYPE html>", with: "").utf8))
        XCTAssertTrue(parser.parse(), "well-formed: \(String(describing: parser.parserError))")

        let unknown = try SkewProcess.run(base + ["--serial", "86596229999999"])
        XCTAssertEqual(unknown.status, 65, unknown.stderr)
        let badWithin = try SkewProcess.run(base + ["--within", "soon"])
        XCTAssertEqual(badWithin.status, 64)
        XCTAssertTrue(badWithin.stderr.contains("--within"), badWithin.stderr)
        let missing = try SkewProcess.run(["fleet", "--history", folder.appendingPathComponent("none/h.sqlite").path])
        XCTAssertEqual(missing.status, 66)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("none").path), "nothing created")
        let allOK = try SkewProcess.run(base + ["--serial", "secret:00000000"])
        XCTAssertEqual(allOK.status, 0, "an unmeasured token alone raises no alarm")
    }
}

/// `skew bench fleet` at a small scale: it builds, times, reports, and cleans up.
final class BenchFleetCLITests: XCTestCase {
    func testSmallBenchmarkReportsSizeAndTimes() throws {
        let run = try SkewProcess.run(["bench", "fleet", "--tokens", "300", "--measurements", "12", "--runs", "1", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["tokens"] as? Int, 300)
        XCTAssertGreaterThan(object["history_bytes"] as? Int ?? 0, 300 * 12 * 40, "about 80 bytes per measurement")
        XCTAssertLessThan(object["history_bytes"] as? Int ?? .max, 300 * 12 * 200)
        let rows = try XCTUnwrap(object["rows"] as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["format"] as? String }, ["table", "json"])
        XCTAssertTrue(rows.allSatisfy { ($0["median_seconds"] as? Double ?? 0) > 0 })

        let existing = FileManager.default.temporaryDirectory.appendingPathComponent("skew-bench-\(UUID().uuidString).sqlite")
        try Data("keep me".utf8).write(to: existing)
        defer { try? FileManager.default.removeItem(at: existing) }
        let refused = try SkewProcess.run(["bench", "fleet", "--tokens", "10", "--history", existing.path])
        XCTAssertEqual(refused.status, 64, refused.stderr)
        XCTAssertEqual(try String(contentsOf: existing, encoding: .utf8), "keep me")
    }
}
