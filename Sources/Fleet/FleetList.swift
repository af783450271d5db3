/// A fleet's tokens in the order to act on them, and the summary a command or page acts on.
public struct FleetList: Sendable {
    /// Most urgent first (`FleetToken.moreUrgent`).
    public var tokens: [FleetToken]

    /// Sorts `tokens`; with `within` (seconds) keeps only those a verifier can refuse by `now + within`.
    public init(_ tokens: [FleetToken], within: Double? = nil, now: Double) {
        self.tokens = tokens.filter { token in
            guard let within else { return true }
            guard let actBy = token.actBy else { return false }
            return actBy <= now + within
        }.sorted(by: FleetToken.moreUrgent)
    }

    /// How many tokens have each status (statuses with none are left out).
    public var counts: [FleetStatus: Int] { Dictionary(grouping: tokens, by: \.status).mapValues(\.count) }

    /// The most urgent status of any token, nil for an empty fleet.
    public var worstStatus: FleetStatus? { tokens.map(\.status).min() }
}
