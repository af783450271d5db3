import ArgumentParser
import Foundation
import History
import OTPCore
import Reports
import TimeSources
import TokenProtocol

/// `skew token sync-protectimus`: set a Protectimus SLIM NFC's clock to the reference clock (host or
/// NTP) with SET TIME, aligned to a whole reference second, and verify by reading the code back.
/// It refuses, without writing anything, when the token on the reader is not a Protectimus.
/// `skew sync` does the same when the token on the reader turns out to be a Protectimus.
struct ProtectimusSyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync-protectimus",
        abstract: "Set a Protectimus SLIM NFC's clock to the host clock (or NTP time) and verify it by reading the code back.",
        discussion: """
            SET TIME carries the interval, the step counter and the remainder of a whole reference second, \
            sent so that it reaches the token as that second begins. The code read back must be the \
            secret's code for the reference clock's step. `skew sync` does the same for a Protectimus \
            token, and syncs Token2 tokens.
            """)

    @OptionGroup var readerOptions: ReaderOptions
    @OptionGroup var familyOption: TokenFamilyOption
    @OptionGroup var secret: SecretOptions
    @OptionGroup var referenceOptions: ReferenceClockOptions

    @Option(help: "How far to search for the read-back code when it is not the expected one, in steps each side.")
    var range: Int64 = 3000

    @Flag(help: "Show the frames that would be sent for the current time, and send nothing.")
    var dryRun = false

    @Flag(help: "Do not record the sync in the history.")
    var noRecord = false

    @OptionGroup var historyOptions: HistoryOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let sync = ProtectimusSyncRun(secret: try GivenSecret(secret), range: range, noRecord: noRecord, historyOptions: historyOptions,
                                      output: output)
        if dryRun { return try sync.printDryRun(probes: familyOption.dryRunLines()) }
        let reference = try referenceOptions.resolve()
        let connection = try readerOptions.connect()
        defer { connection.close() }
        switch try familyOption.detect(connection.session.transport) {
        case .token2:
            throw CLIFailure(message: "the token on \(connection.reader) is a Token2 token, not a Protectimus; nothing was written. Fix: use `skew sync` for Token2 tokens.",
                             exitCode: .badInput)
        case .protectimus(let info, _):
            try sync.perform(connection: connection, info: info, reference: reference)
        }
    }
}

extension SyncCommand {
    /// `skew sync` on a Protectimus token (GET INFO got no Token2 answer, READ INFO a Protectimus
    /// one): continues as `token sync-protectimus`, verified with the secret read at the start.
    func syncProtectimus(info: ProtectimusInfo, connection: TokenConnection, reference: ReferenceClock, secret given: GivenSecret?) throws {
        Console.info("The token on \(connection.reader) is a Protectimus SLIM NFC: its clock is set with SET TIME, which needs no authentication.")
        guard let given else {
            throw InputError(input: "secret", problem: "a Protectimus sync is verified by reading the code back, which needs the secret",
                             fix: "give --secret-file, --secret-env or --secret -")
        }
        let sync = ProtectimusSyncRun(secret: given, range: 3000, noRecord: writeOptions.noRecord, historyOptions: historyOptions,
                                      output: output)
        if writeOptions.dryRun { return try sync.printDryRun(probes: []) }
        try sync.perform(connection: connection, info: info, reference: reference)
    }
}

/// The Protectimus sync both commands run: aligned SET TIME, read-back, history, report.
struct ProtectimusSyncRun {
    let secret: GivenSecret
    let range: Int64
    let noRecord: Bool
    let historyOptions: HistoryOptions
    let output: OutputOptions

    func printDryRun(probes: [String]) throws {
        let time = ProtectimusClockSync.plannedTime(reference: HostClock.now(), interval: secret.parameters.period)
        probes.forEach { print($0) }
        print("\(probes.isEmpty ? "would send" : "then"): \(ProtectimusCommand.readOTP.maskedHex)  [READ OTP: round trip, and proof the token answers]")
        print("then at the next whole second: \(ProtectimusCommand.setTime(time).maskedHex)  [SET TIME, e.g. \(Timestamp.iso(Double(time.time))) = \(time.counter) × \(time.interval) + \(time.remainder)]")
        print("then: \(ProtectimusCommand.readOTP.maskedHex)  [READ OTP: verify]")
    }

    func perform(connection: TokenConnection, info: ProtectimusInfo, reference: ReferenceClock) throws {
        let setup = try ProtectimusSyncSetup(given: secret, info: info, reference: reference)
        let result = try setup.clockSync(session: ProtectimusSession(transport: connection.session.transport), range: range).run()
        connection.close()
        if !noRecord {
            try historyOptions.open().record(HistoryEvent(
                token: "secret:\(setup.secret.fingerprint)", kind: .sync, time: result.time, offset: result.offsetAfter,
                uncertainty: result.uncertainty, reference: reference.name, hostOffset: reference.hostOffset?.offset, method: "otp-readback"))
        }
        try output.emit(ProtectimusSyncReport(
            reader: connection.reader, reference: reference.name, writtenTime: result.written.time, interval: Int(result.written.interval),
            counter: result.written.counter, remainder: Int(result.written.remainder),
            frame: ProtectimusCommand.setTime(result.written).maskedHex, acknowledged: result.acknowledged,
            offsetAfter: result.offsetAfter, uncertainty: result.uncertainty, readbackCode: result.readback.code,
            readbackSteps: result.readbackSteps))
        guard result.verified else {
            throw CLIFailure(message: "the code read back after SET TIME is not the secret's code for the reference time: the token ignored the write, or its seed is not this secret. Check with `skew token info` and `skew locate`.",
                             exitCode: .negative)
        }
    }
}

/// What a Protectimus clock write needs besides the token: the secret to verify with, the token's
/// step, and the reference clock (host, or NTP-corrected).
struct ProtectimusSyncSetup {
    let secret: Secret
    let parameters: OTPParameters
    let reference: ReferenceClock

    init(given: GivenSecret, info: ProtectimusInfo, reference: ReferenceClock) throws {
        var parameters = given.parameters
        parameters.period = try DriftMeasureCommand.protectimusPeriod(info: info, parameters: parameters, periodGiven: given.periodGiven)
        guard parameters.digits == 6, (1...255).contains(parameters.period) else {
            throw InputError(input: "--digits/--period", problem: "a Protectimus token shows 6 digits and SET TIME carries a 1–255 s interval",
                             fix: "leave out --digits, and give the token's interval (30 or 60) as --period")
        }
        self.secret = given.secret
        self.parameters = parameters
        self.reference = reference
    }

    func clockSync(session: ProtectimusSession, range: Int64) -> ProtectimusClockSync {
        ProtectimusClockSync(session: session, search: CodeSearch(secret: secret, parameters: parameters),
                             referenceOffset: reference.correction, range: range, hostNow: HostClock.now,
                             sleep: { Thread.sleep(forTimeInterval: $0) })
    }
}
