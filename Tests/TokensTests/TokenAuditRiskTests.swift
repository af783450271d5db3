import Tokens
import XCTest

/// `TokenAudit.hasHighRisk`, the answer `skew token audit` exits 1 for: only a high-severity weakness
/// shown on the token or inherent to its design counts.
final class TokenAuditRiskTests: XCTestCase {
    private func audit(_ findings: [(AuditFinding.Severity, AuditFinding.Status)]) -> TokenAudit {
        TokenAudit(identity: TokenIdentity(family: .token2, reader: "r"), identityText: "i", writesSent: [],
                   findings: findings.enumerated().map { index, finding in
                       AuditFinding(id: "\(index)", title: "t", severity: finding.0, status: finding.1, evidence: "e", attack: "a", fix: "f")
                   })
    }

    func testAHighSeverityWeaknessShownOrByDesignIsHighRisk() {
        XCTAssertTrue(audit([(.high, .vulnerable)]).hasHighRisk)
        XCTAssertTrue(audit([(.info, .notVulnerable), (.high, .byDesign)]).hasHighRisk)
    }

    func testUntestedRuledOutOrLowerSeverityIsNot() {
        XCTAssertFalse(audit([(.high, .notTested), (.high, .notVulnerable), (.high, .inconclusive)]).hasHighRisk)
        XCTAssertFalse(audit([(.medium, .byDesign), (.medium, .vulnerable), (.low, .vulnerable), (.info, .byDesign)]).hasHighRisk)
        XCTAssertFalse(audit([]).hasHighRisk)
    }
}
