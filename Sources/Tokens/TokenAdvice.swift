/// What a person does next about a token, as a value. A front end words it with its own commands
/// or controls (the CLI names `skew token info`, `skew sync` and its options; a web page its
/// buttons), so the token layer says what to do without naming either.
public enum TokenRemedy: Sendable, Equatable {
    /// Which write to run again.
    public enum Write: String, Sendable, Equatable {
        case sync, burn
    }

    /// Read the token to see what it holds now.
    case inspectToken
    /// Run the same write again.
    case writeAgain(Write)
    /// Find which step the token's code belongs to: tells a wrong seed from a wrong clock.
    case locateCode
    /// Write again only the profiles the interrupted run did not finish.
    case rewriteUnfinishedProfiles
    /// Delete the profile's seed on purpose, then burn it again.
    case deleteProfileAndBurn(profile: Int)
    /// Change the customer key that guards the token's writes.
    case changeCustomerKey
}

/// A sentence about a token's state, complete in itself, and the remedies (in the order to take
/// them) that a front end words after it.
public struct TokenAdvice: Sendable, Equatable, CustomStringConvertible {
    public var text: String
    public var remedies: [TokenRemedy]

    public init(_ text: String, remedies: [TokenRemedy] = []) {
        self.text = text
        self.remedies = remedies
    }

    /// The sentence alone, for a record that outlives the run (a journal note).
    public var description: String { text }
}
