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

        enum CodingKeys: String, CodingKey {
            case name, cardPresent = "card_present", cardMute = "card_mute", atr
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
            notes: readers.isEmpty ? ["pcscd knows no reader: plug one in, or start a virtual token with `skew emulate`."] : [])
    }
}

/// `skew token info`: who the token is and how far its clock is from the host's.
public struct TokenInfoReport: Report {
    public var command: String { "token-info" }
    public var reader: String
    public var serial: String
    /// The model from the serial prefix, nil when the prefix is not a known programmable model.
    public var model: String?
    /// Whether a time write keeps the seed; unknown models are assumed to wipe it.
    public var timeSyncKeepsSeed: Bool
    public var tokenTime: ReportTime
    /// Host wall clock at the middle of the GET INFO exchange.
    public var hostTime: ReportTime
    /// Token minus host, seconds: token whole second + 0.5 − host midpoint.
    public var offsetSeconds: Double
    /// ± this much: half a second for the token's whole-second clock, plus half the round trip.
    public var uncertaintySeconds: Double
    public var roundTripSeconds: Double

    public init(reader: String, serial: String, model: String?, timeSyncKeepsSeed: Bool, tokenTime: Double,
                hostTime: Double, offsetSeconds: Double, roundTripSeconds: Double) {
        self.reader = reader
        self.serial = serial
        self.model = model
        self.timeSyncKeepsSeed = timeSyncKeepsSeed
        self.tokenTime = ReportTime(tokenTime)
        self.hostTime = ReportTime((hostTime * 1000).rounded() / 1000)
        self.offsetSeconds = (offsetSeconds * 1000).rounded() / 1000
        uncertaintySeconds = ((0.5 + roundTripSeconds / 2) * 1000).rounded() / 1000
        self.roundTripSeconds = (roundTripSeconds * 1_000_000).rounded() / 1_000_000
    }

    enum CodingKeys: String, CodingKey {
        case reader, serial, model, timeSyncKeepsSeed = "time_sync_keeps_seed", tokenTime = "token_time",
             hostTime = "host_time", offsetSeconds = "offset_seconds", uncertaintySeconds = "uncertainty_seconds",
             roundTripSeconds = "round_trip_seconds"
    }

    public var table: ReportTable {
        let offset = (offsetSeconds >= 0 ? "+" : "") + String(format3: offsetSeconds)
        var notes = ["Offset = token clock − host clock; positive means the token runs ahead. The token reports whole seconds, so the offset is good to ±\(String(format3: uncertaintySeconds)) s."]
        if model == nil {
            notes.append("Serial prefix \(serial.prefix(7)) is not a known programmable model: skew treats it as wiping the seed on time sync, and will not write to it.")
        } else if !timeSyncKeepsSeed {
            notes.append("On this model a time sync erases the seed: syncing means re-seeding.")
        }
        return ReportTable(
            title: "Token on \(reader)",
            columns: ["serial", "model", "time sync keeps seed", "token time (UTC)", "host time (UTC)", "offset s", "± s", "round trip ms"],
            rows: [[serial, model ?? "unknown", timeSyncKeepsSeed ? "yes" : "no (wipes seed)", tokenTime.utc, hostTime.utc,
                    offset, String(format3: uncertaintySeconds), String(format3: roundTripSeconds * 1000)]],
            notes: notes)
    }
}
