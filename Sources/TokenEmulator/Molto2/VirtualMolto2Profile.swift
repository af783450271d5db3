import OTPCore
import TokenProtocol

/// One profile of the virtual Molto2 as its state file keeps it. The seed is the emulator's own
/// secret and lives only here and in memory.
public struct VirtualMolto2Profile: Sendable, Equatable, Codable {
    public var title: String
    public var seedHex: String?
    public var algorithm: TokenConfig.Algorithm
    public var digits: Molto2Config.Digits
    public var step: TokenConfig.Step
    public var displayTimeout: TokenConfig.DisplayTimeout
    /// The profile's own time under the per-profile clock model, once written; nil follows the device clock.
    public var clock: SimulatedClock?
    /// The public block's two time fields: the device clock's second when this profile's time was
    /// last written, and the time written (the emulator's reading of "RTC time" / "time config").
    public var rtcAtWrite: UInt32
    public var timeWritten: UInt32

    /// An untouched profile: no title or seed, the default settings in the public block.
    public static let empty = VirtualMolto2Profile(title: "", seedHex: nil, algorithm: .sha1, digits: .six, step: .seconds30,
                                                   displayTimeout: .seconds30, clock: nil, rtcAtWrite: 0, timeWritten: 0)

    public var seed: [UInt8]? {
        get { seedHex.flatMap { try? Hex.decode($0) } }
        set { seedHex = newValue.map(Hex.encode) }
    }

    /// READ PUBLIC DATA's block. The flag is `20` once a title or seed was written, else `00`.
    public var publicData: Molto2PublicData {
        Molto2PublicData(flag: title.isEmpty && seedHex == nil ? 0x00 : 0x20, titleBytes: Array(title.utf8), timeA: rtcAtWrite, timeB: timeWritten,
                         algorithmCode: algorithm.rawValue, stepSeconds: step.rawValue, digits: digits.rawValue, seedPresent: seedHex != nil)
    }

    /// The code this profile shows at token time `time`, or nil without a seed.
    public func code(at time: Double) -> String? {
        guard let seed, let secret = try? Secret(bytes: seed) else { return nil }
        let parameters = OTPParameters(algorithm: algorithm.hash, digits: digits.count, period: step.seconds)
        return TOTP(secret: secret, parameters: parameters).code(at: time.rounded(.down))
    }

    enum CodingKeys: String, CodingKey {
        case title, seedHex = "seed_hex", algorithm, digits, step, displayTimeout = "display_timeout", clock,
             rtcAtWrite = "rtc_at_write", timeWritten = "time_written"
    }
}
