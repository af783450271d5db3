import OTPCore
import TokenProtocol

/// A virtual Protectimus SLIM NFC (docs/token-protocol.md §11.2): READ OTP answers the code of its clock,
/// READ INFO its fixed hardware/firmware bytes, and SET TIME, with no authentication, sets the
/// clock from counter × interval + remainder and keeps the seed (CVE-2021-32033).
///
/// Choices where the real token is unknown (docs/emulator.md, "Virtual Protectimus token"): digits go as
/// values `00`…`09`; SET TIME answers `AA 02 12 12`; SET TIME restarts the sub-second phase and
/// leaves the token's own interval as it was; anything that is not a well-formed request for
/// one of the three commands is answered `6E 00`, except that a command that is not a frame at
/// all (Token2's GET INFO) gets `foreignAnswer` when one is set: how a real token answers such a
/// command is unknown, so detection is tested against each way of going quiet.
public struct VirtualProtectimus: EmulatedCard {
    public var clock: SimulatedClock
    /// The seed; the emulator's own secret, never logged.
    public var seed: Secret
    /// OTP interval in seconds: 30 or 60 on real tokens; shorter ones only for fast tests.
    public var interval: Int
    /// How a command that is not a Protectimus frame is answered; nil: `6E 00`.
    public var foreignAnswer: QuietAnswer?

    public static let hardwareScheme: UInt8 = 0x70
    public static let firmware: (major: UInt8, minor: UInt8) = (0x10, 0x01)
    /// The interval code READ INFO reports for an interval real tokens do not have.
    public static let unknownIntervalCode: UInt8 = 0xFF
    public static let notAFrame: [UInt8] = [0x6E, 0x00]

    public init(clock: SimulatedClock, seed: Secret, interval: Int, foreignAnswer: QuietAnswer? = nil) {
        precondition((1...255).contains(interval), "the interval fits SET TIME's byte")
        self.clock = clock
        self.seed = seed
        self.interval = interval
        self.foreignAnswer = foreignAnswer
    }

    public mutating func handle(_ apdu: [UInt8], hostTime: Double) -> VirtualToken.Answer {
        guard case .success(let frame) = ProtectimusFrame.parse(apdu, marker: ProtectimusFrame.requestMarker) else {
            let foreign = apdu.first != ProtectimusFrame.requestMarker
            return VirtualToken.Answer(response: Self.notAFrame, stateChanged: false, quiet: foreign ? foreignAnswer : nil)
        }
        switch (frame.command, frame.data.count) {
        case (ProtectimusCommand.readOTPCode, 1) where frame.data == [0x00]:
            let code = self.code(atHost: hostTime)
            return reply(frame.command, code.compactMap { $0.wholeNumberValue.map(UInt8.init) }, changed: false)
        case (ProtectimusCommand.readInfoCode, 0):
            let info = ProtectimusInfo(hardwareScheme: Self.hardwareScheme, firmwareMajor: Self.firmware.major,
                                       firmwareMinor: Self.firmware.minor, hasRTC: true,
                                       intervalCode: ProtectimusInfo.code(interval: interval) ?? Self.unknownIntervalCode)
            return reply(frame.command, info.bytes, changed: false)
        case (ProtectimusCommand.setTimeCode, 8):
            guard let time = ProtectimusTime(data: frame.data), time.time <= Int64(UInt32.max) else { break }
            clock.set(to: UInt32(time.time), atHost: hostTime)
            return reply(frame.command, [], changed: true)
        default:
            break
        }
        return VirtualToken.Answer(response: Self.notAFrame, stateChanged: false)
    }

    /// The code the display shows at host time `host`: SHA-1, 6 digits, T0 = 0.
    public func code(atHost host: Double) -> String {
        TOTP(secret: seed, parameters: OTPParameters(algorithm: .sha1, digits: 6, period: interval))
            .code(at: clock.time(atHost: host).rounded(.down)) ?? "000000"
    }

    private func reply(_ command: UInt8, _ data: [UInt8], changed: Bool) -> VirtualToken.Answer {
        VirtualToken.Answer(response: ProtectimusFrame.response(command: command, data: data), stateChanged: changed)
    }

    /// Nothing volatile: the token has no session state.
    public mutating func powerCycle() {}

    /// A 7-byte UID: `50 54` ("PT"), the seed's 4-byte fingerprint and `00`, stable per seed.
    public var uid: [UInt8] { [0x50, 0x54] + ((try? Hex.decode(seed.fingerprint)) ?? [0, 0, 0, 0]) + [0x00] }

    public func displayLine(awake: Bool, hostTime: Double) -> String {
        let time = clock.time(atHost: hostTime)
        return TokenDisplay.line(name: "protectimus", time: time, offset: time - hostTime, code: code(atHost: hostTime),
                                 left: interval - Int(time.rounded(.down)) % interval, awake: awake)
    }

    /// No state file: the virtual Protectimus keeps its state in memory for the run.
    public func saveState(to path: String) throws(EmulatorError) {}
}
