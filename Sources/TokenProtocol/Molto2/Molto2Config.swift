/// The two WRITE CONFIG bodies a Molto2 takes (docs/token-protocol.md §11.1.3), plaintext TLVs in
/// exactly the order hosts send them. The full form carries the digits tag `0B` that the
/// single-profile TLV lacks, so the families' TLVs are never interchangeable.
public struct Molto2Config: Sendable, Equatable, Codable {
    public enum Digits: UInt8, Sendable, Codable, CaseIterable {
        case four = 4, six = 6, eight = 8, ten = 10

        public var count: Int { Int(rawValue) }
        public init?(count: Int) { self.init(rawValue: UInt8(clamping: count)) }
    }

    public var displayTimeout: TokenConfig.DisplayTimeout
    /// Unix seconds, UTC.
    public var time: UInt32
    public var algorithm: TokenConfig.Algorithm
    public var digits: Digits
    public var step: TokenConfig.Step

    public init(time: UInt32, algorithm: TokenConfig.Algorithm = .sha1, digits: Digits = .six, step: TokenConfig.Step = .seconds30,
                displayTimeout: TokenConfig.DisplayTimeout = .seconds30) {
        self.time = time
        self.algorithm = algorithm
        self.digits = digits
        self.step = step
        self.displayTimeout = displayTimeout
    }

    /// `81 14 {1F 01 dd} {0F 04 time} 86 09 {0A 01 hh} {0B 01 nn} {0D 01 ss}`: 22 bytes.
    public var tlv: [UInt8] {
        [0x81, 0x14, 0x1F, 0x01, displayTimeout.rawValue, 0x0F, 0x04] + Self.timeBytes(time)
            + [0x86, 0x09, 0x0A, 0x01, algorithm.rawValue, 0x0B, 0x01, digits.rawValue, 0x0D, 0x01, step.rawValue]
    }

    /// `81 06 {0F 04 time}`: the sync-only form, which leaves seed, title and settings alone.
    public static func syncTLV(time: UInt32) -> [UInt8] { [0x81, 0x06, 0x0F, 0x04] + timeBytes(time) }

    /// Parses exactly the full layout; anything else is nil.
    public init?(tlv: [UInt8]) {
        guard tlv.count == 22, tlv[0...4] == [0x81, 0x14, 0x1F, 0x01, tlv[4]], tlv[5...6] == [0x0F, 0x04],
              tlv[11...13] == [0x86, 0x09, 0x0A], tlv[14] == 0x01, tlv[16...17] == [0x0B, 0x01], tlv[19...20] == [0x0D, 0x01],
              let display = TokenConfig.DisplayTimeout(rawValue: tlv[4]), let algorithm = TokenConfig.Algorithm(rawValue: tlv[15]),
              let digits = Digits(rawValue: tlv[18]), let step = TokenConfig.Step(rawValue: tlv[21])
        else { return nil }
        self.init(time: Self.time(tlv[7...10]), algorithm: algorithm, digits: digits, step: step, displayTimeout: display)
    }

    /// The time of a sync-only TLV, nil for any other body.
    public static func syncTime(tlv: [UInt8]) -> UInt32? {
        guard tlv.count == 8, tlv[0...3] == [0x81, 0x06, 0x0F, 0x04] else { return nil }
        return time(tlv[4...7])
    }

    static func timeBytes(_ time: UInt32) -> [UInt8] {
        [UInt8(time >> 24), UInt8(time >> 16 & 0xFF), UInt8(time >> 8 & 0xFF), UInt8(time & 0xFF)]
    }

    static func time(_ bytes: ArraySlice<UInt8>) -> UInt32 { bytes.reduce(0) { $0 << 8 | UInt32($1) } }
}
