import TokenProtocol

/// A virtual Token2 Molto2 (docs/token-protocol.md §11.1): 100 profiles, a clock under either clock
/// model, a customer key with a tries counter that locks at zero, and button-confirmed commands
/// under a `ButtonPolicy`. Its choices where the real device is unknown are listed in
/// docs/emulator.md ("Virtual Molto2").
public struct VirtualMolto2: EmulatedCard {
    public var state: VirtualMolto2State
    public var button: ButtonPolicy
    /// How a command of another family (single-profile GET INFO, a Protectimus frame) is answered;
    /// nil: an error status.
    public var foreignAnswer: QuietAnswer?
    /// Volatile: lost at power-off and reset.
    public private(set) var challenge: [UInt8]?
    public private(set) var authenticated = false
    private var pending: (change: PendingChange, requestedAt: Double)?
    private let randomChallenge: @Sendable () -> [UInt8]

    enum PendingChange: Equatable {
        case key(Molto2Key)
        case factoryReset
    }

    /// The emulator's choices for status words nobody has documented.
    public enum Status {
        public static let notAuthenticated: UInt16 = 0x6982
        public static let wrongMAC: UInt16 = 0x6988
        public static let seedPresent: UInt16 = 0x6A89
        public static let badProfile: UInt16 = 0x6A86
        public static let wrongData = StatusWord.wrongData
    }

    public init(state: VirtualMolto2State, button: ButtonPolicy = .auto, foreignAnswer: QuietAnswer? = nil,
                randomChallenge: @escaping @Sendable () -> [UInt8] = VirtualToken.systemRandomChallenge) {
        self.state = state
        self.button = button
        self.foreignAnswer = foreignAnswer
        self.randomChallenge = randomChallenge
    }

    public mutating func powerCycle() {
        challenge = nil
        authenticated = false
    }

    public mutating func handle(_ apdu: [UInt8], hostTime: Double) -> VirtualToken.Answer {
        var changed = settleButton(hostTime: hostTime)
        var answer = dispatch(apdu, hostTime: hostTime)
        changed = changed || answer.stateChanged
        answer.stateChanged = changed
        return answer
    }

    private mutating func dispatch(_ apdu: [UInt8], hostTime: Double) -> VirtualToken.Answer {
        guard apdu.count >= 4 else { return reply(StatusWord.wrongLength) }
        switch (apdu[0], apdu[1]) {
        case (0x80, 0x41) where apdu == [0x80, 0x41, 0x00, 0x00, 0x00]: return getInfo(hostTime: hostTime)
        case (0x80, 0x41) where apdu.count >= 6 && apdu[2] == 0 && apdu[4...5] == [0x01, 0x70]: return readPublicData(apdu)
        case (0x80, 0x41): return foreign(StatusWord.wrongData)
        case (0x80, 0x4B): return getChallenge(apdu)
        case (0x80, 0xCE): return authenticate(apdu)
        case (0x80, 0xE6): return deleteSeed(apdu)
        case (0x80, 0x56) where apdu == Molto2Command.factoryReset.bytes: return requestButton(.factoryReset, hostTime: hostTime)
        case (0x80, 0xD8): return screenLock(apdu)
        case (0x84, 0xC5), (0x84, 0xD5), (0x84, 0xD4), (0x84, 0xD7): return secure(apdu, hostTime: hostTime)
        case (0x80, _), (0x84, _): return reply(StatusWord.unknownInstruction)
        default: return foreign(StatusWord.unknownClass)
        }
    }

    /// Serial and device clock in the observed shape `95 LL 02 N serial 11 04 time`, then 31 bytes
    /// whose content nobody knows (zeros here), so hosts that assume N + 10 bytes fail in tests.
    private func getInfo(hostTime: Double) -> VirtualToken.Answer {
        let time = UInt32(clamping: Int64(state.clock.time(atHost: hostTime).rounded(.down)))
        let serialLength = state.serial.utf8.count
        let info = TokenInfo(serial: state.serial, time: time, header: [0x95, UInt8(serialLength + 8 + Self.trailingInfoBytes), 0x02],
                             separator: [0x11, 0x04])
        return VirtualToken.Answer(response: info.data + [UInt8](repeating: 0, count: Self.trailingInfoBytes) + [0x90, 0x00], stateChanged: false)
    }

    static let trailingInfoBytes = 31

    private func readPublicData(_ apdu: [UInt8]) -> VirtualToken.Answer {
        guard apdu.count == 6 else { return reply(Molto2Status.leRefused) }
        guard let profile = profileIndex(apdu[3]) else { return reply(Status.badProfile) }
        return VirtualToken.Answer(response: state.profiles[profile].publicData.data + [0x90, 0x00], stateChanged: false)
    }

    private mutating func getChallenge(_ apdu: [UInt8]) -> VirtualToken.Answer {
        guard apdu == Molto2Command.getChallenge.bytes else { return reply(StatusWord.wrongLength) }
        let fresh = randomChallenge()
        challenge = fresh
        authenticated = false
        return VirtualToken.Answer(response: fresh + [0x90, 0x00], stateChanged: false)
    }

    /// A locked token (no tries left) answers `63 C0` to every attempt, right or wrong.
    private mutating func authenticate(_ apdu: [UInt8]) -> VirtualToken.Answer {
        guard let pending = challenge, apdu.count == 21, apdu[2...4] == [0x00, 0x00, 0x10] else { return reply(Status.wrongData) }
        challenge = nil
        guard state.triesLeft > 0 else { return reply(0x63C0) }
        guard let expected = try? TokenCrypto.challengeAnswer(pending, key: state.key.bytes) else { return reply(StatusWord.unknownInstruction) }
        if ConstantTime.equal(Array(apdu[5...]), expected) {
            authenticated = true
            let changed = state.triesLeft != state.maxTries
            state.triesLeft = state.maxTries
            return VirtualToken.Answer(response: [0x90, 0x00], stateChanged: changed)
        }
        state.triesLeft -= 1
        return VirtualToken.Answer(response: [0x63, 0xC0 | UInt8(min(state.triesLeft, 15))], stateChanged: true)
    }

    /// Needs no authentication, as on the device that was tested.
    private mutating func deleteSeed(_ apdu: [UInt8]) -> VirtualToken.Answer {
        guard apdu.count == 5, apdu[2] == 0, apdu[4] == 0 else { return reply(StatusWord.wrongLength) }
        guard let profile = profileIndex(apdu[3]) else { return reply(Status.badProfile) }
        guard state.profiles[profile].seedHex != nil else { return reply(Molto2Status.noSeed) }
        state.profiles[profile].seedHex = nil
        return VirtualToken.Answer(response: [0x90, 0x00], stateChanged: true)
    }

    /// The vendor's lock and unlock framings, after authentication.
    private mutating func screenLock(_ apdu: [UInt8]) -> VirtualToken.Answer {
        let lock = apdu == Molto2Command.screenLock.bytes
        guard lock || apdu == Molto2Command.screenUnlock.bytes else { return reply(Status.wrongData) }
        guard authenticated else { return reply(Status.notAuthenticated) }
        state.screenLocked = lock
        return VirtualToken.Answer(response: [0x90, 0x00], stateChanged: true)
    }

    /// Checks in this order: Lc, authenticated, MAC, profile number, then the body.
    private mutating func secure(_ apdu: [UInt8], hostTime: Double) -> VirtualToken.Answer {
        guard apdu.count >= 9, Int(apdu[4]) == apdu.count - 5 else { return reply(StatusWord.wrongLength) }
        guard authenticated else { return reply(Status.notAuthenticated) }
        let body = Array(apdu[5..<(apdu.count - 4)])
        guard let mac = try? TokenCrypto.secureMAC(ins: apdu[1], p1: apdu[2], p2: apdu[3], body: body, key: state.key.bytes),
              ConstantTime.equal(Array(apdu.suffix(4)), mac) else { return reply(Status.wrongMAC) }
        if apdu[1] == 0xD7 { return changeKey(p1p2: Array(apdu[2...3]), body: body, hostTime: hostTime) }
        guard let profile = profileIndex(apdu[3]) else { return reply(Status.badProfile) }
        switch (apdu[1], apdu[2]) {
        case (0xC5, 0x01): return writeSeed(profile, body: body)
        case (0xD5, 0x00): return writeTitle(profile, body: body)
        case (0xD4, 0x01): return writeConfig(profile, body: body, hostTime: hostTime)
        default: return reply(Status.wrongData)
        }
    }

    /// Refused (`6A 89`) when the profile already holds a seed: hosts must delete on purpose first.
    private mutating func writeSeed(_ profile: Int, body: [UInt8]) -> VirtualToken.Answer {
        guard state.profiles[profile].seedHex == nil else { return reply(Status.seedPresent) }
        guard let seed = decrypt(body, blocks: 1...4), !seed.isEmpty, seed.contains(where: { $0 != 0 }) else { return reply(Status.wrongData) }
        state.profiles[profile].seed = seed
        return VirtualToken.Answer(response: [0x90, 0x00], stateChanged: true)
    }

    private mutating func writeTitle(_ profile: Int, body: [UInt8]) -> VirtualToken.Answer {
        guard let title = decrypt(body, blocks: 1...1), (1...12).contains(title.count) else { return reply(Status.wrongData) }
        state.profiles[profile].title = String(decoding: title, as: UTF8.self)
        return VirtualToken.Answer(response: [0x90, 0x00], stateChanged: true)
    }

    /// The full TLV sets the settings and the time; the sync-only TLV the time alone. Where the time
    /// goes depends on the clock model; the second starts when the write arrives either way.
    private mutating func writeConfig(_ profile: Int, body: [UInt8], hostTime: Double) -> VirtualToken.Answer {
        let time: UInt32
        if let config = Molto2Config(tlv: body) {
            state.profiles[profile].algorithm = config.algorithm
            state.profiles[profile].digits = config.digits
            state.profiles[profile].step = config.step
            state.profiles[profile].displayTimeout = config.displayTimeout
            time = config.time
        } else if let syncTime = Molto2Config.syncTime(tlv: body) {
            time = syncTime
        } else {
            return reply(Status.wrongData)
        }
        state.profiles[profile].rtcAtWrite = UInt32(clamping: Int64(state.clock.time(atHost: hostTime).rounded(.down)))
        state.profiles[profile].timeWritten = time
        switch state.clockModel {
        case .device:
            state.clock.set(to: time, atHost: hostTime)
        case .perProfile:
            var own = state.clock
            own.set(to: time, atHost: hostTime)
            state.profiles[profile].clock = own
        }
        return VirtualToken.Answer(response: [0x90, 0x00], stateChanged: true)
    }

    private mutating func changeKey(p1p2: [UInt8], body: [UInt8], hostTime: Double) -> VirtualToken.Answer {
        guard p1p2 == [0, 0], body.count == 32, let plain = try? SM4.decryptECB(key: state.key.bytes, body),
              plain[0] == 0, plain[17] == 0x80, plain[18...].allSatisfy({ $0 == 0 })
        else { return reply(Status.wrongData) }
        return requestButton(.key(Molto2Key(derived: Array(plain[1...16]))), hostTime: hostTime)
    }

    /// Answers `90 60`; the change waits for the button as the policy says.
    private mutating func requestButton(_ change: PendingChange, hostTime: Double) -> VirtualToken.Answer {
        pending = (change, hostTime)
        let changed = settleButton(hostTime: hostTime)
        return VirtualToken.Answer(response: [0x90, 0x60], stateChanged: changed)
    }

    /// Applies a pending change once the simulated press has happened; true when state changed.
    private mutating func settleButton(hostTime: Double) -> Bool {
        guard let request = pending else { return false }
        switch button {
        case .deny: return false
        case .after(let seconds) where hostTime < request.requestedAt + seconds: return false
        case .auto, .after: break
        }
        pending = nil
        switch request.change {
        case .key(let key):
            state.key = key
        case .factoryReset:
            state.key = .factory
            state.triesLeft = state.maxTries
            state.screenLocked = false
            state.profiles = Array(repeating: .empty, count: Molto2Profile.count)
        }
        authenticated = false
        return true
    }

    /// SM4-ECB under the current key, then the `80 00…` padding stripped; nil when malformed.
    private func decrypt(_ body: [UInt8], blocks: ClosedRange<Int>) -> [UInt8]? {
        guard body.count % 16 == 0, blocks.contains(body.count / 16),
              let plain = try? SM4.decryptECB(key: state.key.bytes, body) else { return nil }
        return TokenCrypto.stripSeedPadding(plain)
    }

    private func profileIndex(_ byte: UInt8) -> Int? { Molto2Profile(Int(byte)).map { Int($0.number) } }

    /// A command of another family: the error status, or silence the way `foreignAnswer` says.
    private func foreign(_ sw: UInt16) -> VirtualToken.Answer {
        VirtualToken.Answer(response: [UInt8(sw >> 8), UInt8(sw & 0xFF)], stateChanged: false, quiet: foreignAnswer)
    }

    private func reply(_ sw: UInt16) -> VirtualToken.Answer {
        VirtualToken.Answer(response: [UInt8(sw >> 8), UInt8(sw & 0xFF)], stateChanged: false)
    }


    public var uid: [UInt8] { CardIdentity.uid(serial: state.serial) }

    /// The device clock, and the code of the first profile that holds a seed.
    public func displayLine(awake: Bool, hostTime: Double) -> String {
        let time = state.clock.time(atHost: hostTime)
        let shown = state.profiles.indices.first { state.profiles[$0].seedHex != nil }
        let code = shown.flatMap { state.profiles[$0].code(at: state.time(profile: $0, atHost: hostTime)) }.map { "p\(shown!) \($0)" }
        let step = shown.map { state.profiles[$0].step.seconds } ?? 30
        return TokenDisplay.line(name: "molto2 \(state.serial)", time: time, offset: time - hostTime, code: code,
                                 left: step - Int(time.rounded(.down)) % step, awake: awake)
    }

    public func saveState(to path: String) throws(EmulatorError) {
        try EmulatorStateFile.save(state, to: path)
    }
}
