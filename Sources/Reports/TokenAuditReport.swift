import Tokens

/// `skew token audit`: the findings for the token on a reader, and the audit's answer
/// (`high_risk`), which the audit decides.
public struct TokenAuditReport: Report {
    public var command: String { "token-audit" }
    public var schemaVersion: Int { 2 }
    public var reader: String
    public var family: String
    /// Serial and model (Token2) or hardware scheme and firmware (Protectimus).
    public var identity: String
    /// Every command the audit sent that changes the token (only the true-time write, when allowed).
    public var writesSent: [String]
    public var findings: [AuditFinding]
    public var highRisk: Bool

    public init(_ audit: TokenAudit) {
        reader = audit.identity.reader
        family = audit.identity.family.rawValue
        identity = audit.identityText
        writesSent = audit.writesSent
        findings = audit.findings
        highRisk = audit.hasHighRisk
    }

    public var table: ReportTable {
        ReportTable(
            title: "Security audit of the \(family) token on \(reader) (\(identity))",
            summary: [("writes sent", writesSent.isEmpty ? "none" : writesSent.joined(separator: "; "))],
            columns: ["check", "severity", "status", "evidence"],
            rows: findings.map { [$0.title, $0.severity.rawValue, $0.status.rawValue, $0.evidence] },
            notes: explanations)
    }

    /// Each distinct attack and remedy once, headed by the checks it explains (JSON keeps them per finding).
    private var explanations: [String] {
        var groups: [(titles: [String], attack: String, fix: String)] = []
        for finding in findings where finding.status != .notVulnerable {
            if let index = groups.firstIndex(where: { $0.attack == finding.attack && $0.fix == finding.fix }) {
                groups[index].titles.append(finding.title)
            } else {
                groups.append(([finding.title], finding.attack, finding.fix))
            }
        }
        return groups.map { "\($0.titles.joined(separator: "; ")): \($0.attack) What to do: \($0.fix)" }
    }
}
