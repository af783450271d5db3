import ArgumentParser
import PCSC
import Reports
import TokenProtocol

struct TokenListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the readers pcscd knows and whether a token is on each.",
        discussion: """
            Examples:
              skew token list
              skew token list -f json
            """)

    @OptionGroup var output: OutputOptions

    func run() throws {
        let context = try PCSCContext()
        let readers = try context.status().map {
            TokenListReport.Reader(name: $0.name, cardPresent: $0.cardPresent, cardMute: $0.cardMute,
                                   atr: $0.atr.isEmpty ? "" : APDUHex.spaced($0.atr))
        }
        try output.emit(TokenListReport(readers: readers))
    }
}
