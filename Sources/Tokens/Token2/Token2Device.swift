import Drift
import Foundation
import OTPCore
import TokenProtocol

/// A Token2 single-profile token behind the family-neutral face. Its clock is read with GET INFO
/// (whole seconds, narrowed by timing the tick) and set with an authenticated WRITE CONFIG that
/// carries the TOTP settings too, so a clock write is a config write and, on restricted models,
/// erases the seed (docs/token-protocol.md §9.2).
public final class Token2Device: TokenDevice {
    /// The history's `method` for a GET INFO clock-edge measurement, and for a sync's read-back.
    static let measurementMethod = "get-info-edge"
    static let readbackMethod = "sync-readback"

    public let session: TokenSession
    /// The GET INFO reading detection made.
    public let reading: TokenReading
    public let identity: TokenIdentity
    let link: TokenLink

    init(link: TokenLink, session: TokenSession, reading: TokenReading) {
        self.link = link
        self.session = session
        self.reading = reading
        identity = TokenIdentity(family: .token2, reader: link.reader, serial: reading.info.serial, model: reading.info.model?.name)
    }

    /// Detection's GET INFO says it all: serial, model and clock.
    public func describe() throws -> TokenDescription {
        TokenDescription(identity: identity, roundTrip: reading.exchange.roundTrip,
                         detail: Token2InfoDetail(reading: reading, model: reading.info.model?.name,
                                                  timeSyncKeepsSeed: reading.info.model?.keepsSeedOnTimeWrite ?? false))
    }

    public func reread() throws -> APDUExchange { try session.getInfo().exchange }

    /// Times the second ticking over (`ClockEdgeMeter`).
    public func measureOffset(_ request: OffsetRequest) throws -> OffsetMeasurement {
        let result = try ClockEdgeMeter(session: session, fineEdges: request.fineEdges, clock: link.clock).measure()
        let observation = OffsetObservation(time: result.time, offset: result.offset, uncertainty: result.uncertainty)
        let narrowest = result.edges.map(\.halfWidth).min() ?? 0
        return OffsetMeasurement(token: result.serial, method: Self.measurementMethod, observation: observation, seconds: result.elapsed,
                                 notes: ["Timed \(result.edges.count) second ticks with \(result.readings) GET INFO readings on \(link.reader); the narrowest tick was bracketed to ±\(String(format: "%.3f", narrowest * 1000)) ms."])
    }

    /// A sync is a config write with the current settings; on a model that erases its seed on a
    /// time write it needs the seed too, which then goes in the same session.
    public func planClockWrite(_ request: ClockWriteRequest) throws -> ClockWritePlan {
        if request.profiles != nil { throw TokenCapabilityError.noProfiles(.token2, request: .profiles) }
        let seed = request.account?.secret
        let settings = try TokenSettings(checking: request.parameters, seed: seed, displayTimeout: request.displayTimeout)
        let target = try TokenTarget(info: reading.info, named: request.model)
        var warnings: [String] = []
        if !target.keepsSeedOnTimeWrite {
            guard seed == nil else {
                warnings.append("\(target.model) erases its seed on a time write: the seed given is written again in the same session")
                return try writePlan(command: .sync, target: target, settings: settings, seed: seed, reference: request.reference,
                                     dryRun: request.dryRun, showSecrets: request.showSecrets, warnings: warnings)
            }
            throw TokenRequestError.seedWouldBeErased(serial: target.serial, model: target.model, knownPrefix: target.knownPrefix)
        }
        return try writePlan(command: .sync, target: target, settings: settings, seed: seed, reference: request.reference,
                             dryRun: request.dryRun, showSecrets: request.showSecrets, warnings: warnings)
    }

    /// A burn is a config write followed by the seed, in one authenticated session.
    public func planBurn(_ request: BurnRequest, reference: ReferenceClock) throws -> ClockWritePlan {
        if request.profile != nil || request.title != nil { throw TokenCapabilityError.noProfiles(.token2, request: .profileOrTitle) }
        return try writePlan(command: .burn, target: try TokenTarget(info: reading.info, named: request.model), settings: request.settings, seed: request.seed,
                      reference: reference, dryRun: request.dryRun, showSecrets: request.showSecrets, warnings: [],
                              preciseReadback: request.preciseReadback)
    }

    public func setClock(_ plan: ClockWritePlan) throws -> ClockWriteResult { try plan.perform() }

    /// The write of `command` (`sync` or `burn`, named in the advice after a failed read-back).
    private func writePlan(command: TokenRemedy.Write, target: TokenTarget, settings: TokenSettings, seed: Secret?, reference: ReferenceClock, dryRun: Bool,
                           showSecrets: Bool, warnings: [String], preciseReadback: Bool = true) throws -> ClockWritePlan {
        let seedText = seed.map { "seed fingerprint \($0.fingerprint) (\($0.bytes.count) bytes)" }
            ?? "no seed (\(target.model) keeps its seed on a time write)"
        let summary = "\(dryRun ? "would write" : "writing") to \(target.serial) (\(target.model)): \(settings.algorithm.hash.rawValue), \(settings.step.seconds) s step, 6 digits, display \(settings.displayTimeout.seconds) s, clock from \(reference.name), \(seedText)"
        var warnings = warnings
        if dryRun && showSecrets {
            warnings.append("secrets shown: the WRITE SEED line carries the seed encrypted under the public device key, so it is as good as the seed itself")
        }
        let listing = dryRun ? try dryRunLines(settings: settings, seed: seed, reference: reference, showSecrets: showSecrets) : []
        return ClockWritePlan(identity: identity, summary: summary, warnings: warnings, dryRun: listing) { [self] in
            let writer = TokenWriter(session: session, reference: reference)
            writer.remember(reading)
            try writer.measureLatency()
            let written = try writer.write(settings: settings, seed: seed?.bytes, keepsSeedOnTimeWrite: target.keepsSeedOnTimeWrite)
            let readback: TokenWriter.Readback
            do {
                readback = preciseReadback ? try writer.readBack() : try writer.checkClock()
            } catch {
                throw TokenWriteFailure(underlying: error, progress: written.progress,
                                        note: TokenAdvice("the clock was not read back, so the write is not verified", remedies: [.inspectToken]))
            }
            let write = Token2Write(target: target, settings: settings, seedFingerprint: seed?.fingerprint, seedBytes: seed?.bytes.count,
                                    offsetBefore: writer.offset(of: reading), written: written, readback: readback)
            return ClockWriteResult(identity: identity, reference: reference, offsetAfter: readback.offset, uncertainty: readback.uncertainty,
                                    time: readback.edge.after, verified: write.verified,
                                    unverified: TokenAdvice("read-back: the token is \(String(format: "%.2f", readback.offset)) s from \(reference.name), more than 1 s: the time write did not take",
                                                            remedies: [.inspectToken, .writeAgain(command)]),
                                    historyToken: target.serial,
                                    historyMethod: Self.readbackMethod, detail: write,
                                    seedCodes: seed.map { SeedCodes(seed: $0, parameters: OTPParameters(algorithm: settings.algorithm.hash, period: settings.step.seconds),
                                                                     tokenTime: readback.edge.edgeValue) })
        }
    }

    /// `--dry-run`: the one GET INFO that was sent, then every APDU a real run would send, with the
    /// seed ciphertext and MACs masked unless `showSecrets`.
    private func dryRunLines(settings: TokenSettings, seed: Secret?, reference: ReferenceClock, showSecrets: Bool) throws -> [String] {
        let config = TokenConfig(time: SecondAlignment(referenceNow: reference.now(), latency: 0).second,
                                 algorithm: settings.algorithm, step: settings.step, displayTimeout: settings.displayTimeout)
        var commands = [TokenCommand.getChallenge, try TokenCommand.authenticate(challenge: [UInt8](repeating: 0, count: 8)),
                        try TokenCommand.writeConfig(config)]
        if let seed { commands.append(try TokenCommand.writeSeed(seed.bytes)) }
        commands.append(TokenCommand.getInfo)
        var lines = ["sent: \(reading.exchange.command.maskedHex)  [GET INFO] (read-only; a dry run sends nothing else)"]
        for command in commands {
            let hex = showSecrets && command.name != "AUTHENTICATE" ? APDUHex.spaced(command.bytes) : command.maskedHex
            let note = switch command.name {
            case "AUTHENTICATE": " (the answer to the token's challenge, sent once)"
            case "WRITE CONFIG": " (clock \(Timestamp.iso(Double(config.time))), sent at that second)"
            case "GET INFO": " (read-back, repeated until the second changes)"
            default: ""
            }
            lines.append("would send: \(hex)  [\(command.name)]\(note)")
        }
        return lines
    }
}
