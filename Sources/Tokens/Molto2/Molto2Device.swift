import Drift
import Foundation
import OTPCore
import TokenProtocol

/// A Token2 Molto2 behind the family-neutral face (docs/token-protocol.md §11.1): 100 profiles,
/// each readable without the customer key. Its GET INFO clock is measured like a single-profile
/// token's (the same answer layout, whole seconds narrowed by timing the tick). Whether a time write
/// moves that clock or only one profile's time is unknown, so every write reports the two apart.
public final class Molto2Device: TokenDevice {
    /// The history's method names: the Token2 meter's, kept apart so the history tells the families apart.
    static let measurementMethod = "molto2-get-info-edge"
    static let readbackMethod = "molto2-sync-readback"
    public let session: Molto2Session
    /// The GET INFO reading detection made.
    public let reading: TokenReading
    public let identity: TokenIdentity
    let link: TokenLink

    init(link: TokenLink, session: Molto2Session, reading: TokenReading) {
        self.link = link
        self.session = session
        self.reading = reading
        identity = TokenIdentity(family: .molto2, reader: link.reader, serial: reading.info.serial, model: "Molto2")
    }

    /// GET INFO from detection, then READ PUBLIC DATA for profiles 0–99.
    public func describe() throws -> TokenDescription {
        let profiles = try Molto2Profile.all.map { Molto2InfoDetail.Profile(profile: $0, data: try session.readPublicData($0)) }
        return TokenDescription(identity: identity, roundTrip: reading.exchange.roundTrip,
                                detail: Molto2InfoDetail(reading: reading, profiles: profiles))
    }

    public func reread() throws -> APDUExchange { try session.getInfo().exchange }

    /// Times GET INFO's second ticking over (`ClockEdgeMeter`): the device clock, whichever clock
    /// the profiles count from.
    public func measureOffset(_ request: OffsetRequest) throws -> OffsetMeasurement {
        let result = try ClockEdgeMeter(read: session.getInfo, fineEdges: request.fineEdges, clock: link.clock).measure()
        let observation = OffsetObservation(time: result.time, offset: result.offset, uncertainty: result.uncertainty)
        let narrowest = result.edges.map(\.halfWidth).min() ?? 0
        return OffsetMeasurement(token: result.serial, method: Self.measurementMethod, observation: observation, seconds: result.elapsed,
                                 notes: ["Timed \(result.edges.count) ticks of the Molto2's device clock (GET INFO) with \(result.readings) readings on \(link.reader); the narrowest tick was bracketed to ±\(String(format: "%.3f", narrowest * 1000)) ms. Whether every profile counts from this clock is unknown (docs/token-protocol.md §11.1.7)."])
    }

    public func setClock(_ plan: ClockWritePlan) throws -> ClockWriteResult { try plan.perform() }

}
