import GRDB

/// One row of the history: a measured clock offset, or a sync that reset the clock.
public struct HistoryEvent: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public enum Kind: String, Codable, Sendable { case measurement, sync }

    public static let databaseTableName = "events"

    public var id: Int64?
    /// Token serial, or `secret:FINGERPRINT` for manual measurements of any TOTP app or token.
    public var token: String
    public var kind: Kind
    /// Unix seconds on the reference clock.
    public var time: Double
    /// Token minus reference, seconds (for a sync: the offset read back right after the write).
    public var offset: Double
    public var uncertainty: Double
    /// `host` or `ntp:SERVER`.
    public var reference: String
    /// True time minus host time when an NTP server was asked, else nil.
    public var hostOffset: Double?
    /// How the offset was measured: `get-info-edge`, `otp-edge`, `manual`, `sync-readback`, `otp-readback`,
    /// `molto2-get-info-edge`, `molto2-sync-readback` (one set per token family).
    public var method: String
    /// Why a person took this measurement out of the fits (`skew drift exclude`); nil while it counts.
    public var excludedReason: String?

    public init(id: Int64? = nil, token: String, kind: Kind, time: Double, offset: Double, uncertainty: Double,
                reference: String, hostOffset: Double? = nil, method: String, excludedReason: String? = nil) {
        self.id = id
        self.token = token
        self.kind = kind
        self.time = time
        self.offset = offset
        self.uncertainty = uncertainty
        self.reference = reference
        self.hostOffset = hostOffset
        self.method = method
        self.excludedReason = excludedReason
    }

    enum CodingKeys: String, CodingKey {
        case id, token, kind, time, offset, uncertainty, reference, hostOffset = "host_offset", method,
             excludedReason = "excluded_reason"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Reads a row by column position (`HistoryStore.columns`), several times faster than the
    /// Codable path: `skew fleet` reads every event of the history at once.
    public init(row: Row) throws {
        id = row[0]
        token = row[1]
        guard let kind = Kind(rawValue: row[2]) else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "event \(String(describing: id)) has an unknown kind")
        }
        self.kind = kind
        time = row[3]
        offset = row[4]
        uncertainty = row[5]
        reference = row[6]
        hostOffset = row[7]
        method = row[8]
        excludedReason = row[9]
    }
}
