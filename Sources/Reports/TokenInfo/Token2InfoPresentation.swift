import TokenProtocol
import Tokens

/// A Token2 single-profile token in `token info`: serial, model and the GET INFO clock's offset.
extension Token2InfoDetail: TokenDetailPresentation {
    private struct Fields: Encodable {
        var serial: String
        var model: String?
        var timeSyncKeepsSeed: Bool
        var tokenTime: ReportTime
        /// Host wall clock at the middle of the GET INFO exchange.
        var hostTime: ReportTime
        /// Token minus host, seconds: token whole second + 0.5 − host midpoint.
        var offsetSeconds: Double
        /// Half a second for the whole-second clock, plus half the round trip.
        var uncertaintySeconds: Double
    }

    private var fields: Fields {
        let clock = GetInfoClockFields(reading)
        return Fields(serial: reading.info.serial, model: model, timeSyncKeepsSeed: timeSyncKeepsSeed, tokenTime: clock.tokenTime,
                      hostTime: clock.hostTime, offsetSeconds: clock.offsetSeconds, uncertaintySeconds: clock.uncertaintySeconds)
    }

    func encodeFields(to encoder: any Encoder) throws { try fields.encode(to: encoder) }

    func table(reader: String, roundTripSeconds: Double) -> ReportTable {
        let token = fields
        var notes = ["Offset = token clock − host clock; positive means the token runs ahead. The token reports whole seconds, so the offset is good to ±\(String(format3: token.uncertaintySeconds)) s."]
        if token.model == nil {
            notes.append("Serial prefix \(token.serial.prefix(7)) is not a known programmable model: skew treats it as wiping the seed on time sync, and will not write to it.")
        } else if !token.timeSyncKeepsSeed {
            notes.append("On this model a time sync erases the seed: syncing means re-seeding.")
        }
        return ReportTable(
            title: "Token on \(reader)",
            columns: ["serial", "model", "time sync keeps seed", "token time (UTC)", "host time (UTC)", "offset s", "± s", "round trip ms"],
            rows: [[token.serial, token.model ?? "unknown", token.timeSyncKeepsSeed ? "yes" : "no (wipes seed)", token.tokenTime.utc,
                    token.hostTime.utc, String(token.offsetSeconds), String(token.uncertaintySeconds),
                    String(roundTripSeconds * 1000)]],
            notes: notes)
    }
}

/// One GET INFO reading as report fields (Token2 and Molto2 report their clock the same way), every
/// digit kept: the terminal table shortens.
struct GetInfoClockFields {
    var tokenTime: ReportTime
    var hostTime: ReportTime
    var offsetSeconds: Double
    var uncertaintySeconds: Double

    init(_ reading: TokenReading) {
        tokenTime = ReportTime(Double(reading.info.time))
        hostTime = ReportTime(reading.exchange.wallMidpoint)
        offsetSeconds = reading.offsetEstimate
        uncertaintySeconds = reading.offsetUncertainty
    }

    static func signed(_ seconds: Double) -> String { (seconds >= 0 ? "+" : "") + String(format3: seconds) }
}
