import OTPCore
import TokenProtocol

extension Molto2Device {
    /// A sync of the named profiles: their public blocks read first, one AUTHENTICATE, the
    /// time-only write to each at a whole reference second, then each block read back and the
    /// device clock timed. It never fails because GET INFO did not move (the per-profile reading).
    public func planClockWrite(_ request: ClockWriteRequest) throws -> ClockWritePlan {
        let targets = try Self.profiles(request.profiles, command: "sync")
        guard let access = request.keyAccess else { throw Self.keyNeeded }
        let reference = request.reference
        let summary = "\(request.dryRun ? "would set" : "setting") the time of \(targets.count == 100 ? "all 100 profiles" : "profile \(targets[0].number)") on Molto2 \(reading.info.serial) from \(reference.name), each write at a whole second (time-only config: seed, title and settings stay)"
        let listing = request.dryRun ? try dryRunLines(targets: targets, writes: { profile, second in
            try Molto2Command.syncTime(second, profile: profile, key: .factory)
        }) : []
        return ClockWritePlan(identity: identity, summary: summary, warnings: [], dryRun: listing) { [self] in
            let before = try targets.map { try session.readPublicData($0) }
            try authenticate(access)
            var writer = Molto2Writer(device: self, reference: reference)
            try writer.measureLatency()
            let sent = try writer.alignedWrites(targets) { profile, second in try session.syncTime(second, profile: profile) }
            let profiles = try zip(sent, before).map { item, block in
                let after = try session.readPublicData(item.profile)
                return Molto2Write.ProfileWrite(profile: Int(item.profile.number), writtenTime: item.second, arrivalError: item.arrival,
                                                refusedStatus: item.refused, timeFieldBBefore: block.timeB, timeFieldBAfter: after.timeB, readback: after)
            }
            let device = try writer.deviceClockAfter()
            let write = Molto2Write(serial: reading.info.serial, command: "sync", profiles: profiles, deviceOffsetBefore: reading.offsetEstimate - reference.correction,
                                    deviceOffsetAfter: device.offset, deviceUncertaintyAfter: device.uncertainty, deviceClock: device.moved)
            let acknowledged = profiles.allSatisfy { $0.refusedStatus == nil }
            let verified = acknowledged && (abs(device.offset) <= 1 || profiles.allSatisfy(\.fieldShowsWrite))
            return ClockWriteResult(identity: identity, reference: reference, offsetAfter: device.offset, uncertainty: device.uncertainty,
                                    time: reference.now(), verified: verified,
                                    unverified: TokenAdvice(acknowledged
                                        ? "read-back: the device clock is \(String(format: "%.2f", device.offset)) s from \(reference.name) and the profiles' time fields do not show the written seconds, so nothing shows the write took"
                                        : "the token refused the write to profile(s) \(profiles.filter { $0.refusedStatus != nil }.map { String($0.profile) }.joined(separator: ", ")) (the others were written)",
                                        remedies: [.inspectToken]),
                                    historyToken: reading.info.serial, historyMethod: Molto2Device.readbackMethod, detail: write, seedCodes: nil)
        }
    }

    static var keyNeeded: InputError {
        InputError(input: "customer key", problem: "writes to a Molto2 need its customer key",
                   fix: "give the customer key (the factory key is TOKEN2MOLTO1-KEY)", remedy: .customerKey)
    }

    /// `--dry-run`: the GET INFO detection sent, then every command a real run would send, with
    /// ciphertext and MACs masked (the dry run builds them under the factory key).
    func dryRunLines(targets: [Molto2Profile], writes: (Molto2Profile, UInt32) throws -> CommandAPDU) throws -> [String] {
        var lines = ["sent: \(reading.exchange.command.maskedHex)  [GET INFO] (read-only; a dry run sends nothing else)"]
        let second = SecondAlignment(referenceNow: link.clock.now(), latency: 0).second
        func line(_ command: CommandAPDU, _ note: String = "") { lines.append("would send: \(command.maskedHex)  [\(command.name)]\(note)") }
        for profile in targets { line(Molto2Command.readPublicData(profile), " (profile \(profile.number) before)") }
        line(Molto2Command.getChallenge)
        line(try Molto2Command.authenticate(challenge: [UInt8](repeating: 0, count: 8), key: .factory), " (once, under the customer key)")
        for profile in targets { line(try writes(profile, second), " (profile \(profile.number), at a whole second)") }
        for profile in targets { line(Molto2Command.readPublicData(profile), " (profile \(profile.number) read back)") }
        line(Molto2Command.getInfo, " (device clock read back, repeated until its second changes)")
        return lines
    }
}
