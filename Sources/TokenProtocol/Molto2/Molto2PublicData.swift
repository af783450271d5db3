/// One profile's public block, READ PUBLIC DATA's answer (docs/token-protocol.md §11.1.5):
/// `95 1F 70 1D` and 29 bytes, readable by anyone holding the token. Parsed strictly; the flag and
/// the two time fields are kept as read but their meaning is unknown, so nothing relies on them.
public struct Molto2PublicData: Sendable, Equatable {
    public static let length = 33

    /// Meaning unknown (`20` seen on a programmed profile, `00` on an untouched one).
    public var flag: UInt8
    /// Up to 16 bytes, stored in plaintext with trailing zero bytes dropped.
    public var titleBytes: [UInt8]
    /// The vendor's "RTC time" and "time config"; whether they are Unix seconds is unknown.
    public var timeA: UInt32
    public var timeB: UInt32
    /// Raw codes as the token reports them: an unknown code stays visible instead of being guessed.
    public var algorithmCode: UInt8
    public var stepSeconds: UInt8
    public var digits: UInt8
    /// The only sign of an occupied profile (the other bytes may show defaults when empty).
    public var seedPresent: Bool

    public init(flag: UInt8, titleBytes: [UInt8], timeA: UInt32, timeB: UInt32, algorithmCode: UInt8, stepSeconds: UInt8,
                digits: UInt8, seedPresent: Bool) {
        self.flag = flag
        self.titleBytes = titleBytes
        self.timeA = timeA
        self.timeB = timeB
        self.algorithmCode = algorithmCode
        self.stepSeconds = stepSeconds
        self.digits = digits
        self.seedPresent = seedPresent
    }

    /// The title as text (UTF-8, broken bytes replaced).
    public var title: String { String(decoding: titleBytes, as: UTF8.self) }
    public var algorithm: TokenConfig.Algorithm? { TokenConfig.Algorithm(rawValue: algorithmCode) }

    public init(data: [UInt8]) throws(Molto2Error) {
        guard data.count == Self.length, data[0...3] == [0x95, 0x1F, 0x70, 0x1D] else {
            let head = APDUHex.spaced(Array(data.prefix(4)))
            throw Molto2Error.malformedResponse(command: "READ PUBLIC DATA",
                                                problem: "\(data.count) bytes starting \(head.isEmpty ? "with nothing" : head), not 33 starting 95 1F 70 1D")
        }
        guard data[32] <= 1 else {
            throw Molto2Error.malformedResponse(command: "READ PUBLIC DATA", problem: "seed-present byte \(APDUHex.byte(data[32])) is neither 00 nor 01")
        }
        var title = Array(data[5..<21])
        while title.last == 0 { title.removeLast() }
        self.init(flag: data[4], titleBytes: title, timeA: Molto2Config.time(data[21..<25]), timeB: Molto2Config.time(data[25..<29]),
                  algorithmCode: data[29], stepSeconds: data[30], digits: data[31], seedPresent: data[32] == 1)
    }

    /// The answer as the token sends it (the emulator's).
    public var data: [UInt8] {
        [0x95, 0x1F, 0x70, 0x1D, flag] + titleBytes + [UInt8](repeating: 0, count: 16 - titleBytes.count)
            + Molto2Config.timeBytes(timeA) + Molto2Config.timeBytes(timeB) + [algorithmCode, stepSeconds, digits, seedPresent ? 1 : 0]
    }
}
