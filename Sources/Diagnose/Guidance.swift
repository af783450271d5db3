/// What to do next, in words about TOTP, with the remedy as a value when a front end applies it
/// with its own controls: the CLI adds the command or option (`skew sync`, `--code`), a web page
/// its own button or field. The library never names either.
public struct Guidance: Sendable, Equatable {
    /// A step the person takes through the front end, not by changing the token or the verifier by hand.
    public enum Remedy: String, Sendable, Equatable, CaseIterable {
        /// Set the token's clock to true time (UTC).
        case syncTokenClock = "sync-token-clock"
        /// Say that a secret is hexadecimal when it is (a bare secret is read as base32).
        case markHexSecret = "mark-hex-secret"
        /// Give the next code the token shows as well.
        case addNextCode = "add-next-code"
        /// Give each code the time it was read.
        case timeEachCode = "time-each-code"
    }

    /// The advice in plain words, complete without the remedy.
    public var text: String
    public var remedy: Remedy?

    public init(_ text: String, remedy: Remedy? = nil) {
        self.text = text
        self.remedy = remedy
    }
}
