import TokenProtocol

/// What a Protectimus SLIM NFC tells without authentication: READ INFO and the code it shows now.
public struct ProtectimusInfoDetail: TokenDetail {
    public var info: ProtectimusInfo
    public var code: ProtectimusOTPReading
}
