/// `skew token list`: the readers pcscd knows and whether a token is on each.
public struct TokenListReport: Report {
    public struct Reader: Encodable, Sendable {
        public var name: String
        public var cardPresent: Bool
        public var cardMute: Bool
        /// The card's ATR in hex, empty without a card.
        public var atr: String

        public init(name: String, cardPresent: Bool, cardMute: Bool, atr: String) {
            self.name = name
            self.cardPresent = cardPresent
            self.cardMute = cardMute
            self.atr = atr
        }
    }

    public var command: String { "token-list" }
    public var readers: [Reader]

    public init(readers: [Reader]) {
        self.readers = readers
    }

    public var table: ReportTable {
        ReportTable(
            title: "Readers",
            columns: ["reader", "token", "ATR"],
            rows: readers.map { [$0.name, $0.cardPresent ? ($0.cardMute ? "present, not answering" : "present") : "none", $0.atr] },
            notes: readers.isEmpty ? ["pcscd knows no reader: plug one in, or start a virtual token (the emulator)."] : [])
    }
}
