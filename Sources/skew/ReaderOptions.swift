import ArgumentParser
import Foundation
import PCSC
import TokenProtocol
import Tokens

/// `--reader`, `--wait` and `--trace`, shared by every command that talks to a token.
struct ReaderOptions: ParsableArguments {
    @Option(name: [.customShort("r"), .long], help: "The reader's name as `skew token list` shows it (default: the first reader with a token).")
    var reader: String?

    @Option(help: "Wait up to this many seconds for a token to be placed on the reader (Ctrl-C stops waiting).")
    var wait: Double = 0

    @Flag(help: "Print every APDU sent and received on standard error (seeds, MACs and cryptograms masked).")
    var trace = false

    func validate() throws {
        guard wait >= 0, wait <= 86_400 else {
            throw ValidationError("--wait \(wait): give seconds from 0 to 86400")
        }
    }

    /// Waits for a token as the options say and connects to it.
    func connect() throws -> TokenConnection {
        try connect(in: try PCSCContext(), waiting: wait)
    }

    /// Waits up to `waiting` seconds for a token on the chosen reader of `context` and connects to it.
    func connect(in context: PCSCContext, waiting: Double) throws -> TokenConnection {
        let readerName = try Interruptible.run(canceller: context.canceller) {
            try context.waitForCard(reader: reader, timeout: waiting)
        }
        let card = try context.connect(reader: readerName)
        let transport: any APDUTransport = trace
            ? TracingTransport(wrapping: PCSCTransport(card: card)) { Console.info("trace: \($0)") }
            : PCSCTransport(card: card)
        return TokenConnection(card: card, transport: transport)
    }
}

/// A token on a reader, with the transport that talks to it. `close()` (or deinit) disconnects.
final class TokenConnection {
    let card: PCSCCard
    let transport: any APDUTransport

    init(card: PCSCCard, transport: any APDUTransport) {
        self.card = card
        self.transport = transport
    }

    var reader: String { card.reader }

    /// The token on the reader behind the family-neutral face: the named family's read, or
    /// detection with reads only. Workflows run on the host clock and report progress on standard error.
    func detect(family: TokenFamily?) throws -> any TokenDevice {
        try TokenDetector.detect(TokenLink(transport: transport, reader: reader, clock: HostTokenClock(), notice: Console.info),
                                 family: family)
    }

    func close() { card.disconnect() }
}

/// Runs a blocking PC/SC wait that Ctrl-C cancels (`SCardCancel`) instead of killing the process.
enum Interruptible {
    static func run<T>(canceller: PCSCContext.Canceller, _ body: () throws -> T) throws -> T {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { canceller.cancel() }
        source.resume()
        defer {
            source.cancel()
            signal(SIGINT, SIG_DFL)
        }
        return try body()
    }
}
