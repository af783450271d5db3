/// A command APDU with a name for traces and the byte ranges a trace must mask (seed ciphertext,
/// MACs, authentication cryptograms).
public struct CommandAPDU: Sendable, Equatable {
    public var name: String
    public var bytes: [UInt8]
    public var sensitive: [Range<Int>]

    public init(name: String, bytes: [UInt8], sensitive: [Range<Int>] = []) {
        self.name = name
        self.bytes = bytes
        self.sensitive = sensitive
    }

    /// Builds a short APDU: header, then Lc and data when there is data, then Le when given.
    public init(name: String, cla: UInt8, ins: UInt8, p1: UInt8, p2: UInt8, data: [UInt8] = [], le: UInt8? = nil,
                sensitive: [Range<Int>] = []) {
        var bytes = [cla, ins, p1, p2]
        if !data.isEmpty { bytes += [UInt8(data.count)] + data }
        if let le { bytes.append(le) }
        self.init(name: name, bytes: bytes, sensitive: sensitive)
    }

    /// Hex with sensitive bytes shown as `**`, for `--trace`.
    public var maskedHex: String {
        bytes.enumerated().map { index, byte in
            sensitive.contains { $0.contains(index) } ? "**" : APDUHex.byte(byte)
        }.joined(separator: " ")
    }
}

/// A response APDU: data and the status word SW1 SW2.
public struct ResponseAPDU: Sendable, Equatable {
    public var data: [UInt8]
    public var sw: UInt16

    /// Splits raw response bytes; fewer than two bytes is not a response.
    public init(raw: [UInt8]) throws(TokenError) {
        guard raw.count >= 2 else { throw TokenError.shortResponse(count: raw.count) }
        data = Array(raw.dropLast(2))
        sw = UInt16(raw[raw.count - 2]) << 8 | UInt16(raw[raw.count - 1])
    }

    public init(data: [UInt8], sw: UInt16) {
        self.data = data
        self.sw = sw
    }

    public var raw: [UInt8] { data + [UInt8(sw >> 8), UInt8(sw & 0xFF)] }
    public var isSuccess: Bool { sw == StatusWord.success }
}

/// The status words this token family uses (docs/token-protocol.md §7).
public enum StatusWord {
    public static let success: UInt16 = 0x9000
    /// Wrong authentication answer, locked key, bad MAC or not authenticated.
    public static let securityNotSatisfied: UInt16 = 0x6983
    public static let wrongData: UInt16 = 0x6A80
    public static let wrongLength: UInt16 = 0x6700
    public static let unknownInstruction: UInt16 = 0x6D00
    public static let unknownClass: UInt16 = 0x6E00

    /// "69 83", the way status words are written in the protocol notes.
    public static func text(_ sw: UInt16) -> String { "\(APDUHex.byte(UInt8(sw >> 8))) \(APDUHex.byte(UInt8(sw & 0xFF)))" }
}

/// Upper-case hex as APDUs are written: `80 41 00 00`.
public enum APDUHex {
    public static func byte(_ value: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(value >> 4)], digits[Int(value & 0x0F)]])
    }

    public static func spaced(_ bytes: [UInt8]) -> String { bytes.map(byte).joined(separator: " ") }
}
