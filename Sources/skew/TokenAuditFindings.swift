import Foundation
import OTPCore
import Reports
import TimeSources
import TokenProtocol

/// The attacks and remedies the audit's findings explain, shared by both families.
enum AuditText {
    static let harvest = "With the token within NFC reach for a few seconds (a bag, a desk, a hand-over), an attacker sets its clock ahead, reads the code for that future moment, and sets the clock back: they then hold valid codes for times of their choosing, and nothing on the token shows it."
    static let readOTP = "Anyone who holds an NFC phone or reader to the token gets the current code without pressing its button or seeing its display."
    static let guardToken = "Treat the token as a bearer credential: keep it on you, never leave it where others can reach it, and replace it by a token that needs authentication to set its clock (or by a FIDO key). Verifiers: accept a narrow window and flag codes used out of order."
}

extension TokenAuditCommand {
    func auditProtectimus(info: ProtectimusInfo, connection: TokenConnection) throws -> TokenAuditReport {
        let session = ProtectimusSession(transport: connection.session.transport)
        let knownVulnerable = info.hardwareScheme == "70" && info.firmware == "10.01"
        var findings: [AuditFinding] = []
        do {
            _ = try session.readOTP()
            findings.append(AuditFinding(id: "otp-readable", title: "Code readable without authentication", severity: .high,
                                         status: .vulnerable, evidence: "READ OTP (86 03 42 00 42) answered a 6-digit code; no authentication exists.",
                                         attack: AuditText.readOTP, fix: AuditText.guardToken))
        } catch let error as ProtectimusError {
            findings.append(AuditFinding(id: "otp-readable", title: "Code readable without authentication", severity: .info,
                                         status: .notVulnerable, evidence: "READ OTP was not answered with a code: \(error.description)",
                                         attack: AuditText.readOTP, fix: AuditText.guardToken))
        }
        var writes: [String] = []
        if allowTimeWrite {
            let (write, seed, sent) = try testTimeWrite(session: session, info: info)
            findings += [write, seed]
            writes.append(sent)
        } else {
            let advisory = knownVulnerable
                ? "READ INFO reports hardware scheme 70 / firmware 10.01, the version SySS found to take SET TIME without authentication (CVE-2021-32033, SYSS-2021-007)."
                : "READ INFO reports hardware scheme \(info.hardwareScheme) / firmware \(info.firmware), not the version of the advisory (70 / 10.01)."
            findings.append(AuditFinding(id: "time-write-unauthenticated", title: "Time write accepted without authentication", severity: .high,
                                         status: .notTested, evidence: "Not tested: pass --allow-time-write and the secret to write the current true time. " + advisory,
                                         attack: AuditText.harvest, fix: AuditText.guardToken))
            findings.append(AuditFinding(id: "time-write-keeps-seed", title: "Seed kept across a time write", severity: .high,
                                         status: .notTested, evidence: "Not tested (needs --allow-time-write). The advisory reports the seed is kept.",
                                         attack: AuditText.harvest, fix: AuditText.guardToken))
        }
        findings.append(AuditFinding(id: "access-key", title: "Access key", severity: .high, status: .byDesign,
                                     evidence: "The Protectimus protocol has no authentication step (docs/token-protocol.md §11.2): no key, default or otherwise, guards its commands.",
                                     attack: AuditText.harvest, fix: AuditText.guardToken))
        return TokenAuditReport(reader: connection.reader, family: "protectimus",
                                identity: "hardware scheme \(info.hardwareScheme), firmware \(info.firmware)", writesSent: writes,
                                findings: findings)
    }

    /// Writes the current true time (and only that), then reads the code back; the findings for
    /// "time write accepted" and "seed kept", and a description of the write that was sent.
    private func testTimeWrite(session: ProtectimusSession, info: ProtectimusInfo) throws -> (AuditFinding, AuditFinding, String) {
        let clock = try referenceOptions.resolve()
        let setup = try ProtectimusSyncSetup(given: try GivenSecret(secret), info: info, reference: clock)
        let result = try setup.clockSync(session: session, range: 3000).run()
        let reference = clock.hostOffset.map { "NTP time from \($0.server)" } ?? "the host clock"
        let sent = "SET TIME \(ProtectimusCommand.setTime(result.written).maskedHex) = \(Timestamp.iso(Double(result.written.time))), the true time by \(reference)"
        let before = result.beforeSteps.map { "\($0) step(s) from true time" } ?? "not a code of this secret near true time"
        let timeStatus: AuditFinding.Status
        let timeEvidence: String
        let seedStatus: AuditFinding.Status
        let seedEvidence: String
        switch (result.verified, result.beforeSteps) {
        case (true, let steps) where steps != 0:
            timeStatus = .vulnerable
            timeEvidence = "Before the write the code was \(before); after an unauthenticated SET TIME of the true time it is true time's code."
            seedStatus = .vulnerable
            seedEvidence = "After the time write the token still shows this secret's codes: the seed was kept."
        case (true, _):
            timeStatus = result.acknowledged ? .vulnerable : .inconclusive
            timeEvidence = result.acknowledged
                ? "The token acknowledged an unauthenticated SET TIME of the true time, and shows true time's code. (Its clock was already within true time's step, so the code alone could not show the change.)"
                : "The token shows true time's code after the write, but it was already within true time's step and did not acknowledge SET TIME: the write may have been ignored."
            seedStatus = result.acknowledged ? .vulnerable : .inconclusive
            seedEvidence = "After the time write the token still shows this secret's codes."
        case (false, let steps) where steps != nil && steps == result.readbackSteps:
            timeStatus = .notVulnerable
            timeEvidence = "The code stayed \(before) after an unauthenticated SET TIME of the true time: the write was ignored."
            seedStatus = .notTested
            seedEvidence = "No time write was taken, so whether one keeps the seed is not known."
        case (false, _) where result.readbackSteps == nil:
            timeStatus = .inconclusive
            timeEvidence = "Before the write the code was \(before); afterwards it is no code of this secret near true time."
            seedStatus = .notVulnerable
            seedEvidence = "After the time write the token no longer shows this secret's codes: the seed was wiped or replaced (or the write set another time)."
        default:
            timeStatus = .inconclusive
            timeEvidence = "Before the write the code was \(before); afterwards \(result.readbackSteps.map { "\($0) step(s) from true time" } ?? "unknown")."
            seedStatus = .inconclusive
            seedEvidence = "The read-back does not decide it."
        }
        return (AuditFinding(id: "time-write-unauthenticated", title: "Time write accepted without authentication", severity: .high,
                             status: timeStatus, evidence: timeEvidence, attack: AuditText.harvest, fix: AuditText.guardToken),
                AuditFinding(id: "time-write-keeps-seed", title: "Seed kept across a time write", severity: .high, status: seedStatus,
                             evidence: seedEvidence, attack: AuditText.harvest, fix: AuditText.guardToken),
                sent)
    }

    func auditToken2(reading: TokenReading, connection: TokenConnection) throws -> TokenAuditReport {
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
        findings.append(try accessKeyFinding(session: connection.session))
        let identity = "serial \(reading.info.serial), \(model?.name ?? "unknown model")"
        return TokenAuditReport(reader: connection.reader, family: "token2", identity: identity, writesSent: [], findings: findings)
    }

    /// Tries the published key once, only when asked: GET CHALLENGE and one AUTHENTICATE, no write.
    private func accessKeyFinding(session: TokenSession) throws -> AuditFinding {
        let attack = "Anyone with the token in NFC reach for a few seconds can authenticate with the published key and rewrite its clock and seed; with a model that keeps the seed: " + AuditText.harvest
        let fix = AuditText.guardToken + " The key of single-profile tokens cannot be changed."
        guard allowAuthCheck else {
            return AuditFinding(id: "access-key", title: "Access key is the published default", severity: .high, status: .notTested,
                                evidence: "Not tried: pass --allow-auth-check. The published key is the same on every single-profile token and cannot be changed (docs/token-protocol.md §5.1, C2), so expect it to work. A refused AUTHENTICATE may count toward a permanent lockout on older tokens, which is why skew asks first.",
                                attack: attack, fix: fix)
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
