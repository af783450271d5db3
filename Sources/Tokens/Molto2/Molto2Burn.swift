import OTPCore
import TokenProtocol

extension Molto2Device {
    /// A burn of one free profile: its block read first (an occupied profile is refused: delete it
    /// on purpose first), one AUTHENTICATE, WRITE SEED, WRITE TITLE (when given), then the full
    /// config at a whole reference second; verified by the block read back (seed present, title
    /// and settings as written), since no command reads a code.
    public func planBurn(_ request: BurnRequest, reference: ReferenceClock) throws -> ClockWritePlan {
        let profile = try Self.profiles(request.profile.map(ProfileSelection.one), command: "burn")[0]
        let number = Int(profile.number)
        let settings = try Self.config(request.parameters, displayTimeout: request.settings.displayTimeout)
        if let title = request.title, !(1...12).contains(title.utf8.count) { throw Molto2Error.titleLength(title.utf8.count) }
        guard let access = request.keyAccess else { throw Self.keyNeeded }
        let seed = request.seed
        let summary = "\(request.dryRun ? "would burn" : "burning") profile \(number) of Molto2 \(reading.info.serial): \(request.parameters.algorithm.rawValue), \(settings.digits.count) digits, \(settings.step.seconds) s step, display \(settings.displayTimeout.seconds) s, title \(request.title.map { "'\($0)'" } ?? "(none)"), seed fingerprint \(seed.fingerprint) (\(seed.bytes.count) bytes), clock from \(reference.name)"
        var warnings: [String] = []
        if request.dryRun && request.showSecrets {
            warnings.append("showing secrets does not apply to a Molto2 dry run: its ciphertext depends on the customer key, which a dry run does not read")
        }
        let listing = request.dryRun ? try burnDryRun(profile: profile, seed: seed.bytes, title: request.title, settings: settings) : []
        return ClockWritePlan(identity: identity, summary: summary, warnings: warnings, dryRun: listing) { [self] in
            let before = try session.readPublicData(profile)
            guard !before.seedPresent else {
                throw InputError(input: "profile \(number)", problem: "profile \(number) (\(before.title.isEmpty ? "no title" : "'\(before.title)'")) already holds a seed; a Molto2 may refuse or silently replace it",
                                 fix: "delete its seed on purpose first, or pick a free profile", remedy: .freeProfile(number))
            }
            try authenticate(access)
            try session.writeSeed(seed.bytes, profile: profile)
            if let title = request.title { try session.writeTitle(title, profile: profile) }
            var writer = Molto2Writer(device: self, reference: reference)
            try writer.measureLatency()
            let sent = try writer.alignedWrites([profile]) { profile, second in
                var config = settings
                config.time = second
                return try session.writeConfig(config, profile: profile)
            }[0]
            let after = try session.readPublicData(profile)
            let device = try writer.deviceClockAfter()
            let write = Molto2Write(serial: reading.info.serial, command: "burn",
                                    profiles: [Molto2Write.ProfileWrite(profile: number, writtenTime: sent.second, arrivalError: sent.arrival,
                                                                        refusedStatus: sent.refused, timeFieldBBefore: before.timeB,
                                                                        timeFieldBAfter: after.timeB, readback: after)],
                                    deviceOffsetBefore: reading.offsetEstimate - reference.correction, deviceOffsetAfter: device.offset,
                                    deviceUncertaintyAfter: device.uncertainty, deviceClock: device.moved,
                                    seedFingerprint: seed.fingerprint, seedBytes: seed.bytes.count, settings: settings)
            let mismatches = Self.mismatches(after, settings: settings, title: request.title)
            let verified = sent.refused == nil && mismatches.isEmpty
            return ClockWriteResult(identity: identity, reference: reference, offsetAfter: device.offset, uncertainty: device.uncertainty,
                                    time: reference.now(), verified: verified,
                                    unverified: sent.refused.map { TokenAdvice("the token refused the config of profile \(number) (\($0)); seed and title were written", remedies: [.inspectToken]) }
                                        ?? TokenAdvice("the read-back of profile \(number) does not show what was written (\(mismatches.joined(separator: "; ")))",
                                                       remedies: [.inspectToken, .deleteProfileAndBurn(profile: number)]),
                                    historyToken: reading.info.serial, historyMethod: Molto2Device.readbackMethod, detail: write,
                                    seedCodes: SeedCodes(seed: seed, parameters: request.parameters, tokenTime: reference.now()))
        }
    }

    /// The config a profile takes for these parameters, or a refusal naming what it cannot do.
    static func config(_ parameters: OTPParameters, displayTimeout: TokenConfig.DisplayTimeout) throws(InputError) -> Molto2Config {
        guard let digits = Molto2Config.Digits(count: parameters.digits), let algorithm = TokenConfig.Algorithm(hash: parameters.algorithm),
              let step = TokenConfig.Step(seconds: parameters.period) else {
            throw InputError(input: "the settings to write", problem: "a Molto2 profile cannot do \(parameters.digits) digits with \(parameters.algorithm.rawValue) and a \(parameters.period) s period",
                             fix: "use 4, 6, 8 or 10 digits, SHA1 or SHA256, and a 30 or 60 s period")
        }
        return Molto2Config(time: 0, algorithm: algorithm, digits: digits, step: step, displayTimeout: displayTimeout)
    }

    /// What the block read back shows differently from what was written.
    static func mismatches(_ block: Molto2PublicData, settings: Molto2Config, title: String?) -> [String] {
        var problems: [String] = []
        if !block.seedPresent { problems.append("no seed") }
        if block.algorithmCode != settings.algorithm.rawValue { problems.append("algorithm code \(APDUHex.byte(block.algorithmCode))") }
        if block.digits != settings.digits.rawValue { problems.append("\(block.digits) digits") }
        if block.stepSeconds != settings.step.rawValue { problems.append("\(block.stepSeconds) s step") }
        if let title, block.title != title { problems.append("title '\(block.title)'") }
        return problems
    }

    private func burnDryRun(profile: Molto2Profile, seed: [UInt8], title: String?, settings: Molto2Config) throws -> [String] {
        var lines = try dryRunLines(targets: [profile], writes: { profile, second in
            var config = settings
            config.time = second
            return try Molto2Command.writeConfig(config, profile: profile, key: .factory)
        })
        guard let authenticate = lines.firstIndex(where: { $0.contains("[AUTHENTICATE]") }) else { return lines }
        var writes = ["would send: \(try Molto2Command.writeSeed(seed, profile: profile, key: .factory).maskedHex)  [WRITE SEED]"]
        if let title { writes.append("would send: \(try Molto2Command.writeTitle(title, profile: profile, key: .factory).maskedHex)  [WRITE TITLE]") }
        lines.insert(contentsOf: writes, at: authenticate + 1)
        return lines
    }
}
