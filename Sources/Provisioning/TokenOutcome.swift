import Tokens

/// What the batch did with one token presented on the reader: the line the person sees, the
/// provisioning report's row, and the write and measurement for the history.
public struct TokenOutcome {
    public enum Result: String, Sendable {
        /// Written now and read back within a second of the reference clock.
        case verified
        /// A resume check found the journaled seed already on the token: nothing written.
        case foundOnToken = "found-on-token"
        /// Verified earlier in this batch: nothing written.
        case alreadyDone = "already-done"
        /// Written, but the clock read back more than a second off (or not at all).
        case unverified
        /// Not written, or cut short; the journal says what the token may hold.
        case failed
        /// The resume check needs the code on the display and got none: nothing written.
        case unresolved
        /// `--dry-run`: checked and listed, nothing written.
        case dryRun = "dry-run"
    }

    public var serial: String
    public var model: String?
    public var account: String?
    public var algorithm: String?
    public var periodSeconds: Int?
    public var fingerprint: String?
    public var result: Result
    /// Whether this run sent the seed write.
    public var written: Bool
    public var offsetAfter: Double?
    public var uncertainty: Double?
    /// `--measure`'s offset, taken after the write.
    public var measurement: OffsetMeasurement?
    /// The write as the token layer reported it (for the history), when this run wrote.
    public var write: ClockWriteResult?
    public var note: String?
    /// `--dry-run`: the commands a real run would send.
    public var dryRunLines: [String] = []

    public init(serial: String, result: Result, written: Bool = false) {
        self.serial = serial
        self.result = result
        self.written = written
    }

    /// Whether the token now counts as provisioned.
    public var isProvisioned: Bool { [.verified, .foundOnToken, .alreadyDone].contains(result) }
}

/// Why the batch stopped: the token refused authentication (`69 83`). Authentication is never
/// tried again, on this token or the next, until a person has looked.
public struct ProvisionStopped: Error, CustomStringConvertible {
    public var serial: String
    public var underlying: any Error

    public var description: String {
        "token \(serial) refused authentication (\(underlying)); the batch stops here and nothing more is sent"
    }
}
