/// The unknown GET INFO header and separator bytes the virtual token sends (docs/token-protocol.md §8.2).
public enum InfoPreset: String, Sendable, CaseIterable, Codable {
    /// `00 00 00` / `00 00`, as openT2OTP's reconstruction.
    case zeros
    /// `95 (N+8) 02` / `11 04`: the BER-TLV hypothesis of §4.1.
    case tlvHypothesis = "tlv-hypothesis"

    public func header(serialLength: Int) -> [UInt8] {
        self == .zeros ? [0, 0, 0] : [0x95, UInt8(serialLength + 8), 0x02]
    }

    public var separator: [UInt8] { self == .zeros ? [0, 0] : [0x11, 0x04] }
}
