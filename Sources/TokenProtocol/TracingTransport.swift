/// Wraps a transport and reports every APDU sent and received, with seeds, MACs and
/// authentication cryptograms masked, for `--trace`.
public final class TracingTransport: APDUTransport {
    private let inner: any APDUTransport
    private let sink: (String) -> Void

    public init(wrapping inner: any APDUTransport, sink: @escaping (String) -> Void) {
        self.inner = inner
        self.sink = sink
    }

    public func transmit(_ command: CommandAPDU) throws -> APDUExchange {
        sink("> \(command.maskedHex)  [\(command.name)]")
        do {
            let exchange = try inner.transmit(command)
            let data = exchange.response.data.isEmpty ? "" : APDUHex.spaced(exchange.response.data) + " "
            let microseconds = Int((exchange.roundTrip * 1_000_000).rounded())
            sink("< \(data)\(StatusWord.text(exchange.response.sw))  [\(microseconds / 1000).\(String(microseconds % 1000).leftPadded(3)) ms]")
            return exchange
        } catch {
            sink("< (no answer: \(error))")
            throw error
        }
    }

    public func reconnect() throws {
        sink("reconnecting to the token")
        try inner.reconnect()
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
