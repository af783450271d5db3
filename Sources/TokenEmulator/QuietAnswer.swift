/// How a virtual card can go quiet instead of answering a command, in the ways vpcd can show a
/// host: a real token's silence reaches the host as one of these, depending on the reader.
public enum QuietAnswer: String, Sendable, Equatable, CaseIterable {
    /// An answer of no bytes: the host's transmit succeeds with nothing. vpcd then drops the link,
    /// and the card joins again at once (it never left the field).
    case empty
    /// No answer for `timeoutSeconds`, then the link closes, as when a reader gives up waiting for
    /// the card: the host's transmit waits that long for no bytes. The card joins again at once.
    case timeout
    /// The link closes unanswered and the card stays away `awaySeconds`, long enough for pcscd
    /// (which polls every 400 ms) to see it gone, then comes back: the host must connect again.
    case drop

    public static let timeoutSeconds = 2.0
    public static let awaySeconds = 1.0
}
