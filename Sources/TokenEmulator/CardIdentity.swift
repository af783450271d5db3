/// What the reader layer sees of the virtual card: its ATR and UID. Real tokens' values are
/// unknown (docs/token-protocol.md §12.9), so these are the emulator's own.
public enum CardIdentity {
    /// Contactless ATR form `3B 8n 80 01 <historical bytes> TCK`, historical bytes "SkewTok".
    public static let atr: [UInt8] = {
        let historical = Array("SkewTok".utf8)
        let body: [UInt8] = [0x80 | UInt8(historical.count), 0x80, 0x01] + historical
        return [0x3B] + body + [body.reduce(0, ^)]
    }()

    /// A 7-byte UID: `53` ('S') and the last 12 serial digits as BCD, so it is stable per serial.
    public static func uid(serial: String) -> [UInt8] {
        let digits = serial.compactMap { $0.wholeNumberValue }.suffix(12)
        let padded = Array(repeating: 0, count: 12 - digits.count) + digits
        return [0x53] + stride(from: 0, to: 12, by: 2).map { UInt8(padded[$0] << 4 | padded[$0 + 1]) }
    }
}
