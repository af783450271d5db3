import TokenProtocol

/// The virtual token's behaviour (docs/token-protocol.md §8): answers one APDU at a time, given the host time.
/// Choices where the real token is unknown are listed in docs/emulator.md ("Virtual token").
public struct VirtualToken: Sendable {
    public var state: VirtualTokenState
    /// Wrong AUTHENTICATE answers before the key locks; nil never locks.
    public var retryLimit: Int?
    public var infoPreset: InfoPreset
    /// Volatile: lost at power-off and reset.
    public private(set) var challenge: [UInt8]?
    public private(set) var authenticated = false
    private let randomChallenge: @Sendable () -> [UInt8]

    public init(state: VirtualTokenState, retryLimit: Int?, infoPreset: InfoPreset,
                randomChallenge: @escaping @Sendable () -> [UInt8] = VirtualToken.systemRandomChallenge) {
        self.state = state
        self.retryLimit = retryLimit
        self.infoPreset = infoPreset
        self.randomChallenge = randomChallenge
    }

    @Sendable public static func systemRandomChallenge() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// The answer and whether persistent state changed (so the emulator saves it). With `quiet`
    /// set, the card sends no `response` and goes quiet that way instead.
    public struct Answer: Sendable, Equatable {
        public var response: [UInt8]
        public var stateChanged: Bool
        public var quiet: QuietAnswer? = nil
    }

    /// Power off, power on and reset all drop the challenge and the authenticated state.
    public mutating func powerCycle() {
        challenge = nil
        authenticated = false
    }

    public mutating func handle(_ apdu: [UInt8], hostTime: Double) -> Answer {
        guard apdu.count >= 4 else { return answer(StatusWord.wrongLength) }
        switch (apdu[0], apdu[1]) {
        case (0x80, 0x41): return getInfo(apdu, hostTime: hostTime)
        case (0x80, 0x4B): return getChallenge(apdu)
        case (0x80, 0xCE): return authenticate(apdu)
        case (0x80, 0xD4), (0x80, 0xC5): return answer(StatusWord.securityNotSatisfied)
        case (0x84, 0xD4), (0x84, 0xC5): return secure(apdu, hostTime: hostTime)
        case (0x80, _), (0x84, _): return answer(StatusWord.unknownInstruction)
        default: return answer(StatusWord.unknownClass)
        }
    }

    /// `80 41 00 00 02 02 11`, with or without a trailing Le.
    private func getInfo(_ apdu: [UInt8], hostTime: Double) -> Answer {
        guard apdu.count == 7 || apdu.count == 8, apdu[2...6] == [0x00, 0x00, 0x02, 0x02, 0x11] else {
            return answer(StatusWord.wrongData)
        }
        let time = UInt32(clamping: Int64(state.clock.time(atHost: hostTime).rounded(.down)))
        let info = TokenInfo(serial: state.serial, time: time,
                             header: infoPreset.header(serialLength: state.serial.utf8.count), separator: infoPreset.separator)
        return Answer(response: info.data + [0x90, 0x00], stateChanged: false)
    }

    /// `80 4B 08 00 00` or `80 4B 08 00 01 00`: 8 fresh random bytes; drops authentication.
    private mutating func getChallenge(_ apdu: [UInt8]) -> Answer {
        guard apdu == [0x80, 0x4B, 0x08, 0x00, 0x00] || apdu == [0x80, 0x4B, 0x08, 0x00, 0x01, 0x00] else {
            return answer(StatusWord.wrongLength)
        }
        let fresh = randomChallenge()
        challenge = fresh
        authenticated = false
        return Answer(response: fresh + [0x90, 0x00], stateChanged: false)
    }

    private mutating func authenticate(_ apdu: [UInt8]) -> Answer {
        if state.locked { return answer(StatusWord.securityNotSatisfied) }
        guard let pending = challenge, apdu.count == 21, apdu[2...4] == [0x00, 0x00, 0x10] else {
            return answer(StatusWord.wrongData)
        }
        challenge = nil
        guard let expected = try? TokenCrypto.challengeAnswer(pending) else { return answer(StatusWord.unknownInstruction) }
        if ConstantTime.equal(Array(apdu[5...]), expected) {
            authenticated = true
            let changed = state.failCount != 0
            state.failCount = 0
            return Answer(response: [0x90, 0x00], stateChanged: changed)
        }
        state.failCount += 1
        if let retryLimit, state.failCount >= retryLimit { state.locked = true }
        return Answer(response: [0x69, 0x83], stateChanged: true)
    }

    /// Checks in this order: length, authenticated, MAC; then the command's own body rules.
    private mutating func secure(_ apdu: [UInt8], hostTime: Double) -> Answer {
        guard apdu.count >= 9, Int(apdu[4]) == apdu.count - 5 else { return answer(StatusWord.wrongLength) }
        guard authenticated else { return answer(StatusWord.securityNotSatisfied) }
        let body = Array(apdu[5..<(apdu.count - 4)])
        let mac = Array(apdu.suffix(4))
        guard let expected = try? TokenCrypto.secureMAC(ins: apdu[1], p1: apdu[2], p2: apdu[3], body: body),
              ConstantTime.equal(mac, expected) else {
            return answer(StatusWord.securityNotSatisfied)
        }
        return apdu[1] == 0xD4 ? writeConfig(p1: apdu[2], body: body, hostTime: hostTime) : writeSeed(p1: apdu[2], body: body)
    }

    private mutating func writeConfig(p1: UInt8, body: [UInt8], hostTime: Double) -> Answer {
        guard p1 == 0x00, let config = TokenConfig(tlv: body) else { return answer(StatusWord.wrongData) }
        state.displayTimeout = config.displayTimeout
        state.algorithm = config.algorithm
        state.step = config.step
        state.clock.set(to: config.time, atHost: hostTime)
        if state.restrictedSync { state.seed = nil }
        return Answer(response: [0x90, 0x00], stateChanged: true)
    }

    private mutating func writeSeed(p1: UInt8, body: [UInt8]) -> Answer {
        guard p1 == 0x01, body.count % 16 == 0, (16...64).contains(body.count),
              let plaintext = try? SM4.decryptECB(key: TokenCrypto.deviceKey, body),
              let seed = TokenCrypto.stripSeedPadding(plaintext), !seed.isEmpty
        else { return answer(StatusWord.wrongData) }
        state.seed = seed
        return Answer(response: [0x90, 0x00], stateChanged: true)
    }

    private func answer(_ sw: UInt16) -> Answer {
        Answer(response: [UInt8(sw >> 8), UInt8(sw & 0xFF)], stateChanged: false)
    }

}
