import Foundation

/// One row of the history: a measured clock offset, or a sync that reset the clock.
public struct HistoryEvent: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case measurement, sync }

    /// The store's own number for the event (what `skew drift exclude` takes): unique in one store,
    /// not across stores, so a copied event gets a new one.
    public var id: Int64?
    /// The event's identity everywhere: a UUID given when the event is made, kept by every copy, and
    /// unique in every store, so the same measurement copied twice is stored once. Empty only for
    /// events read from a history that a read-only open left at a schema from before identities.
    public var uid: String
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

    public init(id: Int64? = nil, uid: String = HistoryEvent.newUID(), token: String, kind: Kind, time: Double, offset: Double,
                uncertainty: Double, reference: String, hostOffset: Double? = nil, method: String, excludedReason: String? = nil) {
        self.id = id
        self.uid = uid
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

    /// A new random identity (UUID version 4, lower case), as every store writes them.
    public static func newUID() -> String { UUID().uuidString.lowercased() }

    enum CodingKeys: String, CodingKey {
        case id, uid, token, kind, time, offset, uncertainty, reference, hostOffset = "host_offset", method,
             excludedReason = "excluded_reason"
    }
}
