import Benchmarks
import Drift
import Foundation
import History
import OTPCore
@testable import Reports
import SeedFiles
import Tokens
import XCTest

/// Every report's terminal table, built from realistic values with long serials, long account
/// names and a CJK label, fits 80 columns as the project's display width counts them, loses no
/// character of the piped text when it wraps, and keeps every cell whole when piped (no width:
/// nothing is cut).
final class TableFitTests: XCTestCase {
    private let readerName = "Identiv uTrust 3700 F CL Reader [uTrust 3700 F CL Reader] (53691324212792) 00 00"
    private let cjk = "張偉のアカウント（経理部）長い説明がここに続きます"
    private let serial = "8659632000000123456"

    /// The reports whose values can be built from plain values. Fleet, drift history and
    /// forecast, window, locate, diagnose, qr decode, clock and the token commands are driven
    /// through the binary (TableWidthTests, TokenTableWidthTests).
    private func reports() throws -> [(name: String, report: any Report)] {
        let secret = try Secret(bytes: Array("12345678901234567890".utf8))
        let sha256 = OTPParameters(algorithm: .sha256, digits: 8, period: 60)
        let finding = { (id: String, severity: AuditFinding.Severity, status: AuditFinding.Status) in
            AuditFinding(id: id, title: "Codes readable over NFC without authentication by anyone holding a phone",
                         severity: severity, status: status,
                         evidence: "READ OTP answered 492039 with no authentication, at 2026-01-05T08:30:00Z",
                         attack: "Someone who holds a phone near the token for a second reads the current code.",
                         fix: "Keep the token out of reach, or use a model that needs a PIN.")
        }
        let events = [
            HistoryEvent(id: 123_456_789, token: serial, kind: .measurement, time: 1_767_601_800.123456,
                         offset: -12.345678, uncertainty: 0.000412, reference: "ntp:time.cloudflare.example.com:123",
                         hostOffset: 0.0123, method: "get-info-edge", excludedReason: "measured over a flaky remote reader: \(cjk)"),
            HistoryEvent(id: 2, token: "secret:6de8e84f", kind: .sync, time: 1_767_601_900, offset: 0.0004,
                         uncertainty: 0.25, reference: "host", method: "sync-readback"),
        ]
        return [
            ("window", WindowReport(window: CodeWindow(totp: TOTP(secret: secret, parameters: sha256),
                                                       time: 1_767_601_800, radius: 3))),
            ("seed show", SeedShowReport(secret: secret, parameters: sha256, at: 1_767_601_800, showSecret: true)),
            ("token list", TokenListReport(readers: [
                .init(name: readerName, cardPresent: true, cardMute: false,
                      atr: "3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A"),
                .init(name: "\(cjk) Virtual PCD 00 01", cardPresent: true, cardMute: true, atr: ""),
            ])),
            ("token audit", TokenAuditReport(TokenAudit(identity: TokenIdentity(family: .protectimus, reader: readerName, serial: serial),
                                                        identityText: "Protectimus SLIM NFC \(serial)",
                                                        writesSent: ["SET TIME 2026-01-05T08:30:00Z"],
                                             findings: [finding("readable-otp", .high, .vulnerable),
                                                        finding("unauthenticated-time-write", .high, .notTested),
                                                        finding("seed-kept-across-time-write", .medium, .byDesign)]))),
            ("seed import", SeedFileReport(source: "/home/alice/\(cjk)/token2-batch-2026-01-05.csv", sourceFormat: .entraCSV, entries: [
                SeedEntry(position: "line 2", serial: serial,
                          outcome: .success(SeedRecord(serial: serial, secret: secret, parameters: sha256,
                                                       account: "zhang.wei.accounting-department@\(cjk).example.com",
                                                       manufacturer: "Token2", model: "C302-i"))),
                SeedEntry(position: "line 3", serial: nil,
                          outcome: .failure(InputError(input: "line 3, column secret", problem: "'0OI1' is not base32",
                                                       fix: "check the vendor's file: base32 uses A–Z and 2–7"))),
            ])),
            ("drift measure", OffsetReport(token: serial, method: "get-info-edge",
                                           observation: OffsetObservation(time: 1_767_601_800.123456, offset: -12.3456789,
                                                                          uncertainty: 0.000412),
                                           ntp: nil, reference: "ntp:time.cloudflare.example.com:123", measuringSeconds: 2.5,
                                           notes: ["the reader is remote: \(readerName)"])),
            ("history", HistoryReport(database: "/home/alice/.local/share/skew/\(cjk)/history.sqlite", events: events)),
            ("bench locate", BenchReport(digits: 8, rangeSteps: 1_000_000, cpu: "AMD EPYC 7B13 64-Core Processor, 2 cores, SHA-NI",
                                         rows: ["sha1", "sha256", "sha512"].map {
                                             .init(algorithm: $0, steps: 2_000_001, threads: 64, timings: Timings([0.12, 0.123456789, 0.2, 0.13, 0.1]),
                                                   oathtool: Timings([12.3456789]))
                                         }, notes: ["oathtool runs once per algorithm, single-threaded"])),
            ("bench diagnose", DiagnoseBenchReport(cpu: "AMD EPYC 7B13 64-Core Processor", build: "release",
                                                   rows: [.init(secret: "31-character (one character missing)",
                                                                search: "default: ±1 day, time zones, factory dates",
                                                                codes: 3, secretVariants: 1_024, hmacs: 123_456_789,
                                                                hypotheses: 98_765_432, threads: 64,
                                                                timings: Timings([1.3, 1.23456789, 1.1, 1.2, 1.4]))],
                                                   notes: [])),
            ("bench token", TokenBenchReport(reader: readerName, serial: serial,
                                             rows: [.init(measure: "GET INFO round trip through pcscd + vpcd + token",
                                                          timings: Timings([0.0012345, 0.0013, 0.0011]), targetSeconds: 0.005),
                                                    .init(measure: "whole `skew token info` run",
                                                          timings: Timings([0.041, 0.043]), targetSeconds: 0.05)],
                                             notes: [])),
            ("bench fleet", FleetBenchReport(cpu: "AMD EPYC 7B13 64-Core Processor", tokens: 10_000,
                                             measurementsPerToken: 48, historyBytes: 12_345_678, historyTargetBytes: 50_000_000,
                                             buildSeconds: 12.345,
                                             rows: ["table", "json", "csv", "html"].map {
                                                 .init(format: $0, timings: Timings([0.61, 0.72, 0.65]), targetSeconds: 1)
                                             }, notes: [])),
        ]
    }

    /// Every character that is not a space, counted: wrapping may move text, never drop it.
    private func characters(_ text: String) -> [Character: Int] {
        text.reduce(into: [:]) { counts, character in if !character.isWhitespace { counts[character, default: 0] += 1 } }
    }

    func testEveryReportFitsEightyColumnsAndPipesKeepEveryCell() throws {
        for (name, report) in try reports() {
            let table = report.table
            XCTAssertFalse(table.rows.isEmpty && table.summary.isEmpty, "\(name): an empty table proves nothing")
            let screen = try Renderer.render(report, as: .table, width: 80)
            for line in screen.split(separator: "\n") {
                XCTAssertLessThanOrEqual(DisplayWidth.of(String(line)), 80, "\(name): \(line)\n\(screen)")
            }
            let piped = try Renderer.render(report, as: .table)
            let onScreen = characters(screen)
            for (character, count) in characters(piped) where character != "-" {
                XCTAssertGreaterThanOrEqual(onScreen[character] ?? 0, count, "\(name) lost a \(character)\n\(screen)")
            }
            for cell in table.rows.flatMap({ $0 }) where Double(cell) == nil && !cell.isEmpty {
                XCTAssertTrue(piped.contains(cell), "\(name): piped output cut \(cell)\n\(piped)")
            }
        }
    }

    /// The layouts' edges: a summary label too long to leave 20 columns for its value, and
    /// records (columns too many to stand side by side) with a CJK value.
    func testLongLabelsAndRecordsStayWithinTheWidth() {
        let long = String(repeating: "label ", count: 11) + cjk
        let table = ReportTable(title: "t", summary: [(long, "value " + cjk), ("short", "v")],
                                columns: (1...12).map { "column\($0)" }, rows: [(1...12).map { "\(cjk) \($0)" }])
        let screen = Renderer.table(table, width: 80)
        for line in screen.split(separator: "\n") {
            XCTAssertLessThanOrEqual(DisplayWidth.of(String(line)), 80, "\(line)\n\(screen)")
        }
        XCTAssertTrue(screen.contains("value"), screen)
        XCTAssertTrue(Renderer.table(table).contains("  " + long + "  value " + cjk), "piped: one line, nothing cut")
    }
}
