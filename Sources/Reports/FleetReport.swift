import Drift
import Fleet
import OTPCore

/// `skew fleet`: every token in the history, its drift, and when each chosen verifier can first refuse it.
public struct FleetReport: Report {
    /// One token as the report writes it: the domain's `FleetToken` plus its verifiers' outlooks
    /// in report form. Every field is read from the token; nothing is decided here.
    public struct Row: Encodable, Sendable {
        /// The token this row presents.
        public let fleetToken: FleetToken
        public let verifiers: [VerifierOutlook]

        public init(_ fleetToken: FleetToken) {
            self.fleetToken = fleetToken
            verifiers = fleetToken.outlooks.map { VerifierOutlook(profile: $0.profile, forecast: $0.forecast, describingProfile: false) }
        }

        public var token: String { fleetToken.token }
        public var family: String { fleetToken.familyName }
        public var model: String? { fleetToken.model }
        /// `failing`, `resync-soon`, `ok`, or `unmeasured` (`FleetStatus`).
        public var status: String { fleetToken.status.rawValue }
        public var measurements: Int { fleetToken.measurements.count }
        public var lastMeasurement: ReportTime? { fleetToken.measurements.last.map { ReportTime($0.time) } }
        public var lastSync: ReportTime? { fleetToken.lastSync.map(ReportTime.init) }
        public var ppm: Double? { fit?.ppm }
        public var ppmUncertainty: Double? { fit?.ppmUncertainty }
        /// Fitted offset now and its 2σ range (token − reference, s).
        public var offsetNowSeconds: Double? { fit?.offset(at: fleetToken.now) }
        public var offsetNowLowSeconds: Double? { fit?.offsetRange(at: fleetToken.now).lowerBound }
        public var offsetNowHighSeconds: Double? { fit?.offsetRange(at: fleetToken.now).upperBound }
        /// The earliest `act_by` over the verifiers.
        public var actBy: ReportTime? { fleetToken.actBy.map(ReportTime.init) }
        /// Why there is no forecast, for `unmeasured`.
        public var problem: String? { fleetToken.problem?.description }
        /// The fit itself, for the HTML plots; not part of the JSON.
        var fit: DriftFit? { fleetToken.fit }

        enum CodingKeys: CodingKey {
            case token, family, model, status, measurements, lastMeasurement, lastSync, ppm, ppmUncertainty, offsetNowSeconds,
                 offsetNowLowSeconds, offsetNowHighSeconds, verifiers, actBy, problem
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(token, forKey: .token)
            try container.encode(family, forKey: .family)
            try container.encodeIfPresent(model, forKey: .model)
            try container.encode(status, forKey: .status)
            try container.encode(measurements, forKey: .measurements)
            try container.encodeIfPresent(lastMeasurement, forKey: .lastMeasurement)
            try container.encodeIfPresent(lastSync, forKey: .lastSync)
            try container.encodeIfPresent(ppm, forKey: .ppm)
            try container.encodeIfPresent(ppmUncertainty, forKey: .ppmUncertainty)
            try container.encodeIfPresent(offsetNowSeconds, forKey: .offsetNowSeconds)
            try container.encodeIfPresent(offsetNowLowSeconds, forKey: .offsetNowLowSeconds)
            try container.encodeIfPresent(offsetNowHighSeconds, forKey: .offsetNowHighSeconds)
            try container.encode(verifiers, forKey: .verifiers)
            try container.encodeIfPresent(actBy, forKey: .actBy)
            try container.encodeIfPresent(problem, forKey: .problem)
        }
    }

    public var command: String { "fleet" }
    public var schemaVersion: Int { 2 }
    public var database: String
    public var now: ReportTime
    /// A token is `resync-soon` when a verifier can refuse it within this many seconds.
    public var soonSeconds: Double
    /// Only tokens needing action within this many seconds are listed (nil: all).
    public var withinSeconds: Double?
    /// The verifiers every row is forecast against, described once.
    public var verifiers: [Verifier]
    public var counts: [String: Int]
    public var tokens: [Row]

    public struct Verifier: Encodable, Sendable {
        public var verifier: String
        public var name: String
        public var learnsDrift: String
        public var source: String
    }

    private var verifierIDs: [String] { verifiers.map(\.verifier) }

    /// How many tokens get a drift plot on the HTML page (the most urgent first); the table lists all.
    public static let plottedTokens = 200

    /// The fleet's tokens in its order (most urgent first).
    public init(database: String, now: Double, soonSeconds: Double, withinSeconds: Double?, profiles: [VerifierProfile], fleet: FleetList) {
        self.database = database
        self.now = ReportTime(now)
        self.soonSeconds = soonSeconds
        self.withinSeconds = withinSeconds
        verifiers = profiles.map {
            Verifier(verifier: $0.id, name: $0.name, learnsDrift: $0.learnsDrift.rawValue, source: VerifierOutlook.source($0))
        }
        tokens = fleet.tokens.map(Row.init)
        counts = Dictionary(uniqueKeysWithValues: fleet.counts.map { ($0.key.rawValue, $0.value) })
    }

    public var table: ReportTable {
        let tally = FleetStatus.allCases.map(\.rawValue).compactMap { status in counts[status].map { "\($0) \(status)" } }.joined(separator: ", ")
        return ReportTable(
            title: "Fleet",
            summary: [("database", database), ("at", now.utc), ("verifiers", verifierIDs.joined(separator: ", ")),
                      ("tokens", tally.isEmpty ? "none" : tally),
                      ("resync-soon", "a verifier can refuse a code within \(VerifierOutlook.days(soonSeconds))")]
                + (withinSeconds.map { [("listed", "tokens needing action within \(VerifierOutlook.days($0))")] } ?? []),
            columns: ["status", "token", "family", "model", "last measured (UTC)", "ppm", "± ppm", "offset now s", "low s", "high s"]
                + verifierIDs + ["act by (UTC)"],
            rows: tokens.map { row in
                [row.status, row.token, row.family, row.model ?? "", row.lastMeasurement?.utc ?? "",
                 row.ppm.map { String($0) } ?? "", row.ppmUncertainty.map { String($0) } ?? "",
                 row.offsetNowSeconds.map { String($0) } ?? "", row.offsetNowLowSeconds.map { String($0) } ?? "",
                 row.offsetNowHighSeconds.map { String($0) } ?? ""]
                    + row.verifiers.map(\.limitText) + [row.actBy?.utc ?? row.problem ?? ""]
            },
            marked: Set(tokens.indices.filter { tokens[$0].status == "failing" }),
            notes: tokens.isEmpty ? ["No token matches: the history holds none, or none needs action within the time asked."] : [])
    }

    public func html() -> String? {
        var body = HTMLPage.fragment(table)
        body += "<h2>Drift rates</h2>\n<figure>\n" + histogram() + "\n<figcaption>How many tokens drift at each rate (ppm).</figcaption>\n</figure>\n"
        let plotted = tokens.filter { $0.fit != nil }.prefix(Self.plottedTokens)
        body += "<h2>Tokens</h2>\n"
        if plotted.count < tokens.filter({ $0.fit != nil }).count {
            body += "<p>The \(plotted.count) most urgent tokens are drawn; the table above lists all.</p>\n"
        }
        for row in plotted {
            body += "<figure>\n" + smallPlot(row) + "\n<figcaption>\(HTMLPage.escape(row.token)): \(HTMLPage.escape(row.status))</figcaption>\n</figure>\n"
        }
        return HTMLPage.page(title: "Fleet", body: body)
    }

    /// The HTML page's drawings as SVG documents, for a page that lays them out itself: the rates'
    /// histogram (nil when no token has a fitted rate) and the drift plot of each of the most urgent
    /// `plottedTokens` tokens with a fit.
    public var drawings: (histogram: String?, tokens: [(token: String, status: String, svg: String)]) {
        let histogram = tokens.contains { $0.ppm != nil } ? self.histogram() : nil
        return (histogram, tokens.filter { $0.fit != nil }.prefix(Self.plottedTokens).map { ($0.token, $0.status, smallPlot($0)) })
    }

    /// The fleet's rates in bins one ppm wide (wider when they spread over more than 60 ppm).
    func histogram() -> String {
        let rates = tokens.compactMap(\.ppm)
        guard let low = rates.min(), let high = rates.max() else { return "<p>No token has a fitted rate yet.</p>" }
        let width = max(1, ((high - low) / 60).rounded(.up))
        let first = (low / width).rounded(.down) * width
        let binCount = Int(((high - first) / width).rounded(.down)) + 1
        var bins = [Int](repeating: 0, count: binCount)
        for rate in rates { bins[min(binCount - 1, Int(((rate - first) / width).rounded(.down)))] += 1 }
        var plot = SVGPlot(width: 800, height: 260, xRange: first...(first + Double(binCount) * width), yRange: 0...Double(bins.max()! + 1))
        for (index, count) in bins.enumerated() where count > 0 {
            let left = first + Double(index) * width
            plot.area(xs: [left, left + width * 0.9], low: [0, 0], high: [Double(count), Double(count)], fill: "#2a5db0",
                      label: "\(String(format3: left))..\(String(format3: left + width)) ppm: \(count) token(s)")
        }
        return plot.render(title: "Drift rates", xLabel: { String(format3: $0) + " ppm" }, yUnit: "tokens")
    }

    /// Offset against time for one token: its measurements, the fitted line to the act-by date, and
    /// the first verifier's always-accepted range.
    func smallPlot(_ row: Row) -> String {
        guard let fit = row.fit else { return "" }
        let first = fit.observations.first!.time
        let end = max(now.unix, min(row.actBy?.unix ?? now.unix, now.unix + 2 * 365.25 * 86_400))
        let window = row.verifiers.first.map { StepWindow(period: Double($0.periodSeconds), behind: $0.behindSteps, ahead: $0.aheadSteps).alwaysAccepted }
        var values = fit.observations.map(\.offset) + [fit.offset(at: end)]
        if let window { values += [window.lowerBound, window.upperBound] }
        let low = values.min()!, high = values.max()!
        let pad = max((high - low) * 0.05, 0.01)
        var plot = SVGPlot(width: 360, height: 160, xRange: first...max(end, first + 3600), yRange: (low - pad)...(high + pad))
        if let window { plot.band(yLow: window.lowerBound, yHigh: window.upperBound, fill: "#e3f4e1", label: "always accepted by \(row.verifiers[0].verifier)") }
        plot.line([(first, fit.offset(at: first)), (end, fit.offset(at: end))], stroke: "#2a5db0", label: "fitted \(String(format3: fit.ppm)) ppm")
        for observation in fit.observations {
            plot.point(observation.time, observation.offset, error: observation.uncertainty, fill: "#222",
                       label: "\(Timestamp.isoMilliseconds(observation.time)): \(String(format3: observation.offset)) s")
        }
        if let actBy = row.actBy { plot.verticalLine(at: actBy.unix, stroke: "#e67e22", dash: "2 3", label: "act by") }
        return plot.render(title: "Offset of \(row.token)", xLabel: { String(Timestamp.iso($0).prefix(10)) }, yUnit: "offset (s)")
    }
}
