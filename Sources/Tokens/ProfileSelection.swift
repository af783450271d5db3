/// Which profiles of a multi-profile token a write addresses (`--profile N` or `--all-profiles`).
/// Families with a single account refuse any selection (`TokenCapabilityError.noProfiles`).
public enum ProfileSelection: Sendable, Equatable {
    case one(Int)
    case all
}
