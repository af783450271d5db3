/// How far a config-then-seed write got, so that a run cut short (card removed, link dropped) can
/// say exactly what the token now holds (docs/token-protocol.md §9.2: a config write is a time write, and on
/// restricted models it erases the seed).
public struct WriteProgress: Sendable, Equatable {
    public enum Stage: String, Sendable, Codable {
        /// The command never left the host.
        case notSent = "not-sent"
        /// The command was sent and no answer came: the token may or may not have acted on it.
        case unanswered
        /// The token answered 90 00.
        case written
    }

    /// Whether the token keeps its seed on a time write (false for restricted and unknown models).
    public var keepsSeedOnTimeWrite: Bool
    /// Whether this run meant to write a seed after the config.
    public var seedPlanned: Bool
    public var config: Stage = .notSent
    public var seed: Stage = .notSent

    public init(keepsSeedOnTimeWrite: Bool, seedPlanned: Bool) {
        self.keepsSeedOnTimeWrite = keepsSeedOnTimeWrite
        self.seedPlanned = seedPlanned
    }

    /// One sentence on what the token holds now, for a run that stopped early.
    public var stateReport: String {
        switch (config, seed) {
        case (.notSent, _):
            return "nothing written: the token is as it was"
        case (.unanswered, _):
            let seedState = keepsSeedOnTimeWrite
                ? "this model keeps its seed on a time write"
                : "if it was, this model erased its seed"
            return "config sent but not answered: the token may or may not have taken it (\(seedState)); seed not written. Check with `skew token info`, then run `skew \(seedPlanned ? "burn" : "sync")` again"
        case (.written, .notSent):
            guard seedPlanned else { return "config written" }
            return keepsSeedOnTimeWrite
                ? "config written, seed not written: this model kept its old seed, so it shows codes for the old account with the new settings; run `skew burn` again"
                : "config written, seed not written: this model now has no seed; run `skew burn` again"
        case (.written, .unanswered):
            return keepsSeedOnTimeWrite
                ? "config written; the seed was sent but not answered: the token holds either the old seed or the new one; run `skew burn` again"
                : "config written; the seed was sent but not answered: this model holds either no seed or the new one; run `skew burn` again"
        case (.written, .written):
            return seedPlanned ? "config and seed written" : "config written"
        }
    }
}
