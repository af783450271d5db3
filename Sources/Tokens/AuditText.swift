/// The attacks and remedies the audit's findings explain, shared by both families.
enum AuditText {
    static let harvest = "With the token within NFC reach for a few seconds (a bag, a desk, a hand-over), an attacker sets its clock ahead, reads the code for that future moment, and sets the clock back: they then hold valid codes for times of their choosing, and nothing on the token shows it."
    static let readOTP = "Anyone who holds an NFC phone or reader to the token gets the current code without pressing its button or seeing its display."
    static let guardToken = "Treat the token as a bearer credential: keep it on you, never leave it where others can reach it, and replace it by a token that needs authentication to set its clock (or by a FIDO key). Verifiers: accept a narrow window and flag codes used out of order."
}

/// What `skew token audit` asks for: reads always, writes only where allowed.
public struct AuditRequest {
    /// A check the audit runs only when the person allows it.
    public enum Permission: Sendable, Equatable {
        /// Write the current true time (needs the secret to verify it).
        case timeWrite
        /// Authenticate once with the published or factory key.
        case authenticationCheck
        /// Delete the seed of a profile the person can lose.
        case deleteCheck
    }

    /// Protectimus: write the current true time (never another) to see whether an unauthenticated
    /// time write is taken.
    public var allowTimeWrite: Bool
    /// Token2: try the published access key once (GET CHALLENGE and one AUTHENTICATE, no write).
    public var allowAuthCheck: Bool
    /// Asked for only by a time write: the true time, then the account to verify the write with.
    public var reference: () throws -> ReferenceClock
    public var account: () throws -> TokenAccount
    /// A token with profiles: the profile the person named as expendable, whose seed the audit may
    /// try to delete without authentication. Nil: that check is not tested.
    public var expendableProfile: Int?

    public init(allowTimeWrite: Bool, allowAuthCheck: Bool, expendableProfile: Int? = nil, reference: @escaping () throws -> ReferenceClock,
                account: @escaping () throws -> TokenAccount) {
        self.allowTimeWrite = allowTimeWrite
        self.allowAuthCheck = allowAuthCheck
        self.expendableProfile = expendableProfile
        self.reference = reference
        self.account = account
    }
}

/// The findings of an audit, and every command it sent that changes the token.
public struct TokenAudit: Sendable {
    public var identity: TokenIdentity
    /// Serial and model (Token2) or hardware scheme and firmware (Protectimus), in words.
    public var identityText: String
    public var writesSent: [String]
    public var findings: [AuditFinding]

    public init(identity: TokenIdentity, identityText: String, writesSent: [String], findings: [AuditFinding]) {
        self.identity = identity
        self.identityText = identityText
        self.writesSent = writesSent
        self.findings = findings
    }

    /// Whether the token has a high-severity weakness, shown on it or inherent to its design: the
    /// audit's answer (`skew token audit` exits 1 for it). Untested and ruled-out checks do not count.
    public var hasHighRisk: Bool {
        findings.contains { $0.severity == .high && ($0.status == .vulnerable || $0.status == .byDesign) }
    }
}
