import ArgumentParser
import PCSC
import Reports
import Tokens

struct TokenInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Identify the token's family with reads only, and show what it tells without authentication.",
        discussion: """
            Token2: serial, model and clock (GET INFO) and the clock's offset from the host. Protectimus SLIM NFC: \
            the code it shows now (READ OTP), hardware scheme, firmware, RTC flag and interval (READ INFO). Token2 \
            Molto2: serial and device clock (GET INFO) and every profile's public block (READ PUBLIC DATA, no key).

            Examples:
              skew token info
              skew token info -r "Virtual PCD 00 00" --family molto2 -f json
              skew token info --dry-run
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
        let token = try connection.detect(family: familyOption.chosen)
        try output.emit(TokenInfoReport(description: try token.describe()))
    }
}
