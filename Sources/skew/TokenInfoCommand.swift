import ArgumentParser
import PCSC
import Reports
import TokenProtocol

struct TokenInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Identify the token's family with reads only, and show what it tells without authentication.",
        discussion: """
            Token2: serial, model and clock (GET INFO) and the clock's offset from the host. Protectimus SLIM NFC: \
            the code it shows now (READ OTP), hardware scheme, firmware, RTC flag and interval (READ INFO).
            """)

    @OptionGroup var readerOptions: ReaderOptions
    @OptionGroup var familyOption: TokenFamilyOption

    @Flag(help: "Show the APDU that would be sent, and send nothing.")
    var dryRun = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        if dryRun {
            familyOption.dryRunLines().forEach { print($0) }
            return
        }
        let connection = try readerOptions.connect()
        defer { connection.close() }
        let reading: TokenReading
        switch try familyOption.detect(connection.session.transport) {
        case .token2(let token2): reading = token2
        case .protectimus(let info, let exchange):
            return try emitProtectimus(info: info, infoExchange: exchange, connection: connection)
        }
        let model = reading.info.model
        try output.emit(TokenInfoReport(
            reader: connection.reader, serial: reading.info.serial, model: model?.name,
            timeSyncKeepsSeed: model?.keepsSeedOnTimeWrite ?? false, tokenTime: Double(reading.info.time),
            hostTime: reading.exchange.wallMidpoint, offsetSeconds: reading.offsetEstimate,
            roundTripSeconds: reading.exchange.roundTrip))
    }
}
