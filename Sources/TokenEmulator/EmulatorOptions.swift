/// How `skew emulate` runs the virtual token: where vpcd is, and the faults to inject.
public struct EmulatorOptions: Sendable {
    /// vpcd's port on 127.0.0.1 (35963 is reader "Virtual PCD 00 00").
    public var port: UInt16 = 35963
    /// Keep trying to reach vpcd this long (pcscd may still be starting).
    public var connectTimeout: Double = 5
    /// Answer this many APDUs, then close the link (the card leaves the field between commands).
    public var dropAfter: Int?
    /// Answer this many APDUs, then close the link on receiving the next one, without answering.
    public var silentAfter: Int?
    /// Delay before answering WRITE CONFIG and WRITE SEED, in seconds.
    public var slowWrites: Double = 0
    /// Start switched off: not on the reader until SIGUSR1 "presses the button".
    public var startAsleep = false
    /// Log every command received (secure bodies masked), so tests can prove what reached the card.
    public var logCommands = false
    /// Where the persistent state is saved after every change (nil: memory only).
    public var statePath: String?

    public init() {}
}

/// Why the emulator stopped.
public enum EmulatorError: Error, CustomStringConvertible {
    case vpcdUnreachable(port: UInt16, reason: String)
    case linkClosedByReader(port: UInt16)
    case stateFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .vpcdUnreachable(let port, let reason):
            return "cannot reach vpcd at 127.0.0.1:\(port) (\(reason))"
        case .linkClosedByReader(let port):
            return "vpcd at 127.0.0.1:\(port) closed the link (pcscd stopped?)"
        case .stateFile(let path, let reason):
            return "state file \(path): \(reason)"
        }
    }
}
