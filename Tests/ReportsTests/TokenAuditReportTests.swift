import Reports
import Tokens
import XCTest

final class TokenAuditReportTests: XCTestCase {
    private func finding(_ id: String, _ severity: AuditFinding.Severity, _ status: AuditFinding.Status, attack: String = "A.") -> AuditFinding {
        AuditFinding(id: id, title: id, severity: severity, status: status, evidence: "e", attack: attack, fix: "F.")
    }

    func testTableExplainsEachAttackOnceAndSkipsRuledOutChecks() {
        let report = TokenAuditReport(reader: "r", family: "protectimus", identity: "i", writesSent: [], findings: [
            finding("one", .high, .vulnerable), finding("two", .high, .notTested), finding("three", .info, .notVulnerable, attack: "B."),
            finding("four", .medium, .byDesign, attack: "C."),
        ])
        XCTAssertEqual(report.table.notes, ["one; two: A. What to do: F.", "four: C. What to do: F."])
        XCTAssertTrue(report.hasHighRisk)
    }

    func testOnlyHighSeverityShownOrByDesignIsHighRisk() {
        let untested = TokenAuditReport(reader: "r", family: "token2", identity: "i", writesSent: [], findings: [
            finding("key", .high, .notTested), finding("seed", .medium, .byDesign), finding("otp", .info, .notVulnerable),
        ])
        XCTAssertFalse(untested.hasHighRisk)
    }
}
