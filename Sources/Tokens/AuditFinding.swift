/// One security check of `skew token audit`: what was checked, what was found, the attack it
/// enables and what to do about it.
public struct AuditFinding: Encodable, Sendable, Equatable {
    public enum Severity: String, Encodable, Sendable { case high, medium, low, info }

    public enum Status: String, Encodable, Sendable {
        /// Shown on this token by what it answered.
        case vulnerable
        /// The token answered in a way that rules the weakness out.
        case notVulnerable = "not-vulnerable"
        /// Follows from the protocol or the model table, not from a test on this token.
        case byDesign = "by-design"
        /// Not tested (needs an opt-in flag or a secret); the evidence says why.
        case notTested = "not-tested"
        /// Tested, but the answer does not decide it.
        case inconclusive
    }

    public var id: String
    public var title: String
    public var severity: Severity
    public var status: Status
    public var evidence: String
    public var attack: String
    public var fix: String
    /// For a check not tested: the permission that would test it (a front end names its own
    /// control for it after the evidence). Not part of the JSON: the evidence says it in words.
    public var test: AuditRequest.Permission?
    /// A step of the fix that a front end applies (the CLI names its command). Not part of the JSON.
    public var remedy: TokenRemedy?

    public init(id: String, title: String, severity: Severity, status: Status, evidence: String, attack: String, fix: String,
                test: AuditRequest.Permission? = nil, remedy: TokenRemedy? = nil) {
        self.id = id
        self.title = title
        self.severity = severity
        self.status = status
        self.evidence = evidence
        self.attack = attack
        self.fix = fix
        self.test = test
        self.remedy = remedy
    }

    enum CodingKeys: CodingKey {
        case id, title, severity, status, evidence, attack, fix
    }
}
