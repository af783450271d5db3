import Foundation
import History
import OTPCore
import Reports
import TokenProtocol

/// The steps `skew sync` and `skew burn` share, in order: reference clock, GET INFO, model check,
/// the command's own check, then either the dry-run listing or the write, the read-back and the
/// history row.
struct TokenWriteRun {
    var command: String
    var readerOptions: ReaderOptions
    var writeOptions: TokenWriteOptions
    var referenceOptions: ReferenceClockOptions
    var historyOptions: HistoryOptions
    var settings: TokenSettings
    var seed: Secret?

    struct Outcome {
        var command: String
        var reader: String
        var target: TokenTarget
        var reference: ReferenceClock
        var before: Double
        var written: TokenWriter.Written
        var readback: TokenWriter.Readback
        var historyID: Int64?

        /// The report of this write; burn adds the expected codes and the confirmation.
        func report(settings: TokenSettings, seed: Secret?,
                    expectedCodes: [TokenWriteReport.ExpectedCode]? = nil,
                    confirmation: TokenWriteReport.Confirmation? = nil) -> TokenWriteReport {
            TokenWriteReport(
                command: command, reader: reader, serial: target.serial, model: target.model,
                modelFromSerial: target.knownPrefix, timeSyncKeepsSeed: target.keepsSeedOnTimeWrite,
                algorithm: settings.algorithm.hash.rawValue, stepSeconds: settings.step.seconds,
                displayTimeoutSeconds: settings.displayTimeout.seconds, secretFingerprint: seed?.fingerprint,
                seedBytes: seed?.bytes.count, reference: reference.name, hostOffsetSeconds: reference.hostOffset?.offset,
                offsetBeforeSeconds: before, writtenTime: written.config.time, writeArrivalError: written.arrivalError,
                readbackOffsetSeconds: readback.offset, readbackUncertaintySeconds: readback.uncertainty,
                expectedCodes: expectedCodes, confirmation: confirmation, historyId: historyID)
        }
    }

    /// Runs the write; nil after a dry run, or when the token was a Protectimus. `check` sees the
    /// token before anything is written. With `onProtectimus` the token's family is detected first
    /// (a Token2 token still sees only GET INFO), and a Protectimus token is handed to it instead.
    func perform(check: (TokenTarget) throws -> Void,
                 onProtectimus: ((ProtectimusInfo, TokenConnection, ReferenceClock) throws -> Void)? = nil) throws -> Outcome? {
        let reference = try referenceOptions.resolve()
        let connection = try readerOptions.connect()
        defer { connection.close() }
        let writer = TokenWriter(session: connection.session, reference: reference)
        let reading: TokenReading
        if let onProtectimus {
            switch try FamilyDetector.detect(connection.session.transport) {
            case .token2(let first): reading = writer.remember(first)
            case .protectimus(let info, _):
                try onProtectimus(info, connection, reference)
                return nil
            }
        } else {
            reading = try writer.readInfo()
        }
        let target = try writeOptions.target(for: reading.info)
        try check(target)
        Console.info(plan(target))
        if writeOptions.dryRun {
            try printDryRun(sent: reading, reference: reference)
            return nil
        }
        try writer.measureLatency()
        let written = try writer.write(settings: settings, seed: seed?.bytes, keepsSeedOnTimeWrite: target.keepsSeedOnTimeWrite)
        let readback: TokenWriter.Readback
        do {
            readback = try writer.readBack()
        } catch {
            throw TokenWriteFailure(underlying: error, progress: written.progress,
                                    note: "the clock was not read back, so the write is not verified: check it with `skew token info`")
        }
        var historyID: Int64?
        if !writeOptions.noRecord {
            let event = try historyOptions.open().record(HistoryEvent(
                token: target.serial, kind: .sync, time: readback.edge.after, offset: readback.offset,
                uncertainty: readback.uncertainty, reference: reference.name, hostOffset: reference.hostOffset?.offset,
                method: "sync-readback"))
            historyID = event.id
        }
        return Outcome(command: command, reader: connection.reader, target: target, reference: reference, before: writer.offset(of: reading),
                       written: written, readback: readback, historyID: historyID)
    }

    /// What will be written, before it is.
    private func plan(_ target: TokenTarget) -> String {
        let seedText = seed.map { "seed fingerprint \($0.fingerprint) (\($0.bytes.count) bytes)" }
            ?? "no seed (\(target.model) keeps its seed on a time write)"
        return "\(writeOptions.dryRun ? "would write" : "writing") to \(target.serial) (\(target.model)): \(settings.algorithm.hash.rawValue), \(settings.step.seconds) s step, 6 digits, display \(settings.displayTimeout.seconds) s, clock from \(referenceOptions.ntp.map { "ntp:\($0)" } ?? "host"), \(seedText)"
    }

    /// `--dry-run`: the one GET INFO that was sent, then every APDU a real run would send, with the
    /// seed ciphertext and MACs masked unless `--show-secrets`.
    private func printDryRun(sent reading: TokenReading, reference: ReferenceClock) throws {
        let config = TokenConfig(time: SecondAlignment(referenceNow: reference.now(), latency: 0).second,
                                 algorithm: settings.algorithm, step: settings.step, displayTimeout: settings.displayTimeout)
        var commands = [TokenCommand.getChallenge, try TokenCommand.authenticate(challenge: [UInt8](repeating: 0, count: 8)),
                        try TokenCommand.writeConfig(config)]
        if let seed { commands.append(try TokenCommand.writeSeed(seed.bytes)) }
        commands.append(TokenCommand.getInfo)
        var lines = ["sent: \(reading.exchange.command.maskedHex)  [GET INFO] (read-only; --dry-run sends nothing else)"]
        for command in commands {
            let hex = writeOptions.showSecrets && command.name != "AUTHENTICATE" ? APDUHex.spaced(command.bytes) : command.maskedHex
            let note = switch command.name {
            case "AUTHENTICATE": " (the answer to the token's challenge, sent once)"
            case "WRITE CONFIG": " (clock \(Timestamp.iso(Double(config.time))), sent at that second)"
            case "GET INFO": " (read-back, repeated until the second changes)"
            default: ""
            }
            lines.append("would send: \(hex)  [\(command.name)]\(note)")
        }
        print(lines.joined(separator: "\n"))
        if writeOptions.showSecrets {
            Console.warning("--show-secrets: the WRITE SEED line carries the seed encrypted under the public device key, so it is as good as the seed itself")
        }
    }
}
