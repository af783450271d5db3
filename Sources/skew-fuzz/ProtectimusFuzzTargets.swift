import OTPCore
import TokenEmulator
import TokenProtocol

extension FuzzTargets {
    /// Protectimus frames: a parsed answer rebuilds to the same bytes, a parsed SET TIME body
    /// re-encodes to itself, and the virtual Protectimus answers every command with at least two
    /// bytes (vpcd cannot carry silence), whatever it is sent.
    static func protectimus(_ bytes: [UInt8]) {
        if case .success(let frame) = ProtectimusFrame.parse(bytes, marker: ProtectimusFrame.responseMarker) {
            precondition(ProtectimusFrame.response(command: frame.command, data: frame.data) == bytes, "a parsed frame rebuilds to its bytes")
        }
        if let time = ProtectimusTime(data: bytes) { precondition(time.data == bytes, "a SET TIME body re-encodes to itself") }
        var token = VirtualProtectimus(clock: SimulatedClock(offset: 0, driftPPM: 0, start: 1_700_000_000),
                                       seed: try! Secret(bytes: Array("12345678901234567890".utf8)), interval: 30)
        var index = 0
        while index < bytes.count {
            let length = Int(bytes[index])
            let command = Array(bytes[(index + 1)..<min(index + 1 + length, bytes.count)])
            index += 1 + length
            precondition(token.handle(command, hostTime: 1_700_000_000).response.count >= 2, "every command gets an answer")
        }
    }
}
