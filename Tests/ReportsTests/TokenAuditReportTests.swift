import Reports
import Tokens
import XCTest

final class TokenAuditReportTests: XCTestCase {
    private func finding(_ id: String, _ severity: AuditFinding.Severity, _ status: AuditFinding.Status, attack: String = "A.") -> AuditFinding {
        AuditFinding(id: id, title: id, severity: severity, status: status, evidence: "e", attack: attack, fix: "F.")
    }

    private func audit(_ findings: [AuditFinding]) -> TokenAudit {
        TokenAudit(identity: TokenIdentity(family: .protectimus, reader: "r"), identityText: "i", writesSent: [], findings: findings)
    }

    func testTableExplainsEachAttackOnceAndSkipsRuledOutChecks() {
        let report = TokenAuditReport(audit([
            finding("one", .high, .vulnerable), finding("two", .high, .notTested), finding("three", .info, .notVulnerable, attack: "B."),
            finding("four", .medium, .byDesign, attack: "C."),
        ]))
        XCTAssertEqual(report.table.notes, ["one; two: A. What to do: F.", "four: C. What to do: F."])
    }

    /// The report presents the audit's answer; it does not decide it again.
    func testHighRiskIsTheAuditsAnswer() throws {
        let risky = audit([finding("one", .high, .vulnerable)])
        let safe = audit([finding("one", .high, .notTested)])
        for audit in [risky, safe] {
            let json = try Renderer.json(TokenAuditReport(audit))
            XCTAssertTrue(json.contains("\"high_risk\" : \(audit.hasHighRisk)"), json)
        }
    }
}
