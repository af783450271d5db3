import TokenProtocol

/// A Molto2 write as it was sent and read back: per profile what was written and what its public
/// block shows afterwards, and the device clock (GET INFO) before and after, apart, because which
/// of the two a time write moves is unknown (docs/token-protocol.md §11.1.7).
public struct Molto2Write: TokenDetail {
    public struct ProfileWrite: Sendable {
        public var profile: Int
        /// The whole reference second the write carried.
        public var writtenTime: UInt32
        /// Estimated arrival of the write minus that second (positive: late).
        public var arrivalError: Double
        /// Nil when the token answered 90 00; else the status it sent (the loop carried on).
        public var refusedStatus: String?
        /// The public block's second time field before and after the write (meaning unconfirmed).
        public var timeFieldBBefore: UInt32
        public var timeFieldBAfter: UInt32
        /// After a burn: the title, settings and occupancy the block reads back.
        public var readback: Molto2PublicData

        /// Whether the block's time field now shows the written second.
        public var fieldShowsWrite: Bool { refusedStatus == nil && timeFieldBAfter == writtenTime }
    }

    /// How the device clock answered the write.
    public enum DeviceClock: String, Sendable {
        /// It now agrees with the reference and did not before.
        case moved
        /// It kept its offset.
        case notMoved = "not-moved"
        /// It was within about a second before and after: whether it moved cannot be told.
        case undecided
    }

    public var serial: String
    /// `sync` or `burn`.
    public var command: String
    public var profiles: [ProfileWrite]
    /// Device clock minus reference, from detection's GET INFO (±0.5 s) and from timing its tick after the writes.
    public var deviceOffsetBefore: Double
    public var deviceOffsetAfter: Double
    public var deviceUncertaintyAfter: Double
    public var deviceClock: DeviceClock
    /// Burn: the seed's fingerprint and length, and the settings written.
    public var seedFingerprint: String?
    public var seedBytes: Int?
    public var settings: Molto2Config?
}
