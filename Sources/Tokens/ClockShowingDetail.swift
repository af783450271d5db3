import TokenProtocol

/// A token description that carries a reading of the token's clock (GET INFO, no authentication),
/// for workflows that only need the clock whatever the family: the provisioning resume check.
public protocol ClockShowingDetail: TokenDetail {
    var reading: TokenReading { get }
}

extension Token2InfoDetail: ClockShowingDetail {}
extension Molto2InfoDetail: ClockShowingDetail {}

extension TokenDevice {
    /// The clock reading the description carries; nil for a family that shows no clock.
    public func clockReading() throws -> TokenReading? {
        (try describe().detail as? any ClockShowingDetail)?.reading
    }
}
