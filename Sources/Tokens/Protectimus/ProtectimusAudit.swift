import OTPCore
import TokenProtocol

extension ProtectimusDevice {
    /// Reads the code, and writes the current true time (never another) only when the request
    /// allows it, to see whether an unauthenticated time write is taken and keeps the seed.
    public func audit(_ request: AuditRequest) throws -> TokenAudit {
        if request.expendableProfile != nil { throw TokenCapabilityError.noProfiles(.protectimus, request: .expendableProfile) }
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
        if request.allowTimeWrite {
            let (write, seed, sent) = try testTimeWrite(request)
            findings += [write, seed]
            writes.append(sent)
        } else {
            let advisory = knownVulnerable
                ? "READ INFO reports hardware scheme 70 / firmware 10.01, the version SySS found to take SET TIME without authentication (CVE-2021-32033, SYSS-2021-007)."
                : "READ INFO reports hardware scheme \(info.hardwareScheme) / firmware \(info.firmware), not the version of the advisory (70 / 10.01)."
            findings.append(AuditFinding(id: "time-write-unauthenticated", title: "Time write accepted without authentication", severity: .high,
                                         status: .notTested, evidence: "Not tested: that takes a write of the current true time, allowed by the person, and the secret. " + advisory,
                                         attack: AuditText.harvest, fix: AuditText.guardToken, test: .timeWrite))
            findings.append(AuditFinding(id: "time-write-keeps-seed", title: "Seed kept across a time write", severity: .high,
                                         status: .notTested, evidence: "Not tested (needs an allowed time write). The advisory reports the seed is kept.",
                                         attack: AuditText.harvest, fix: AuditText.guardToken, test: .timeWrite))
        }
        findings.append(AuditFinding(id: "access-key", title: "Access key", severity: .high, status: .byDesign,
                                     evidence: "The Protectimus protocol has no authentication step (docs/token-protocol.md §11.2): no key, default or otherwise, guards its commands.",
                                     attack: AuditText.harvest, fix: AuditText.guardToken))
        return TokenAudit(identity: identity, identityText: "hardware scheme \(info.hardwareScheme), firmware \(info.firmware)",
                          writesSent: writes, findings: findings)
    }

    /// Writes the current true time (and only that), then reads the code back; the findings for
    /// "time write accepted" and "seed kept", and a description of the write that was sent.
    private func testTimeWrite(_ request: AuditRequest) throws -> (AuditFinding, AuditFinding, String) {
        let clock = try request.reference()
        let result = try clockSync(account: try request.account(), reference: clock, range: 3000).run()
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
}
