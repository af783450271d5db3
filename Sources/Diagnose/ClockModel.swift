/// Why a token's clock might be off, as a prior over the offset δ = token time − true time.
///
/// The prior is a mixture of uniform pieces: a narrow piece around 0 (clock right), spikes at whole
/// and half hours up to ±14 h (a time zone), ±1 h (daylight saving), the local zone's offset (local
/// time written as UTC), wide pieces for factory dates, and a flat background over ±range. A code
/// pins δ to an interval one step wide; the interval's mass under each piece says how likely each
/// cause is, and the piece with the most mass names the cause.
public enum ClockCause: Sendable, Equatable, Hashable {
    case inSync
    case offset
    case timeZone(seconds: Int64)
    case daylightSaving(seconds: Int64)
    case localTime(seconds: Int64)
    case factoryDate(FactoryDate)

    /// The family name used to count how many hypotheses of this kind were searched.
    public var family: String {
        switch self {
        case .inSync: "in-sync"
        case .offset: "offset"
        case .timeZone: "time-zone"
        case .daylightSaving: "daylight-saving"
        case .localTime: "local-time"
        case .factoryDate(let date): "factory-\(date.rawValue)"
        }
    }
}

/// Dates a token's clock falls back to after a reset or when it was never set.
public enum FactoryDate: String, Sendable, CaseIterable, Hashable {
    case unixEpoch = "1970-01-01"
    case y2000 = "2000-01-01"

    public var unixTime: Int64 {
        switch self {
        case .unixEpoch: 0
        case .y2000: 946_684_800
        }
    }
}

public struct ClockModel: Sendable {
    public struct Piece: Sendable {
        public var cause: ClockCause
        public var lower: Double
        public var upper: Double
        public var weight: Double

        var density: Double { weight / (upper - lower) }

        func mass(_ interval: ClosedRange<Double>) -> Double {
            let overlap = min(interval.upperBound, upper) - max(interval.lowerBound, lower)
            return overlap > 0 ? overlap * density : 0
        }
    }

    /// Half-width of each spike: a clock set by hand to a zone is still a few seconds off.
    public static let spikeHalfWidth = 90.0
    public static let maxZoneHours = 14

    public enum Weight {
        static let inSync = 0.5
        static let daylightSaving = 0.05
        static let localTime = 0.1
        static let timeZones = 0.1
        static let background = 0.1
        static let factory = 0.03
    }

    public let pieces: [Piece]
    private let peakDensities: [Double]

    /// - Parameters:
    ///   - range: the flat background's half-width in seconds.
    ///   - localOffset: the local zone's offset from UTC in seconds (a hint; 0 adds no local-time piece).
    ///   - firstSeen: when the first code was seen, which anchors the factory-date pieces.
    ///   - factorySpan: how long ago, at most, a reset to a factory date may have happened.
    public init(range: Double, localOffset: Int64, firstSeen: Double, factorySpan: Double) {
        let width = Self.spikeHalfWidth
        var pieces = [Piece(cause: .inSync, lower: -width, upper: width, weight: Weight.inSync)]
        for sign in [-1.0, 1.0] {
            pieces.append(Piece(cause: .daylightSaving(seconds: Int64(sign * 3600)), lower: sign * 3600 - width,
                                upper: sign * 3600 + width, weight: Weight.daylightSaving / 2))
        }
        if localOffset != 0 {
            let center = Double(localOffset)
            pieces.append(Piece(cause: .localTime(seconds: localOffset), lower: center - width, upper: center + width,
                                weight: Weight.localTime))
        }
        let halfHours = (-2 * Self.maxZoneHours...2 * Self.maxZoneHours).filter { $0 != 0 }
        for half in halfHours {
            let center = Double(half) * 1800
            pieces.append(Piece(cause: .timeZone(seconds: Int64(center)), lower: center - width, upper: center + width,
                                weight: Weight.timeZones / Double(halfHours.count)))
        }
        pieces.append(Piece(cause: .offset, lower: -range, upper: range, weight: Weight.background))
        for date in FactoryDate.allCases {
            let lower = Double(date.unixTime) - firstSeen
            pieces.append(Piece(cause: .factoryDate(date), lower: lower, upper: lower + factorySpan, weight: Weight.factory))
        }
        self.pieces = pieces
        peakDensities = Self.peakDensities(pieces)
    }

    /// Prior mass of an offset interval and the cause contributing most of it.
    public func mass(of interval: ClosedRange<Double>) -> (mass: Double, cause: ClockCause) {
        var total = 0.0
        var best: (Double, ClockCause) = (0, .offset)
        for piece in pieces {
            let mass = piece.mass(interval)
            total += mass
            if mass > best.0 { best = (mass, piece.cause) }
        }
        return (total, best.1)
    }

    /// The offset intervals worth scanning for a hypothesis whose other choices have prior `prior`:
    /// the pieces where one step of `period` seconds could carry it to `threshold` (the weight of
    /// "nothing explains the codes"); below that it could never be the answer. Factory pieces only
    /// when `factory` is set (the secret as given, the expected T0).
    public func intervals(period: Int, prior: Double, threshold: Double, factory: Bool) -> [ClosedRange<Double>] {
        zip(pieces, peakDensities).compactMap { piece, peak in
            if case .factoryDate = piece.cause, !factory { return nil }
            return prior * peak * Double(period) >= threshold ? piece.lower...piece.upper : nil
        }
    }

    /// The densest point of each piece: its own density plus the pieces as wide or wider that overlap
    /// it (narrower spikes inside the background are checked as pieces of their own).
    private static func peakDensities(_ pieces: [Piece]) -> [Double] {
        pieces.map { piece in
            let width = piece.upper - piece.lower
            return pieces.filter { $0.lower < piece.upper && piece.lower < $0.upper && $0.upper - $0.lower >= width }
                .reduce(0) { $0 + $1.density }
        }
    }

    /// Seconds of δ each cause covers, to count how many steps of each kind were searched.
    public func width(of cause: ClockCause) -> Double {
        switch cause {
        case .offset: return pieces.first { $0.cause == .offset }.map { $0.upper - $0.lower } ?? 0
        case .timeZone: return Double(4 * Self.maxZoneHours) * 2 * Self.spikeHalfWidth
        default: return pieces.first { $0.cause == cause }.map { $0.upper - $0.lower } ?? 2 * Self.spikeHalfWidth
        }
    }
}
