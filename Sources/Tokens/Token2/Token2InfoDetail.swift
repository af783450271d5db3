import TokenProtocol

/// What a Token2 single-profile token tells without authentication: detection's GET INFO reading
/// (serial and whole-second clock) and whether its model keeps the seed on a time write.
public struct Token2InfoDetail: TokenDetail {
    public var reading: TokenReading
    /// The model from the serial prefix, nil for a prefix that is not a known programmable model.
    public var model: String?
    /// Unknown models are assumed to wipe it.
    public var timeSyncKeepsSeed: Bool
}
