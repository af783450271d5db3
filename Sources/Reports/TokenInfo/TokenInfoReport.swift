import TokenProtocol
import Tokens

/// `skew token info`: who the token is and what it tells without authentication, one layout for
/// every family: `family`, `reader` and `round_trip_seconds`, then the fields of the family's own
/// part, which its `TokenDetailPresentation` writes (a Token2 token's serial and clock, a
/// Protectimus token's code and READ INFO fields, a Molto2's serial, clock and profiles).
public struct TokenInfoReport: Report {
    public var command: String { "token-info" }
    public var schemaVersion: Int { 2 }
    public var reader: String
    public var family: String
    public var roundTripSeconds: Double
    public var detail: any TokenDetail

    public init(description: TokenDescription) {
        reader = description.identity.reader
        family = description.identity.family.rawValue
        roundTripSeconds = description.roundTrip
        detail = description.detail
    }

    private var presentation: (any TokenDetailPresentation)? { detail as? any TokenDetailPresentation }

    enum CodingKeys: CodingKey { case reader, family, roundTripSeconds }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(reader, forKey: .reader)
        try container.encode(family, forKey: .family)
        try container.encode(roundTripSeconds, forKey: .roundTripSeconds)
        try presentation?.encodeFields(to: encoder)
    }

    public var table: ReportTable {
        presentation?.table(reader: reader, roundTripSeconds: roundTripSeconds)
            ?? ReportTable(title: "Token on \(reader)", columns: ["family"], rows: [[family]])
    }
}

/// How a family's `TokenDetail` appears in a report: its JSON fields, written beside the common
/// ones at the top level, and its table. Each family's detail type conforms in its own file.
protocol TokenDetailPresentation {
    func encodeFields(to encoder: any Encoder) throws
    func table(reader: String, roundTripSeconds: Double) -> ReportTable
}
