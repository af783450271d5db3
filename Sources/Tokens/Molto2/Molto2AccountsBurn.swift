import OTPCore
import TokenProtocol

extension Molto2Device {
    /// Every account onto the free profiles (no seed), lowest first, in one session: every block
    /// read, everything checked before anything is sent (enough free profiles, settings a profile
    /// can hold), one AUTHENTICATE, WRITE SEED and WRITE TITLE per account, then each config at a
    /// whole reference second; verified by every block read back.
    public func planAccountsBurn(_ request: AccountsBurnRequest, reference: ReferenceClock) throws -> ClockWritePlan {
        guard let access = request.keyAccess else { throw Self.keyNeeded }
        let configs = try request.accounts.map { try Self.config($0.parameters, displayTimeout: request.displayTimeout) }
        let titles = request.accounts.map { Self.title(fitting: $0.title) }
        let summary = "\(request.dryRun ? "would burn" : "burning") \(request.accounts.count) account\(request.accounts.count == 1 ? "" : "s") onto the free profiles of Molto2 \(reading.info.serial), clock from \(reference.name)"
        let listing = request.dryRun
            ? ["sent: \(reading.exchange.command.maskedHex)  [GET INFO]", "would send: \(Molto2Command.readPublicData(Molto2Profile(0)!).maskedHex) … for profiles 0–99  [READ PUBLIC DATA] (to find the free ones)",
               "would send: \(Molto2Command.getChallenge.maskedHex)  [GET CHALLENGE]", "would send: 80 CE 00 00 10 \(Array(repeating: "**", count: 16).joined(separator: " "))  [AUTHENTICATE] (once)"]
                + zip(request.accounts, titles).map { account, title in
                    "then, for '\(title)' on the next free profile NN: 84 C5 01 NN … [WRITE SEED, \(account.seed.bytes.count) bytes], 84 D5 00 NN 14 … [WRITE TITLE], 84 D4 01 NN 1A … [WRITE CONFIG at a whole second]"
                } + ["then READ PUBLIC DATA of each written profile, and GET INFO until its second changes"]
            : []
        return ClockWritePlan(identity: identity, summary: summary, warnings: [], dryRun: listing) { [self] in
            let blocks = try Molto2Profile.all.map { try session.readPublicData($0) }
            let free = Molto2Profile.all.filter { !blocks[Int($0.number)].seedPresent }
            guard free.count >= request.accounts.count else {
                throw InputError(input: "accounts", problem: "\(request.accounts.count) accounts, but only \(free.count) profiles are free (without a seed)",
                                 fix: "delete profiles you no longer need, or burn fewer accounts", remedy: .freeProfiles)
            }
            let targets = Array(free.prefix(request.accounts.count))
            try authenticate(access)
            for (index, profile) in targets.enumerated() {
                try session.writeSeed(request.accounts[index].seed.bytes, profile: profile)
                try session.writeTitle(titles[index], profile: profile)
            }
            var writer = Molto2Writer(device: self, reference: reference)
            try writer.measureLatency()
            let sent = try writer.alignedWrites(targets) { profile, second in
                var config = configs[targets.firstIndex(of: profile)!]
                config.time = second
                return try session.writeConfig(config, profile: profile)
            }
            var mismatches: [String] = []
            let profiles = try sent.enumerated().map { index, item in
                let after = try session.readPublicData(item.profile)
                mismatches += Self.mismatches(after, settings: configs[index], title: titles[index]).map { "profile \(item.profile.number): \($0)" }
                return Molto2Write.ProfileWrite(profile: Int(item.profile.number), writtenTime: item.second, arrivalError: item.arrival,
                                                refusedStatus: item.refused, timeFieldBBefore: blocks[Int(item.profile.number)].timeB,
                                                timeFieldBAfter: after.timeB, readback: after)
            }
            let device = try writer.deviceClockAfter()
            let write = Molto2Write(serial: reading.info.serial, command: "burn", profiles: profiles,
                                    deviceOffsetBefore: reading.offsetEstimate - reference.correction, deviceOffsetAfter: device.offset,
                                    deviceUncertaintyAfter: device.uncertainty, deviceClock: device.moved)
            let refused = profiles.filter { $0.refusedStatus != nil }.map { String($0.profile) }
            return ClockWriteResult(identity: identity, reference: reference, offsetAfter: device.offset, uncertainty: device.uncertainty,
                                    time: reference.now(), verified: refused.isEmpty && mismatches.isEmpty,
                                    unverified: TokenAdvice(refused.isEmpty
                                        ? "the read-back does not show what was written (\(mismatches.joined(separator: "; ")))"
                                        : "the token refused the config of profile(s) \(refused.joined(separator: ", "))", remedies: [.inspectToken]),
                                    historyToken: reading.info.serial, historyMethod: Molto2Device.readbackMethod, detail: write, seedCodes: nil)
        }
    }

    /// A title of at most 12 bytes of UTF-8, cut on a character boundary (the token shows no more).
    static func title(fitting text: String) -> String {
        var title = ""
        for character in text {
            guard (title + String(character)).utf8.count <= 12 else { break }
            title.append(character)
        }
        return title.isEmpty ? "account" : title
    }
}
