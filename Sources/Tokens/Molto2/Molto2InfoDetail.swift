import TokenProtocol

/// What a Molto2 tells without authentication: GET INFO (serial and the device clock) and every
/// profile's public block (title, settings, seed present, the two time fields of unknown meaning).
public struct Molto2InfoDetail: TokenDetail {
    public struct Profile: Sendable {
        public var profile: Molto2Profile
        public var data: Molto2PublicData
    }

    public var reading: TokenReading
    public var profiles: [Profile]
}
