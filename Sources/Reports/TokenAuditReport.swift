import Tokens

/// `skew token audit`: the findings for the token on a reader.
public struct TokenAuditReport: Report {
    public var command: String { "token-audit" }
    public var reader: String
    public var family: String
    /// Serial and model (Token2) or hardware scheme and firmware (Protectimus).
    public var identity: String
    /// Every command the audit sent that changes the token (only the true-time write, when allowed).
    public var writesSent: [String]
    public var findings: [AuditFinding]

    public init(reader: String, family: String, identity: String, writesSent: [String], findings: [AuditFinding]) {
        self.reader = reader
        self.family = family
        self.identity = identity
        self.writesSent = writesSent
        self.findings = findings
    }

    enum CodingKeys: String, CodingKey {
        case reader, family, identity, writesSent = "writes_sent", findings
    }

    /// High-severity weaknesses shown on this token or inherent to its design.
    public var hasHighRisk: Bool {
        findings.contains { $0.severity == .high && ($0.status == .vulnerable || $0.status == .byDesign) }
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
