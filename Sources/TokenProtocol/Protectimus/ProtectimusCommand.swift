/// The three known Protectimus SLIM NFC commands (docs/token-protocol.md §11.2) as the bytes sent through a
/// reader. None needs authentication: that, for SET TIME, is CVE-2021-32033.
public enum ProtectimusCommand {
    public static let readOTPCode: UInt8 = 0x42
    public static let readInfoCode: UInt8 = 0x10
    public static let setTimeCode: UInt8 = 0x12

    /// `86 03 42 00 42`.
    public static let readOTP = CommandAPDU(name: "READ OTP", bytes: ProtectimusFrame.request(command: readOTPCode, data: [0x00]))
    /// `86 02 10 10`.
    public static let readInfo = CommandAPDU(name: "READ INFO", bytes: ProtectimusFrame.request(command: readInfoCode, data: []))

    /// `86 0A 12 00 00 II CC CC CC CC RR X`: the clock as a step counter and remainder.
    public static func setTime(_ time: ProtectimusTime) -> CommandAPDU {
        CommandAPDU(name: "SET TIME", bytes: ProtectimusFrame.request(command: setTimeCode, data: time.data))
    }
}

/// What SET TIME carries: the interval in seconds, floor(T / interval) and T mod interval. The
/// token keeps (counter, remainder), not Unix time.
public struct ProtectimusTime: Sendable, Equatable {
    public var interval: UInt8
    public var counter: UInt32
    public var remainder: UInt8

    /// Unix second `time` at `interval` seconds (1…255; real tokens use 30 or 60).
    public init(time: UInt32, interval: UInt8) {
        precondition(interval > 0, "the interval is at least one second")
        self.interval = interval
        counter = time / UInt32(interval)
        remainder = UInt8(time % UInt32(interval))
    }

    /// Reads the 8 data bytes `00 00 II CC CC CC CC RR`; nil for another layout or interval 0.
    public init?(data: [UInt8]) {
        guard data.count == 8, data[0] == 0, data[1] == 0, data[2] > 0 else { return nil }
        interval = data[2]
        counter = data[3...6].reduce(0) { $0 << 8 | UInt32($1) }
        remainder = data[7]
    }

    public var data: [UInt8] {
        [0x00, 0x00, interval, UInt8(counter >> 24), UInt8(counter >> 16 & 0xFF), UInt8(counter >> 8 & 0xFF),
         UInt8(counter & 0xFF), remainder]
    }

    /// The Unix second this encodes (the remainder may exceed the interval in a hostile frame).
    public var time: Int64 { Int64(counter) * Int64(interval) + Int64(remainder) }
}
