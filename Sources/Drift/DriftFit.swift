import Foundation

/// A straight line through offset-against-time observations: the clock's drift rate.
///
/// Weighted least squares with weights 1/σ², so a sub-second measurement counts far more than a
/// person's reaction-time one. The slope's uncertainty is scaled up by the reduced χ² when the
/// points scatter more than their own error bars say, so a bad fit cannot claim a precise rate.
public struct DriftFit: Sendable, Equatable {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case tooFewObservations(Int)
        case noTimeSpan
        /// A jump leaves fewer than two measurements after it to fit.
        case tooFewAfterJump(Jump, remaining: Int)

        public var description: String {
            switch self {
            case .tooFewObservations(let count):
                return "a drift rate needs at least 2 measurements since the last sync, and there \(count == 1 ? "is 1" : "are \(count)")"
            case .noTimeSpan:
                return "all measurements were taken at the same moment, so no rate can be fitted"
            case .tooFewAfterJump(let jump, let remaining):
                return "the offset jumped by \(String(format: "%.3f", jump.size)) s between \(Self.iso(jump.after)) and \(Self.iso(jump.before)) (a battery change or a sync that was not recorded), and \(remaining == 1 ? "1 measurement follows" : "\(remaining) measurements follow") it; a rate needs 2, and the fit starts at the jump"
            }
        }

        private static func iso(_ time: Double) -> String {
            let formatter = ISO8601DateFormatter()
            formatter.timeZone = TimeZone(identifier: "UTC")
            return formatter.string(from: Date(timeIntervalSince1970: time))
        }
    }

    /// A place where consecutive residuals differ by far more than their uncertainties: a battery
    /// change, a sync nobody recorded, or a clock set by hand.
    public struct Jump: Sendable, Equatable, Hashable {
        public var after: Double
        public var before: Double
        public var size: Double
    }

    /// Error bars below a millisecond are floored so one point cannot take all the weight.
    public static let uncertaintyFloor = 0.001
    public static let secondsPerMonth = 2_629_746.0

    public let observations: [OffsetObservation]
    /// Weighted mean time; the line is `offsetAtReference + rate·(t − referenceTime)`.
    public let referenceTime: Double
    public let offsetAtReference: Double
    public let offsetUncertainty: Double
    /// Seconds gained per second (positive: the clock runs fast).
    public let rate: Double
    public let rateUncertainty: Double
    public let reducedChiSquare: Double
    public let residuals: [Double]
    public let jumps: [Jump]

    public var ppm: Double { rate * 1e6 }
    public var ppmUncertainty: Double { rateUncertainty * 1e6 }
    public var secondsPerMonth: Double { rate * Self.secondsPerMonth }

    public init(_ observations: [OffsetObservation]) throws(Failure) {
        let points = observations.sorted { $0.time < $1.time }
        guard points.count >= 2 else { throw .tooFewObservations(points.count) }
        let weights = points.map { 1 / pow(max($0.uncertainty, Self.uncertaintyFloor), 2) }
        let weightSum = weights.reduce(0, +)
        let meanTime = zip(weights, points).map { $0 * $1.time }.reduce(0, +) / weightSum
        let meanOffset = zip(weights, points).map { $0 * $1.offset }.reduce(0, +) / weightSum
        let sxx = zip(weights, points).map { $0 * pow($1.time - meanTime, 2) }.reduce(0, +)
        guard sxx > 0, (points.last!.time - points.first!.time) > 0 else { throw .noTimeSpan }
        let sxy = zip(weights, points).map { $0 * ($1.time - meanTime) * ($1.offset - meanOffset) }.reduce(0, +)
        let slope = sxy / sxx
        let residuals = points.map { $0.offset - (meanOffset + slope * ($0.time - meanTime)) }
        let chiSquare = zip(weights, residuals).map { $0 * $1 * $1 }.reduce(0, +)
        let reduced = points.count > 2 ? chiSquare / Double(points.count - 2) : 1
        let scale = sqrt(max(1, reduced))

        self.observations = points
        referenceTime = meanTime
        offsetAtReference = meanOffset
        offsetUncertainty = sqrt(1 / weightSum) * scale
        rate = slope
        rateUncertainty = sqrt(1 / sxx) * scale
        reducedChiSquare = reduced
        self.residuals = residuals
        jumps = Self.findJumps(points)
    }

    public func offset(at time: Double) -> Double { offsetAtReference + rate * (time - referenceTime) }

    /// One-sigma uncertainty of the fitted line at `time` (grows away from the data).
    public func offsetUncertainty(at time: Double) -> Double {
        sqrt(pow(offsetUncertainty, 2) + pow((time - referenceTime) * rateUncertainty, 2))
    }

    /// Where the offset at `time` lies with about 95 % confidence: the fitted line ± 2σ, the range
    /// every report draws and lists.
    public func offsetRange(at time: Double) -> ClosedRange<Double> {
        let offset = offset(at: time), spread = 2 * offsetUncertainty(at: time)
        return (offset - spread)...(offset + spread)
    }

    /// Steps between neighbours that the clock's own rate cannot explain: more than 5σ of the pair
    /// and more than 0.2 s. The rate used is the median of the neighbour-to-neighbour rates, which
    /// a single jump cannot drag (the least-squares slope would spread the jump over every point).
    private static func findJumps(_ points: [OffsetObservation]) -> [Jump] {
        guard points.count >= 3 else { return [] }
        var rates: [Double] = []
        for index in 1..<points.count {
            let rate = (points[index].offset - points[index - 1].offset) / (points[index].time - points[index - 1].time)
            if rate.isFinite { rates.append(rate) }
        }
        rates.sort()
        guard !rates.isEmpty else { return [] }
        let typicalRate = rates[rates.count / 2]
        var jumps: [Jump] = []
        for index in 1..<points.count {
            let step = points[index].offset - points[index - 1].offset
            let unexplained = step - typicalRate * (points[index].time - points[index - 1].time)
            let sigma = sqrt(pow(max(points[index].uncertainty, uncertaintyFloor), 2)
                             + pow(max(points[index - 1].uncertainty, uncertaintyFloor), 2))
            if abs(unexplained) > 5 * sigma && abs(unexplained) > 0.2 {
                jumps.append(Jump(after: points[index - 1].time, before: points[index].time, size: unexplained))
            }
        }
        return jumps
    }
}
