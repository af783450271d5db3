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

    /// What the token holds now, for a run that stopped early, and what to do about it.
    public var state: TokenAdvice {
        switch (config, seed) {
        case (.notSent, _):
            return TokenAdvice("nothing written: the token is as it was")
        case (.unanswered, _):
            let seedState = keepsSeedOnTimeWrite
                ? "this model keeps its seed on a time write"
                : "if it was, this model erased its seed"
            return TokenAdvice("config sent but not answered: the token may or may not have taken it (\(seedState)); seed not written",
                               remedies: [.inspectToken, .writeAgain(seedPlanned ? .burn : .sync)])
        case (.written, .notSent):
            guard seedPlanned else { return TokenAdvice("config written") }
            return TokenAdvice(keepsSeedOnTimeWrite
                ? "config written, seed not written: this model kept its old seed, so it shows codes for the old account with the new settings"
                : "config written, seed not written: this model now has no seed", remedies: [.writeAgain(.burn)])
        case (.written, .unanswered):
            return TokenAdvice(keepsSeedOnTimeWrite
                ? "config written; the seed was sent but not answered: the token holds either the old seed or the new one"
                : "config written; the seed was sent but not answered: this model holds either no seed or the new one", remedies: [.writeAgain(.burn)])
        case (.written, .written):
            return TokenAdvice(seedPlanned ? "config and seed written" : "config written")
        }
    }
}
