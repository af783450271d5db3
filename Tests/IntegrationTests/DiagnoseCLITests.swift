import Foundation
import OTPCore
import XCTest

/// `skew diagnose` through the built binary: JSON parsed and checked, exit codes, bad input.
final class DiagnoseCLITests: XCTestCase {
    private let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    private let seen = 1_764_403_207.0

    private func code(at time: Double, digits: Int = 6, period: Int = 30) throws -> String {
        let parameters = OTPParameters(digits: digits, period: period)
        return try XCTUnwrap(TOTP(secret: try Secret(bytes: try Base32.decode(secret)), parameters: parameters).code(at: time))
    }

    private func diagnose(_ arguments: [String]) throws -> (SkewRun, [String: Any]) {
        let run = try SkewProcess.run(["diagnose", "--secret-env", "SKEW_TEST_SECRET", "--format", "json"] + arguments,
                                      environment: ["SKEW_TEST_SECRET": secret])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], run.stderr)
        XCTAssertFalse(run.stdout.contains(secret))
        return (run, json)
    }

    private func first(_ json: [String: Any]) throws -> [String: Any] {
        try XCTUnwrap((json["explanations"] as? [[String: Any]])?.first)
    }

    func testClockAheadByOneHourIsDaylightSavingWithFix() throws {
        let (run, json) = try diagnose(["--code", try code(at: seen + 3600), "--at", "2025-11-29T08:00:07Z", "--tz", "+00:00"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(json["found"] as? Bool, true)
        XCTAssertEqual(json["no_problem"] as? Bool, false)
        let best = try first(json)
        XCTAssertEqual(best["causes"] as? [String], ["clock-daylight-saving"])
        XCTAssertTrue((best["summary"] as? String ?? "").contains("3600 s ahead"))
        XCTAssertTrue((best["fix"] as? String ?? "").contains("skew sync"))
        XCTAssertLessThan(try XCTUnwrap(best["false_match_probability"] as? Double), 0.001)
        let offset = try XCTUnwrap(best["clock_offset_seconds"] as? [String: Double])
        XCTAssertTrue(try XCTUnwrap(offset["min"]) <= 3600 && 3600 <= (try XCTUnwrap(offset["max"])))
    }

    func testLocalTimeHintNamesTheZone() throws {
        let (run, json) = try diagnose(["--code", try code(at: seen + 3600), "--at", String(Int(seen)), "--tz", "Europe/Berlin"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let best = try first(json)
        XCTAssertEqual(best["causes"] as? [String], ["clock-local-time"])
        XCTAssertTrue((best["summary"] as? String ?? "").contains("local time (UTC+1)"), best["summary"] as? String ?? "")
    }

    func testCorrectCodeReportsNoProblemWithItsOffset() throws {
        let (run, json) = try diagnose(["--code", try code(at: seen), "--at", String(Int(seen)), "--tz", "UTC"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(json["no_problem"] as? Bool, true)
        let best = try first(json)
        XCTAssertEqual(best["causes"] as? [String], [])
        XCTAssertEqual(best["offset_steps"] as? [Int], [0])
        XCTAssertTrue((best["summary"] as? String ?? "").hasPrefix("no problem found"))
    }

    func testVerifierExpectingEightDigitsAndConsecutiveCodes() throws {
        let codes = [try code(at: seen, period: 60), try code(at: seen + 60, period: 60)]
        let (run, json) = try diagnose(["--code", codes[0], "--code", codes[1], "--at", String(Int(seen)),
                                        "--expect-digits", "8", "--range", "2h", "--tz", "UTC"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(json["consecutive"] as? Bool, true)
        let best = try first(json)
        XCTAssertEqual(best["causes"] as? [String], ["digits", "period"])
        XCTAssertEqual(best["codes_explained"] as? Int, 2)
        XCTAssertEqual(best["period_seconds"] as? Int, 60)
    }

    func testUnrelatedCodesExitOneAndCSVHasAHeader() throws {
        // Two 8-digit codes read one after another that no hypothesis produces.
        let (run, json) = try diagnose(["--code", "12345678", "--code", "87654321", "--at", String(Int(seen)),
                                        "--range", "10m", "--factory-span", "1", "--no-secret-variants", "--tz", "UTC"])
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertEqual(json["found"] as? Bool, false)
        XCTAssertNotNil(json["advice"] as? String)
        let csv = try SkewProcess.run(["diagnose", "--secret-env", "S", "--code", try code(at: seen), "--at", String(Int(seen)),
                                       "--format", "csv", "--tz", "UTC"], environment: ["S": secret])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        XCTAssertTrue(csv.stdout.hasPrefix("rank,probability,false match,explanation,fix\r\n"), csv.stdout)
    }

    func testBadInputIsExit65WithTheInputNamed() throws {
        let run = try SkewProcess.run(["diagnose", "--secret-env", "S", "--code", "12ab56"], environment: ["S": secret])
        XCTAssertEqual(run.status, 65)
        XCTAssertTrue(run.stderr.contains("--code"), run.stderr)
        let times = try SkewProcess.run(["diagnose", "--secret-env", "S", "--code", "123456", "--code", "234567",
                                         "--code", "345678", "--at", "1", "--at", "2"], environment: ["S": secret])
        XCTAssertEqual(times.status, 64)
        XCTAssertTrue(times.stderr.contains("--at"), times.stderr)
        let zone = try SkewProcess.run(["diagnose", "--secret-env", "S", "--code", "123456", "--tz", "Mars/Olympus"],
                                       environment: ["S": secret])
        XCTAssertEqual(zone.status, 64)
        XCTAssertTrue(zone.stderr.contains("--tz"), zone.stderr)
    }

    func testUndecodableSecretGivesTheDecodingErrorLikeWindow() throws {
        let diagnose = try SkewProcess.run(["diagnose", "--secret", "-", "--code", "123456", "--at", "1764403207"],
                                           stdin: "hello world!")
        let window = try SkewProcess.run(["window", "--secret", "-"], stdin: "hello world!")
        XCTAssertEqual(diagnose.status, 65, diagnose.stdout + diagnose.stderr)
        XCTAssertEqual(diagnose.status, window.status)
        XCTAssertTrue(diagnose.stderr.contains("'!', which base32 does not use"), diagnose.stderr)
        XCTAssertEqual(diagnose.stdout, "")
    }
}
