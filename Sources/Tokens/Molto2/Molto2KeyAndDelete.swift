import TokenProtocol

extension Molto2Device {
    /// The profile's block, one AUTHENTICATE when a key is given, DELETE SEED (`6A 83` is "already
    /// empty", not an error), and the block read back.
    public func deleteSeed(_ request: SeedDeleteRequest) throws -> SeedDeleteResult {
        let profile = try Self.profiles(.one(request.profile), command: "token delete")[0]
        let before = try session.readPublicData(profile)
        if request.dryRun {
            var lines = ["sent: \(reading.exchange.command.maskedHex)  [GET INFO]", "sent: \(Molto2Command.readPublicData(profile).maskedHex)  [READ PUBLIC DATA] (profile \(request.profile): \(before.seedPresent ? "holds a seed" : "no seed"))"]
            if request.keyAccess != nil {
                lines += ["would send: \(Molto2Command.getChallenge.maskedHex)  [GET CHALLENGE]", "would send: 80 CE 00 00 10 \(Array(repeating: "**", count: 16).joined(separator: " "))  [AUTHENTICATE] (once)"]
            }
            lines += ["would send: \(Molto2Command.deleteSeed(profile).maskedHex)  [DELETE SEED]", "would send: \(Molto2Command.readPublicData(profile).maskedHex)  [READ PUBLIC DATA] (read back)"]
            return SeedDeleteResult(identity: identity, profile: request.profile, title: before.title, seedBefore: before.seedPresent, deleted: false,
                                    seedAfter: before.seedPresent, authenticated: false, dryRun: lines)
        }
        if let access = request.keyAccess { try authenticate(access) }
        let outcome = try session.deleteSeed(profile)
        let after = try session.readPublicData(profile)
        return SeedDeleteResult(identity: identity, profile: request.profile, title: after.title, seedBefore: before.seedPresent,
                                deleted: outcome == .deleted, seedAfter: after.seedPresent, authenticated: request.keyAccess != nil, dryRun: [])
    }

    /// One AUTHENTICATE under the current key, CHANGE CUSTOMER KEY (`90 60`: the token waits for ▲),
    /// the wait for the press, then a new session (the link set up again) that authenticates with
    /// the new key: the only proof the change took. A refused proof reports its tries left.
    public func changeKey(_ request: KeyChangeRequest) throws -> KeyChangeResult {
        let newKey = Molto2Key(customerKey: try request.newKey())
        if request.dryRun {
            let stars = Array(repeating: "**", count: 16).joined(separator: " ")
            let change = try Molto2Command.changeKey(to: newKey, key: .factory)
            return KeyChangeResult(identity: identity, awaitedButton: false, verified: false, triesLeft: nil, dryRun: [
                "sent: \(reading.exchange.command.maskedHex)  [GET INFO]",
                "would send: \(Molto2Command.getChallenge.maskedHex)  [GET CHALLENGE]", "would send: 80 CE 00 00 10 \(stars)  [AUTHENTICATE] (current key, once)",
                "would send: \(change.maskedHex)  [CHANGE CUSTOMER KEY] (then wait for ▲ on the token)",
                "then, on the link set up again: \(Molto2Command.getChallenge.maskedHex)  [GET CHALLENGE]", "would send: 80 CE 00 00 10 \(stars)  [AUTHENTICATE] (new key: the check)",
            ])
        }
        try authenticate(request.keyAccess)
        let outcome = try session.changeKey(to: newKey)
        if outcome == .awaitingButton { link.notice("Press ▲ on the Molto2 now to confirm the new customer key.") }
        try request.waitForButton()
        try link.transport.reconnect()
        let check = try Molto2Session(transport: link.transport).authenticate(key: newKey)
        let serial = reading.info.serial
        switch check {
        case .authenticated:
            try request.keyAccess.clearTries(serial)
            return KeyChangeResult(identity: identity, awaitedButton: outcome == .awaitingButton, verified: true, triesLeft: nil, dryRun: [])
        case .refused(_, let triesLeft):
            try request.keyAccess.recordTriesLeft(serial, triesLeft)
            return KeyChangeResult(identity: identity, awaitedButton: outcome == .awaitingButton, verified: false, triesLeft: triesLeft, dryRun: [])
        }
    }
}
