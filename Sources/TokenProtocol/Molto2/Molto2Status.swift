/// The status words a Molto2 is known to answer besides `90 00` (docs/token-protocol.md §11.1.8).
public enum Molto2Status {
    /// Accepted, waiting for the ▲ button (CHANGE CUSTOMER KEY, FACTORY RESET): a success.
    public static let awaitingButton: UInt16 = 0x9060
    /// DELETE SEED on a profile without a seed: "already empty".
    public static let noSeed: UInt16 = 0x6A83
    /// READ PUBLIC DATA sent with a trailing Le.
    public static let leRefused: UInt16 = 0x6FFB

    /// The tries left in a `63 Cx` answer; nil for any other `63 xx` (count unknown) or any other SW.
    public static func triesLeft(_ sw: UInt16) -> Int? {
        sw & 0xFFF0 == 0x63C0 ? Int(sw & 0x0F) : nil
    }

    public static func isAuthenticationFailure(_ sw: UInt16) -> Bool { sw >> 8 == 0x63 }
}
