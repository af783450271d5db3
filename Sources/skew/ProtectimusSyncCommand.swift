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
struct ProtectimusSyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync-protectimus",
        abstract: "Set a Protectimus SLIM NFC's clock to the host clock (or NTP time) and verify it by reading the code back.",
        discussion: """
            SET TIME carries the interval, the step counter and the remainder of a whole reference second, \
            sent so that it reaches the token as that second begins. The code read back must be the \
            secret's code for the reference clock's step. Token2 tokens are synced with `skew sync`.
            """)

    @OptionGroup var readerOptions: ReaderOptions
    @OptionGroup var familyOption: TokenFamilyOption
    @OptionGroup var secret: SecretOptions

    @Option(help: "NTP server (HOST[:PORT]): write true time instead of the host clock's.")
    var ntp: String?

    @Option(help: "How far to search for the read-back code when it is not the expected one, in steps each side.")
    var range: Int64 = 3000

    @Flag(help: "Show the frames that would be sent for the current time, and send nothing.")
    var dryRun = false

    @Flag(help: "Do not record the sync in the history.")
    var noRecord = false

    @OptionGroup var historyOptions: HistoryOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        if dryRun {
            let time = ProtectimusClockSync.plannedTime(reference: HostClock.now(), interval: try secret.resolve().parameters.period)
            familyOption.dryRunLines().forEach { print($0) }
            print("then: \(ProtectimusCommand.readOTP.maskedHex)  [READ OTP: round trip, and proof the token answers]")
            print("then at the next whole second: \(ProtectimusCommand.setTime(time).maskedHex)  [SET TIME, e.g. \(Timestamp.iso(Double(time.time))) = \(time.counter) × \(time.interval) + \(time.remainder)]")
            print("then: \(ProtectimusCommand.readOTP.maskedHex)  [READ OTP: verify]")
            return
        }
        let connection = try readerOptions.connect()
        defer { connection.close() }
        let info: ProtectimusInfo
        switch try familyOption.detect(connection.session.transport) {
        case .token2:
            throw CLIFailure(message: "the token on \(connection.reader) is a Token2 token, not a Protectimus; nothing was written. Fix: use `skew sync` for Token2 tokens.",
                             exitCode: .badInput)
        case .protectimus(let protectimus, _): info = protectimus
        }
        let setup = try ProtectimusSyncSetup(secretOptions: secret, info: info, ntp: ntp)
        let sync = setup.clockSync(session: ProtectimusSession(transport: connection.session.transport), range: range)
        let result = try sync.run()
        connection.close()
        if !noRecord {
            try historyOptions.open().record(HistoryEvent(
                token: "secret:\(setup.secret.fingerprint)", kind: .sync, time: result.time, offset: result.offsetAfter,
                uncertainty: result.uncertainty, reference: setup.reference, hostOffset: setup.hostOffset?.offset, method: "otp-readback"))
        }
        try output.emit(ProtectimusSyncReport(
            reader: connection.reader, reference: setup.reference, writtenTime: result.written.time, interval: Int(result.written.interval),
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
/// step, and the reference clock (host, or NTP's offset from it).
struct ProtectimusSyncSetup {
    let secret: Secret
    let parameters: OTPParameters
    let hostOffset: SNTPClient.Measurement?

    init(secretOptions: SecretOptions, info: ProtectimusInfo, ntp: String?) throws {
        let (secret, resolved, uri) = try secretOptions.resolve()
        var parameters = resolved
        parameters.period = try DriftMeasureCommand.protectimusPeriod(info: info, parameters: parameters,
                                                                      periodGiven: secretOptions.period != nil || uri?.period != nil)
        guard parameters.digits == 6, (1...255).contains(parameters.period) else {
            throw InputError(input: "--digits/--period", problem: "a Protectimus token shows 6 digits and SET TIME carries a 1–255 s interval",
                             fix: "leave out --digits, and give the token's interval (30 or 60) as --period")
        }
        self.secret = secret
        self.parameters = parameters
        hostOffset = try ntp.map { server in try SNTPClient(server: server).measure() }
    }

    /// `host`, or `ntp:SERVER`, as the history writes it.
    var reference: String { hostOffset.map { "ntp:\($0.server)" } ?? "host" }

    func clockSync(session: ProtectimusSession, range: Int64) -> ProtectimusClockSync {
        ProtectimusClockSync(session: session, search: CodeSearch(secret: secret, parameters: parameters),
                             referenceOffset: hostOffset?.offset ?? 0, range: range, hostNow: HostClock.now,
                             sleep: { Thread.sleep(forTimeInterval: $0) })
    }
}
