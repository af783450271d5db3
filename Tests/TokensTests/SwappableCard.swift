import TokenEmulator

/// One reader whose card the test swaps: any family's virtual token behind one transport, so a
/// test can put tokens on the same reader one after another.
struct SwappableCard: EmulatedCard {
    var card: any EmulatedCard

    mutating func handle(_ apdu: [UInt8], hostTime: Double) -> VirtualToken.Answer { card.handle(apdu, hostTime: hostTime) }
    mutating func powerCycle() { card.powerCycle() }
    var uid: [UInt8] { card.uid }
    func displayLine(awake: Bool, hostTime: Double) -> String { card.displayLine(awake: awake, hostTime: hostTime) }
    func saveState(to path: String) throws(EmulatorError) { try card.saveState(to: path) }
}
