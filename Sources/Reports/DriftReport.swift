import Drift
import History
import OTPCore

/// `skew drift forecast`: the rate since the last sync, and when the clock leaves a window.
public struct DriftReport: Report {
    public struct Point: Encodable, Sendable {
        public var time: ReportTime
        public var offsetSeconds: Double
        public var uncertaintySeconds: Double
        public var residualSeconds: Double
    }

    public struct Jump: Encodable, Sendable {
        public var after: ReportTime
        public var before: ReportTime
        public var sizeSeconds: Double
    }

    public struct Fit: Encodable, Sendable {
        public var ppm: Double
        public var ppmUncertainty: Double
        public var secondsPerMonth: Double
        public var offsetNowSeconds: Double
        public var offsetNowUncertaintySeconds: Double
        public var reducedChiSquare: Double
        public var jumps: [Jump]
    }

    public struct Prediction: Encodable, Sendable {
        public var windowSeconds: Double
        public var status: String
        /// "ahead", "behind" or "none".
        public var direction: String
        public var leaves: ReportTime?
        public var earliest: ReportTime?
        public var latest: ReportTime?
        public var recommendedResync: ReportTime?
    }

    /// Where the fit starts when a jump cut the history: the jump and how many measurements before it were left out.
    public struct Segment: Encodable, Sendable {
        public var afterJump: Jump
        public var leftOut: Int
    }

    /// A measurement a person took out of the fit, with their reason.
    public struct Excluded: Encodable, Sendable {
        public var id: Int64?
        public var time: ReportTime
        public var offsetSeconds: Double
        public var reason: String
    }

    public var command: String { "drift-forecast" }
    public var schemaVersion: Int { 2 }
    public var token: String
    public var now: ReportTime
    public var lastSync: ReportTime?
    /// `--since`: measurements before it were not fitted.
    public var since: ReportTime?
    public var segment: Segment?
    public var excluded: [Excluded]
    public var points: [Point]
    public var fit: Fit
    public var forecast: Prediction?
    /// One forecast per `--verifier` profile.
    public var verifiers: [VerifierOutlook]

    /// The fit and forecast themselves, for the HTML plot; the fields above are what JSON carries.
    private let model: DriftFit
    private let prediction: Forecast?

    /// The encoded fields: `model` and `prediction` stay out.
    enum CodingKeys: CodingKey {
        case token, now, lastSync, since, segment, excluded, points, fit, forecast, verifiers
    }

    public init(token: String, lastSync: HistoryEvent?, since: Double? = nil, segment: DriftSegment, excluded: [HistoryEvent] = [],
                forecast: Forecast?, verifiers: [VerifierOutlook] = [], now: Double) {
        let fit = segment.fit
        self.token = token
        self.verifiers = verifiers
        self.since = since.map(ReportTime.init)
        self.segment = segment.startingJump.map {
            Segment(afterJump: Jump(after: ReportTime($0.after), before: ReportTime($0.before), sizeSeconds: $0.size), leftOut: segment.leftOut)
        }
        self.excluded = excluded.map {
            Excluded(id: $0.id, time: ReportTime($0.time), offsetSeconds: $0.offset, reason: $0.excludedReason ?? "")
        }
        self.now = ReportTime(now)
        self.lastSync = lastSync.map { ReportTime($0.time) }
        model = fit
        prediction = forecast
        points = zip(fit.observations, fit.residuals).map {
            Point(time: ReportTime($0.time), offsetSeconds: $0.offset, uncertaintySeconds: $0.uncertainty, residualSeconds: $1)
        }
        self.fit = Fit(ppm: fit.ppm, ppmUncertainty: fit.ppmUncertainty, secondsPerMonth: fit.secondsPerMonth,
                       offsetNowSeconds: fit.offset(at: now), offsetNowUncertaintySeconds: fit.offsetUncertainty(at: now),
                       reducedChiSquare: fit.reducedChiSquare,
                       jumps: fit.jumps.map { Jump(after: ReportTime($0.after), before: ReportTime($0.before), sizeSeconds: $0.size) })
        self.forecast = forecast.map { forecast in
            Prediction(windowSeconds: forecast.window, status: forecast.status.rawValue,
                       direction: forecast.direction > 0 ? "ahead" : forecast.direction < 0 ? "behind" : "none",
                       leaves: forecast.leaves.map(ReportTime.init), earliest: forecast.earliest.map(ReportTime.init),
                       latest: forecast.latest.map(ReportTime.init),
                       recommendedResync: forecast.recommendedResync.map(ReportTime.init))
        }
    }

    private var advice: [String] {
        var lines: [String] = []
        if let segment {
            let jump = segment.afterJump
            lines.append("The offset jumped by \(String(format3: jump.sizeSeconds)) s between \(jump.after.utc) and \(jump.before.utc) (a battery change or a sync that was not recorded): the fit starts after it, leaving out \(segment.leftOut) earlier measurement\(segment.leftOut == 1 ? "" : "s"). A fit chosen to start at an earlier date fits across it.")
        }
        for item in excluded {
            lines.append("Measurement \(item.id.map(String.init) ?? "?") at \(item.time.utc) (\(String(format3: item.offsetSeconds)) s) is excluded: \(item.reason).")
        }
        for jump in fit.jumps {
            lines.append("The offset jumped by \(String(format3: jump.sizeSeconds)) s between \(jump.after.utc) and \(jump.before.utc): a battery change or a sync that was not recorded. Record a sync, or treat the fit as starting after the jump.")
        }
        lines += verifiers.map(\.sentence)
        guard let forecast else { return lines }
        let window = "±\(formatSeconds(forecast.windowSeconds)) s"
        switch forecast.status {
        case "outside":
            lines.append("The clock is already outside the \(window) window: resync the token now.")
        case "leaving":
            lines.append("The clock leaves the \(window) window (\(forecast.direction)) around \(forecast.leaves?.utc ?? "?") (between \(forecast.earliest?.utc ?? "?") and \(forecast.latest?.utc ?? "?")).")
            if let resync = forecast.recommendedResync { lines.append("Resync before \(resync.utc).") }
        default:
            lines.append("The drift rate is zero within its uncertainty, so no date is certain. Measure again later to narrow it.")
            if let earliest = forecast.earliest { lines.append("At the worst rate the data allow, it would leave the \(window) window around \(earliest.utc).") }
            if let resync = forecast.recommendedResync { lines.append("Resync before \(resync.utc).") }
        }
        return lines
    }

    public var table: ReportTable {
        ReportTable(
            title: "Drift of \(token)",
            summary: [
                ("since", since.map { "\($0.utc) (chosen start)" } ?? segment.map { "the jump before \($0.afterJump.before.utc)" }
                    ?? lastSync.map { "last sync \($0.utc)" } ?? "first measurement (no sync recorded)"),
                ("rate", "\(String(format3: fit.ppm)) ± \(String(format3: fit.ppmUncertainty)) ppm (\(String(format3: fit.secondsPerMonth)) s per month)"),
                ("offset now", "\(String(fit.offsetNowSeconds, plusMinus: fit.offsetNowUncertaintySeconds)) s (fitted, at \(now.utc))"),
                ("fit", "\(points.count) measurements, reduced χ² \(String(format3: fit.reducedChiSquare))"),
            ] + verifiers.map { ("\($0.verifier) (\($0.windowText))", $0.limitText) },
            columns: ["time (UTC)", "offset s", "uncertainty s", "residual s"],
            rows: points.map { [$0.time.utc, String($0.offsetSeconds), String($0.uncertaintySeconds), String($0.residualSeconds)] },
            notes: advice)
    }

    public func html() -> String? {
        HTMLPage.page(title: table.title, body: HTMLPage.fragment(table) + "<figure>\n" + plot() + "\n<figcaption>Offset against time: measurements with error bars, the fitted line with its 2σ band, the window (green), the forecast range (red) and the recommended resync (orange).</figcaption>\n</figure>\n")
    }

    /// Offset against time, from the first measurement to past the forecast date.
    func plot() -> String {
        let first = model.observations.first!.time, last = model.observations.last!.time
        let span = max(last - first, 3600)
        var end = max(last, now.unix) + span * 0.1
        if let prediction, let target = prediction.latest ?? prediction.leaves ?? prediction.earliest {
            end = max(end, min(target, last + 20 * span) + span * 0.05)
        }
        let samples: [Double] = (0...40).map { first + Double($0) / 40 * (end - first) }
        let fitted = samples.map { model.offset(at: $0) }
        let window = prediction?.window ?? 0
        let lowCurve: [Double] = samples.map { model.offsetRange(at: $0).lowerBound }
        let highCurve: [Double] = samples.map { model.offsetRange(at: $0).upperBound }
        var values: [Double] = lowCurve + highCurve + [window, -window]
        for observation in model.observations {
            values.append(observation.offset - observation.uncertainty)
            values.append(observation.offset + observation.uncertainty)
        }
        let low = values.min()!, high = values.max()!
        let pad = max((high - low) * 0.05, 0.01)
        var plot = SVGPlot(xRange: first...end, yRange: (low - pad)...(high + pad))
        if let prediction {
            plot.band(yLow: -prediction.window, yHigh: prediction.window, fill: "#e3f4e1", label: "window ±\(prediction.window) s")
            if let earliest = prediction.earliest {
                plot.verticalBand(xLow: earliest, xHigh: prediction.latest ?? end, fill: "#fbe0e0", label: "forecast range")
            }
        }
        plot.area(xs: samples, low: lowCurve, high: highCurve, fill: "#cfe0f7", label: "fit ± 2σ")
        plot.line(Array(zip(samples, fitted)), stroke: "#2a5db0", label: "fitted drift \(String(format3: model.ppm)) ppm")
        for observation in model.observations {
            plot.point(observation.time, observation.offset, error: observation.uncertainty, fill: "#222",
                       label: "\(Timestamp.isoMilliseconds(observation.time)): \(String(format3: observation.offset)) s")
        }
        if let leaves = prediction?.leaves { plot.verticalLine(at: leaves, stroke: "#c0392b", dash: "6 4", label: "leaves window") }
        if let resync = prediction?.recommendedResync { plot.verticalLine(at: resync, stroke: "#e67e22", dash: "2 3", label: "resync") }
        return plot.render(title: "Offset against time", xLabel: { String(Timestamp.iso($0).prefix(10)) }, yUnit: "offset (s)")
    }
}
