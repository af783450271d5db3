import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import History
import OTPCore
import XCTest

/// `skew drift` history, forecast and manual measurement through the binary.
final class DriftCLITests: XCTestCase {
    private var folder: URL!
    private var database: String { folder.appendingPathComponent("history.sqlite").path }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("skew-drift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// A token gaining 12 ppm since a sync, measured every two days.
    private func seedHistory() throws {
        let store = try SQLiteHistoryStore(path: database)
        let start = 1_700_000_000.0
        try store.record(HistoryEvent(token: "86596220000001", kind: .measurement, time: start - 86_400, offset: 40,
                                      uncertainty: 0.01, reference: "host", method: "get-info-edge"))
        try store.record(HistoryEvent(token: "86596220000001", kind: .sync, time: start, offset: 0.05, uncertainty: 0.01,
                                      reference: "host", method: "sync-readback"))
        for day in stride(from: 1, through: 15, by: 2) {
            let time = start + Double(day) * 86_400
            try store.record(HistoryEvent(token: "86596220000001", kind: .measurement, time: time,
                                          offset: 0.05 + 12e-6 * (time - start), uncertainty: 0.01, reference: "host",
                                          method: "get-info-edge"))
        }
    }

    func testForecastFromHistoryInEveryFormat() throws {
        try seedHistory()
        let arguments = ["drift", "forecast", "86596220000001", "--history", database, "--window-steps", "1", "--period", "30",
                         "--at", "1701300000"]
        let json = try SkewProcess.run(arguments + ["--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let fit = try XCTUnwrap(object["fit"] as? [String: Any])
        XCTAssertEqual(fit["ppm"] as? Double ?? 0, 12, accuracy: 0.01)
        XCTAssertEqual((object["points"] as? [Any])?.count, 8, "only measurements since the last sync")
        let forecast = try XCTUnwrap(object["forecast"] as? [String: Any])
        XCTAssertEqual(forecast["status"] as? String, "leaving")
        XCTAssertEqual(forecast["direction"] as? String, "ahead")
        let leaves = try XCTUnwrap((forecast["leaves"] as? [String: Any])?["unix"] as? Double)
        XCTAssertEqual(leaves, 1_700_000_000 + (30 - 0.05) / 12e-6, accuracy: 3600)

        let html = folder.appendingPathComponent("drift.html").path
        let page = try SkewProcess.run(arguments + ["--output", html])
        XCTAssertEqual(page.status, 0, page.stderr)
        let text = try String(contentsOfFile: html, encoding: .utf8)
        XCTAssertTrue(text.contains("<svg"))
        XCTAssertTrue(text.contains("leaves window"))
        let parser = XMLParser(data: Data(text.replacingOccurrences(of: "<!DOCTYPE html>", with: "").utf8))
        XCTAssertTrue(parser.parse(), "the HTML report is well-formed: \(String(describing: parser.parserError))")

        let table = try SkewProcess.run(arguments)
        XCTAssertTrue(table.stdout.contains("Resync before"), table.stdout)
        let history = try SkewProcess.run(["drift", "history", "86596220000001", "--history", database, "--format", "csv"])
        XCTAssertEqual(history.stdout.split(separator: "\r\n").count, 11, history.stdout)
    }

    func testForecastNeedsTwoMeasurementsAndAWindowThatParses() throws {
        let store = try SQLiteHistoryStore(path: database)
        try store.record(HistoryEvent(token: "T", kind: .measurement, time: 1, offset: 0, uncertainty: 0.1, reference: "host",
                                      method: "manual"))
        let few = try SkewProcess.run(["drift", "forecast", "T", "--history", database])
        XCTAssertEqual(few.status, 1)
        XCTAssertTrue(few.stderr.contains("at least 2 measurements"), few.stderr)
        let badWindow = try SkewProcess.run(["drift", "forecast", "T", "--history", database, "--window", "wide"])
        XCTAssertEqual(badWindow.status, 64)
        try Data("not a database at all, just text".utf8).write(to: folder.appendingPathComponent("bad.sqlite"))
        let corrupt = try SkewProcess.run(["drift", "history", "--history", folder.appendingPathComponent("bad.sqlite").path])
        XCTAssertEqual(corrupt.status, 65)
        XCTAssertTrue(corrupt.stderr.contains("left untouched"), corrupt.stderr)
    }

    /// Reading commands create nothing: a mistyped --history leaves no folder and no database behind.
    func testMistypedHistoryPathCreatesNothing() throws {
        let typo = folder.appendingPathComponent("histroy/history.sqlite").path
        for arguments in [["drift", "history"], ["drift", "forecast", "86596220000001"]] {
            let run = try SkewProcess.run(arguments + ["--history", typo])
            XCTAssertEqual(run.status, 66, "\(arguments): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("there is no history database here"), run.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("histroy").path))
        try seedHistory()
        let unknown = try SkewProcess.run(["drift", "forecast", "86596220000002", "--history", database])
        XCTAssertEqual(unknown.status, 65, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("86596220000002: no measurement or sync of this token"), unknown.stderr)
    }

    /// A "person" (this test) types the code of a clock 0.7 s ahead, then presses Enter 0.25 s after
    /// that clock's next 2-second step begins. The measured offset must be 0.7 s to within timing noise.
    func testManualModeMeasuresTheOffsetFromTheKeyPress() throws {
        let secretBase32 = "JBSWY3DPEHPK3PXP"
        let parameters = OTPParameters(period: 2)
        let totp = TOTP(secret: try Secret(bytes: Base32.decode(secretBase32)), parameters: parameters)
        let trueOffset = 0.7
        let process = Process()
        process.executableURL = SkewProcess.binary
        process.arguments = ["drift", "--manual", "--secret-env", "S", "--period", "2", "--history", database, "--format", "json"]
        process.environment = ProcessInfo.processInfo.environment.merging(["S": secretBase32]) { $1 }
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Start just after a step begins on the simulated clock, so there is time to "type".
        var tokenNow = Date().timeIntervalSince1970 + trueOffset
        var step = parameters.counter(at: tokenNow)
        if tokenNow - Double(parameters.startOfStep(step)) > 0.5 {
            Thread.sleep(forTimeInterval: Double(parameters.startOfStep(step + 1)) - tokenNow + 0.05)
            tokenNow = Date().timeIntervalSince1970 + trueOffset
            step = parameters.counter(at: tokenNow)
        }
        input.fileHandleForWriting.write(Data((totp.code(counter: step)! + "\n").utf8))
        let nextStepHostTime = Double(parameters.startOfStep(step + 1)) - trueOffset
        Thread.sleep(forTimeInterval: max(0, nextStepHostTime + 0.25 - Date().timeIntervalSince1970))
        input.fileHandleForWriting.write(Data("\n".utf8))
        input.fileHandleForWriting.write(Data((totp.code(counter: step + 1)! + "\n").utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 0, stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["offset_seconds"] as? Double ?? 99, trueOffset, accuracy: 0.05)
        XCTAssertEqual(json["uncertainty_seconds"] as? Double, 0.25)
        XCTAssertTrue((json["notes"] as? [String])?.first?.contains("reaction time") ?? false)
        try ReportSchema.assertValid(stdout)
        let stored = try SQLiteHistoryStore(path: database).events()
        XCTAssertEqual(stored.count, 1)
        XCTAssertEqual(stored[0].method, "manual")
        XCTAssertTrue(stored[0].token.hasPrefix("secret:"))
        XCTAssertFalse(stdout.contains(secretBase32))
    }
}
