import TokenProtocol

extension Molto2Device {
    /// Reads every public block; tries the factory key once only with `allowAuthCheck`; deletes
    /// the seed of the one profile the person named as expendable, without authenticating, only
    /// when asked. Nothing else is written.
    public func audit(_ request: AuditRequest) throws -> TokenAudit {
        let blocks = try Molto2Profile.all.map { ($0, try session.readPublicData($0)) }
        let seeded = blocks.filter { $0.1.seedPresent }.count
        let titled = blocks.filter { !$0.1.titleBytes.isEmpty }.count
        var writes: [String] = []
        var findings = [
            AuditFinding(id: "profiles-readable", title: "Titles and occupancy readable without the key", severity: .low, status: .vulnerable,
                         evidence: "READ PUBLIC DATA answered for all 100 profiles without authentication: \(seeded) hold a seed, \(titled) have a title.",
                         attack: "Anyone holding the token learns which accounts it carries from the titles.",
                         fix: "Keep account names out of titles if that matters; the block cannot be hidden."),
            AuditFinding(id: "otp-readable", title: "Code readable without authentication", severity: .info, status: .notVulnerable,
                         evidence: "No Molto2 command reads a code or a seed (docs/token-protocol.md §11.1.3).",
                         attack: AuditText.readOTP, fix: "Nothing to do for this check."),
        ]
        let (keyFinding, triesFinding) = try accessKeyFindings(allowed: request.allowAuthCheck)
        findings.append(keyFinding)
        findings.append(triesFinding)
        findings.append(try deleteFinding(profile: request.expendableProfile, blocks: blocks, writes: &writes))
        findings.append(AuditFinding(id: "screen-lock", title: "Screen lock state", severity: .info, status: .notTested,
                                     evidence: "No command reads whether the screen lock is on, and skew does not send the lock command (its framing and effect are unconfirmed, docs/token-protocol.md §11.1.3).",
                                     attack: "Without a screen lock anyone holding the token reads every profile's code on its display.",
                                     fix: "Check on the device; the vendor documents a screen lock from firmware 2.1."))
        return TokenAudit(identity: identity, identityText: "serial \(reading.info.serial), Molto2", writesSent: writes, findings: findings)
    }

    /// One AUTHENTICATE with the factory key when allowed; its answer decides both the key finding
    /// and what is known of the tries counter (readable only from a refusal).
    private func accessKeyFindings(allowed: Bool) throws -> (AuditFinding, AuditFinding) {
        let attack = "With the factory customer key (published) anyone holding the token rewrites every profile's seed, title and time, and anyone recording a burn on the USB link decrypts the seed."
        let fix = "Change the customer key and keep the new one safe."
        let triesTitle = "Authentication tries left"
        guard allowed else {
            return (AuditFinding(id: "access-key", title: "Customer key is the factory default", severity: .high, status: .notTested,
                                 evidence: "Not tried (needs permission to authenticate once). A refused AUTHENTICATE costs one of the token's tries, which is why skew asks first.",
                                 attack: attack, fix: fix, test: .authenticationCheck, remedy: .changeCustomerKey),
                    AuditFinding(id: "tries-left", title: triesTitle, severity: .info, status: .notTested,
                                 evidence: "No command reads the counter; only a refused AUTHENTICATE shows it (63 Cx).",
                                 attack: "At zero the token locks; only a factory reset (which erases every profile) is known to help.", fix: "Nothing to do for this check."))
        }
        switch try session.authenticate(key: .factory) {
        case .authenticated:
            return (AuditFinding(id: "access-key", title: "Customer key is the factory default", severity: .high, status: .vulnerable,
                                 evidence: "AUTHENTICATE with the factory key succeeded (one GET CHALLENGE and one AUTHENTICATE; nothing was written).",
                                 attack: attack, fix: fix, remedy: .changeCustomerKey),
                    AuditFinding(id: "tries-left", title: triesTitle, severity: .info, status: .notVulnerable,
                                 evidence: "The authentication succeeded, which resets the counter on the device that was tested; its full value is unknown.",
                                 attack: "At zero the token locks.", fix: "Nothing to do for this check."))
        case .refused(let sw, let triesLeft):
            let left = triesLeft.map { "\($0) tries left" } ?? "tries left not given"
            return (AuditFinding(id: "access-key", title: "Customer key is the factory default", severity: .info, status: .notVulnerable,
                                 evidence: "AUTHENTICATE with the factory key was refused (\(StatusWord.text(sw)), \(left)): the customer key was changed. skew did not try again.",
                                 attack: attack, fix: "Nothing to do for this check."),
                    AuditFinding(id: "tries-left", title: triesTitle, severity: (triesLeft ?? 0) <= 2 ? .high : .low, status: .vulnerable,
                                 evidence: "The refusal (\(StatusWord.text(sw))) left \(left); this audit used one.",
                                 attack: "At zero the token locks; only a factory reset (which erases every profile) is known to help.",
                                 fix: "Authenticate once with the right key to reset the counter; never try keys on it."))
        }
    }

    /// DELETE SEED without authentication on the named expendable profile, only with its seed present.
    private func deleteFinding(profile number: Int?, blocks: [(Molto2Profile, Molto2PublicData)], writes: inout [String]) throws -> AuditFinding {
        let title = "Seed deletion without the key"
        let attack = "Anyone holding the token erases any profile's seed without the customer key, locking its owner out of that account."
        let fix = "Keep backup codes or a second factor for every account on the token, and keep it on you."
        guard let number, let profile = Molto2Profile(number) else {
            return AuditFinding(id: "delete-unauthenticated", title: title, severity: .medium, status: .notTested,
                                evidence: "Not tested (needs a profile named whose seed you can lose). The device that was tested deleted without authentication (docs/token-protocol.md §11.1.3).",
                                attack: attack, fix: fix, test: .deleteCheck)
        }
        guard blocks[Int(profile.number)].1.seedPresent else {
            return AuditFinding(id: "delete-unauthenticated", title: title, severity: .medium, status: .notTested,
                                evidence: "Not tested: profile \(number) holds no seed, so a deletion would show nothing. Burn a throwaway seed on it first.",
                                attack: attack, fix: fix)
        }
        let command = Molto2Command.deleteSeed(profile)
        writes.append("\(command.maskedHex)  [\(command.name), profile \(number), without authentication]")
        let outcome: Molto2DeleteOutcome
        do {
            outcome = try session.deleteSeed(profile)
        } catch Molto2Error.unexpectedStatus(_, let sw) {
            return AuditFinding(id: "delete-unauthenticated", title: title, severity: .medium, status: .notVulnerable,
                                evidence: "DELETE SEED on profile \(number), sent without authentication, was refused (\(StatusWord.text(sw))).",
                                attack: attack, fix: "Nothing to do for this check.")
        }
        let after = try session.readPublicData(profile)
        let deleted = outcome == .deleted && !after.seedPresent
        return AuditFinding(id: "delete-unauthenticated", title: title, severity: .medium, status: deleted ? .vulnerable : .notVulnerable,
                            evidence: deleted ? "DELETE SEED on profile \(number), sent without authentication, answered 90 00 and the public block now shows no seed."
                                : "DELETE SEED on profile \(number) without authentication did not remove the seed (the public block still shows it).",
                            attack: attack, fix: deleted ? fix : "Nothing to do for this check.")
    }
}
