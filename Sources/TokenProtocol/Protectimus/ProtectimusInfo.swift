/// The READ INFO answer (docs/token-protocol.md §11.2): nine bytes b5…b13, of which the SySS script reads the
/// hardware scheme (b6), firmware (b7, b8), hardware-RTC flag (b10) and OTP interval code (b12).
/// The other bytes are kept, shown in traces, and never checked.
public struct ProtectimusInfo: Sendable, Equatable {
    public static let length = 9
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) throws(ProtectimusError) {
        guard bytes.count == Self.length else {
            throw ProtectimusError.malformed(command: "READ INFO", problem: "\(bytes.count) data bytes instead of \(Self.length)")
        }
        self.bytes = bytes
    }

    /// Builds the answer a token with these values sends (the emulator); unknown bytes are zero.
    public init(hardwareScheme: UInt8, firmwareMajor: UInt8, firmwareMinor: UInt8, hasRTC: Bool, intervalCode: UInt8) {
        bytes = [0x00, hardwareScheme, firmwareMajor, firmwareMinor, 0x00, hasRTC ? 0x01 : 0x00, 0x00, intervalCode, 0x00]
    }

    /// Shown as the hex digits, as the script prints it (`70`).
    public var hardwareScheme: String { APDUHex.byte(bytes[1]) }
    /// `10.01`: major and minor as hex digits.
    public var firmware: String { APDUHex.byte(bytes[2]) + "." + APDUHex.byte(bytes[3]) }
    public var hasRTC: Bool { bytes[5] == 0x01 }
    public var intervalCode: UInt8 { bytes[7] }
    /// 30 or 60 for the two known codes (`00`, `10`); nil for any other.
    public var intervalSeconds: Int? { Self.interval(code: intervalCode) }

    public static func interval(code: UInt8) -> Int? {
        switch code {
        case 0x00: return 30
        case 0x10: return 60
        default: return nil
        }
    }

    public static func code(interval: Int) -> UInt8? {
        switch interval {
        case 30: return 0x00
        case 60: return 0x10
        default: return nil
        }
    }
}

/// What can go wrong talking to a Protectimus token, above the transport.
public enum ProtectimusError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(command: String, problem: String)
    /// The answer is a well-formed frame for another command.
    case wrongCommand(command: String, answered: UInt8)

    public var description: String {
        switch self {
        case .malformed(let command, let problem):
            return "\(command): the token's answer is not a Protectimus frame (\(problem)). Fix: check that this is a Protectimus SLIM NFC token, switched on and held still on the reader"
        case .wrongCommand(let command, let answered):
            return "\(command): the token answered for command \(APDUHex.byte(answered)) instead. Fix: lift the token, switch it on again and rerun"
        }
    }
}
