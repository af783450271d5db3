import OTPCore
import TokenProtocol
import Tokens

/// A Molto2 in `token info`: serial and the GET INFO clock's offset, then every profile's public
/// block. The table lists the profiles that hold a title or a seed and counts the untouched ones;
/// the JSON lists all 100.
extension Molto2InfoDetail: TokenDetailPresentation {
    private struct Fields: Encodable {
        var serial: String
        var tokenTime: ReportTime
        var hostTime: ReportTime
        var offsetSeconds: Double
        var uncertaintySeconds: Double
        var profiles: [ProfileFields]
    }

    private struct ProfileFields: Encodable {
        var profile: Int
        var title: String
        var seedPresent: Bool
        /// `SHA1`/`SHA256`, or `code XX` for a byte nobody documented.
        var algorithm: String
        var digits: Int
        var periodSeconds: Int
        /// The two time fields as read (u32); their meaning is unknown.
        var timeFieldA: UInt32
        var timeFieldB: UInt32
        var flag: String
    }

    private var fields: Fields {
        let clock = GetInfoClockFields(reading)
        return Fields(serial: reading.info.serial, tokenTime: clock.tokenTime, hostTime: clock.hostTime, offsetSeconds: clock.offsetSeconds,
                      uncertaintySeconds: clock.uncertaintySeconds,
                      profiles: profiles.map { item in
                          let data = item.data
                          return ProfileFields(profile: Int(item.profile.number), title: data.title, seedPresent: data.seedPresent,
                                               algorithm: data.algorithmText,
                                               digits: Int(data.digits), periodSeconds: Int(data.stepSeconds),
                                               timeFieldA: data.timeA, timeFieldB: data.timeB, flag: APDUHex.byte(data.flag))
                      })
    }

    func encodeFields(to encoder: any Encoder) throws { try fields.encode(to: encoder) }

    func table(reader: String, roundTripSeconds: Double) -> ReportTable {
        let token = fields
        let used = token.profiles.filter { $0.seedPresent || !$0.title.isEmpty }
        func time(_ value: UInt32) -> String { value == 0 ? "0" : "\(value) (\(Timestamp.iso(Double(value))))" }
        return ReportTable(
            title: "Token2 Molto2 \(token.serial) on \(reader)",
            summary: [("token time (UTC)", token.tokenTime.utc), ("host time (UTC)", token.hostTime.utc),
                      ("offset s", GetInfoClockFields.signed(token.offsetSeconds) + " ± " + String(format3: token.uncertaintySeconds)),
                      ("profiles", "\(token.profiles.filter(\.seedPresent).count) with a seed, \(token.profiles.count - used.count) untouched"),
                      ("round trip ms", String(format3: roundTripSeconds * 1000))],
            columns: ["profile", "title", "seed", "algorithm", "digits", "period s", "time field A", "time field B"],
            rows: used.map { [String($0.profile), $0.title, $0.seedPresent ? "yes" : "no", $0.algorithm, String($0.digits), String($0.periodSeconds),
                              time($0.timeFieldA), time($0.timeFieldB)] },
            notes: ["Offset = the device clock (GET INFO) − host clock. Whether every profile counts from that clock, or each keeps its own time, is unknown; the two time fields of each profile are shown as read, their meaning unconfirmed (docs/token-protocol.md §11.1.7).",
                    "Everything here was read without the customer key: anyone holding the token can read titles and occupancy."])
    }
}

extension Molto2PublicData {
    /// `SHA1` or `SHA256`, or `code XX` for a byte nobody documented (shown, never guessed).
    var algorithmText: String { algorithm?.hash.rawValue ?? "code \(APDUHex.byte(algorithmCode))" }
}
