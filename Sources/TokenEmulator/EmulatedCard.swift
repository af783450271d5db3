import TokenProtocol

/// What `VirtualTokenEmulator` needs from a virtual card of any family: answers to commands, the
/// power cycle that drops volatile state, the UID the reader reports, the display line, and
/// saving its persistent state.
public protocol EmulatedCard: Sendable {
    mutating func handle(_ apdu: [UInt8], hostTime: Double) -> VirtualToken.Answer
    mutating func powerCycle()
    var uid: [UInt8] { get }
    func displayLine(awake: Bool, hostTime: Double) -> String
    func saveState(to path: String) throws(EmulatorError)
}

extension VirtualToken: EmulatedCard {
    public var uid: [UInt8] { CardIdentity.uid(serial: state.serial) }

    public func displayLine(awake: Bool, hostTime: Double) -> String {
        TokenDisplay.line(for: state, awake: awake, hostTime: hostTime)
    }

    public func saveState(to path: String) throws(EmulatorError) {
        try EmulatorStateFile.save(state, to: path)
    }
}
