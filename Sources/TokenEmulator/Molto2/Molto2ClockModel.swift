/// The two readings of the Molto2's time that fit everything known (docs/token-protocol.md
/// §11.1.7); the virtual Molto2 runs either, so hosts are tested against both.
public enum Molto2ClockModel: String, Sendable, Codable, CaseIterable {
    /// One clock: a time write to any profile sets it, every profile and GET INFO follow it.
    case device
    /// One RTC that GET INFO reports and that no write moves, plus a time per profile that only a
    /// write to that profile sets.
    case perProfile = "per-profile"
}

/// What happens after a command the token confirms with its ▲ button (`90 60`).
public enum ButtonPolicy: Sendable, Equatable {
    /// Pressed at once: the change is in place before the next command.
    case auto
    /// Never pressed: the change never happens.
    case deny
    /// Pressed this many seconds after the command arrived.
    case after(Double)
}
