import TokenProtocol

extension Token2Device {
    /// Reads only: the findings follow from the protocol and the model table, and the published key
    /// is tried once only when the request allows it. Nothing is ever written to a Token2 token.
    public func audit(_ request: AuditRequest) throws -> TokenAudit {
        if request.expendableProfile != nil { throw TokenCapabilityError.noProfiles(.token2, request: .expendableProfile) }
        let model = reading.info.model
        var findings = [
            AuditFinding(id: "otp-readable", title: "Code readable without authentication", severity: .info, status: .notVulnerable,
                         evidence: "No Token2 single-profile command reads the code (docs/token-protocol.md §3); it is only on the display. skew sent GET INFO only.",
                         attack: AuditText.readOTP, fix: "Nothing to do for this check."),
            AuditFinding(id: "time-write-unauthenticated", title: "Time write accepted without authentication", severity: .info,
                         status: .notVulnerable,
                         evidence: "WRITE CONFIG needs AUTHENTICATE first (docs/token-protocol.md §3, C2). Not tested by writing: skew never writes to a Token2 token in an audit. The key it needs is public (see Access key).",
                         attack: AuditText.harvest, fix: AuditText.guardToken),
        ]
        switch model?.keepsSeedOnTimeWrite {
        case true?:
            findings.append(AuditFinding(id: "time-write-keeps-seed", title: "Seed kept across a time write", severity: .medium, status: .byDesign,
                                         evidence: "\(model!.name) keeps the seed when its clock is set (vendor's model table, docs/token-protocol.md §10); not tested by writing.",
                                         attack: "Anyone with the published access key (below) can do the time-travel attack: " + AuditText.harvest,
                                         fix: AuditText.guardToken + " Models that wipe the seed on a time write (e.g. OTPC-P2-i) are immune to it."))
        case false?:
            findings.append(AuditFinding(id: "time-write-keeps-seed", title: "Seed kept across a time write", severity: .info, status: .notVulnerable,
                                         evidence: "\(model!.name) wipes the seed when its clock is set (vendor's model table, docs/token-protocol.md §10): a clock set ahead shows no valid code. Not tested by writing.",
                                         attack: AuditText.harvest, fix: "Nothing to do; syncing this model means re-seeding it."))
        case nil:
            findings.append(AuditFinding(id: "time-write-keeps-seed", title: "Seed kept across a time write", severity: .medium, status: .notTested,
                                         evidence: "Serial prefix \(reading.info.serial.prefix(7)) is not in the model table; skew assumes a time write wipes the seed but did not test it (it never writes).",
                                         attack: AuditText.harvest, fix: AuditText.guardToken))
        }
        findings.append(try accessKeyFinding(allowed: request.allowAuthCheck))
        let identity = "serial \(reading.info.serial), \(model?.name ?? "unknown model")"
        return TokenAudit(identity: self.identity, identityText: identity, writesSent: [], findings: findings)
    }

    /// Tries the published key once, only when asked: GET CHALLENGE and one AUTHENTICATE, no write.
    private func accessKeyFinding(allowed: Bool) throws -> AuditFinding {
        let attack = "Anyone with the token in NFC reach for a few seconds can authenticate with the published key and rewrite its clock and seed; with a model that keeps the seed: " + AuditText.harvest
        let fix = AuditText.guardToken + " The key of single-profile tokens cannot be changed."
        guard allowed else {
            return AuditFinding(id: "access-key", title: "Access key is the published default", severity: .high, status: .notTested,
                                evidence: "Not tried (needs permission to authenticate once). The published key is the same on every single-profile token and cannot be changed (docs/token-protocol.md §5.1, C2), so expect it to work. A refused AUTHENTICATE may count toward a permanent lockout on older tokens, which is why skew asks first.",
                                attack: attack, fix: fix, test: .authenticationCheck)
        }
        do {
            try session.authenticate()
            return AuditFinding(id: "access-key", title: "Access key is the published default", severity: .high, status: .vulnerable,
                                evidence: "AUTHENTICATE with the published key succeeded (one GET CHALLENGE and one AUTHENTICATE; nothing was written).",
                                attack: attack, fix: fix)
        } catch TokenError.lockedOrWrongKey {
            return AuditFinding(id: "access-key", title: "Access key is the published default", severity: .info, status: .notVulnerable,
                                evidence: "AUTHENTICATE with the published key was refused (69 83): the token uses another key, or it is locked. skew did not try again.",
                                attack: attack, fix: "Nothing to do for this check.")
        }
    }
}
