import ArgumentParser
import PCSC
import Reports
import TokenProtocol

struct TokenInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Read a token's serial and clock (GET INFO, no authentication) and its offset from the host clock.")

    @OptionGroup var readerOptions: ReaderOptions

    @Flag(help: "Show the APDU that would be sent, and send nothing.")
    var dryRun = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        if dryRun {
            print("would send: \(TokenCommand.getInfo.maskedHex)  [\(TokenCommand.getInfo.name)]")
            return
        }
        let connection = try readerOptions.connect()
        defer { connection.close() }
        let reading = try connection.session.getInfo()
        let model = reading.info.model
        try output.emit(TokenInfoReport(
            reader: connection.reader, serial: reading.info.serial, model: model?.name,
            timeSyncKeepsSeed: model?.keepsSeedOnTimeWrite ?? false, tokenTime: Double(reading.info.time),
            hostTime: reading.exchange.wallMidpoint, offsetSeconds: reading.offsetEstimate,
            roundTripSeconds: reading.exchange.roundTrip))
    }
}
