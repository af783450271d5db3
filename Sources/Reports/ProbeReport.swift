import OTPCore
import Probe

/// `skew probe`: a verifier's acceptance window, the behaviours seen, and every attempt behind it.
public struct ProbeReport: Report {
    /// One edge in steps and seconds; `bound` is nil when nothing limits it.
    public struct Edge: Encodable, Sendable {
        public var acceptedSteps: Int64
        public var boundSteps: Int64?
        public var acceptedSeconds: Int64
        public var boundSeconds: Int64?
        public var exact: Bool
        public var attempts: Int
        public var failures: Int
    }

    public struct AttemptRow: Encodable, Sendable {
        public var number: Int
        public var purpose: String
        public var offsetSteps: Int64
        public var counter: Int64
        public var sent: ReportTime
        public var intoStepSeconds: Double
        public var outcome: String
        public var latencySeconds: Double
        public var detail: String
    }

    public var command: String { "probe" }
    public var schemaVersion: Int { 2 }
    public var parameters: ReportParameters
    public var verifier: String
    public var rangeSteps: Int64
    public var maxAttempts: Int
    public var maxFailures: Int
    public var guardSeconds: Double
    public var ahead: Edge?
    public var behind: Edge?
    public var window: String
    public var behaviours: Behaviours
    public var confidence: Confidence
    public var ruleCheck: RuleCheck
    public var attemptsUsed: Int
    public var failuresUsed: Int
    public var rateLimitedAnswers: Int
    public var resets: Int
    public var waitedSeconds: Double
    public var elapsedSeconds: Double
    public var stopReason: String?
    public var notes: [String]
    public var evidenceFile: String?
    public var attempts: [AttemptRow]

    public init(result: ProbeResult, secret: Secret, parameters: OTPParameters, configuration: ProbeConfiguration,
                verifier: String, evidenceFile: String?) {
        self.parameters = ReportParameters(secret: secret, parameters: parameters)
        self.verifier = verifier
        rangeSteps = configuration.range
        maxAttempts = configuration.maxAttempts
        maxFailures = configuration.maxFailures
        guardSeconds = configuration.guardSeconds
        let period = Int64(parameters.period)
        func edge(_ edge: WindowEdge?) -> Edge? {
            edge.map {
                Edge(acceptedSteps: $0.acceptedOffset, boundSteps: $0.boundOffset, acceptedSeconds: $0.acceptedOffset * period,
                     boundSeconds: $0.boundOffset.map { $0 * period }, exact: $0.isExact, attempts: $0.attempts,
                     failures: $0.failures)
            }
        }
        ahead = edge(result.ahead)
        behind = edge(result.behind)
        window = result.ruleCheck == .failed ? "unknown: the acceptance rule called a wrong code accepted"
            : Self.windowText(ahead: result.ahead, behind: result.behind, period: period)
        behaviours = result.behaviours
        confidence = result.confidence
        ruleCheck = result.ruleCheck
        attemptsUsed = result.attemptsJudged
        failuresUsed = result.failures
        rateLimitedAnswers = result.rateLimitedAnswers
        resets = result.resets
        waitedSeconds = result.waitedSeconds
        elapsedSeconds = result.elapsedSeconds
        stopReason = result.stopReason?.text
        notes = result.notes.map(\.text)
        self.evidenceFile = evidenceFile
        attempts = result.attempts.map {
            AttemptRow(number: $0.number, purpose: $0.purpose.rawValue, offsetSteps: $0.offset, counter: $0.step,
                       sent: ReportTime($0.sentAt), intoStepSeconds: $0.secondsIntoStep,
                       outcome: $0.outcome.rawValue, latencySeconds: $0.latencySeconds,
                       detail: $0.detail)
        }
    }

    /// "−1 … +2 steps (−30 … +60 s)", or the bounds when an edge is not pinned down.
    static func windowText(ahead: WindowEdge?, behind: WindowEdge?, period: Int64) -> String {
        guard let ahead, let behind else { return "no code accepted" }
        func side(_ edge: WindowEdge) -> String {
            if edge.isExact { return signed(edge.acceptedOffset) }
            guard let bound = edge.boundOffset else { return "\(edge.direction == .ahead ? "≥" : "≤")\(signed(edge.acceptedOffset))" }
            return "\(signed(edge.acceptedOffset))…\(signed(bound))"
        }
        func seconds(_ edge: WindowEdge) -> String {
            if edge.isExact { return signed(edge.acceptedOffset * period) }
            guard let bound = edge.boundOffset else {
                return "\(edge.direction == .ahead ? "≥" : "≤")\(signed(edge.acceptedOffset * period))"
            }
            return "\(signed(edge.acceptedOffset * period))…\(signed(bound * period))"
        }
        let steps = "[\(side(behind))] … [\(side(ahead))] steps"
        let exact = ahead.isExact && behind.isExact
        let text = exact ? "\(signed(behind.acceptedOffset)) … \(signed(ahead.acceptedOffset)) steps"
            : steps
        let secondsText = exact ? "\(seconds(behind)) … \(seconds(ahead)) s" : "[\(seconds(behind))] … [\(seconds(ahead))] s"
        return "\(text) (\(secondsText))"
    }

    public var table: ReportTable {
        var summary = parameters.summary + [
            ("verifier", verifier),
            ("window", window),
            ("confidence", confidence.rawValue),
            ("rule check", ruleCheckText),
            ("behaviours", behaviourText),
            ("budget", "\(attemptsUsed) of \(maxAttempts) attempts, \(failuresUsed) of \(maxFailures) failures\(rateLimitedAnswers > 0 ? ", \(rateLimitedAnswers) rate-limited answers (not counted)" : "")"),
            ("per edge", "ahead \(ahead?.attempts ?? 0) attempts / \(ahead?.failures ?? 0) failures, behind \(behind?.attempts ?? 0) / \(behind?.failures ?? 0)"),
            ("time", "\(String(format3: elapsedSeconds)) s, of which \(String(format3: waitedSeconds)) s waiting; \(resets) resets"),
        ]
        if let stopReason { summary.append(("stopped", stopReason)) }
        if let evidenceFile { summary.append(("evidence", evidenceFile)) }
        return ReportTable(
            title: "Verifier window probe",
            summary: summary,
            columns: ["#", "purpose", "offset", "counter", "sent (UTC)", "s into step", "outcome", "latency ms", "detail"],
            rows: attempts.map {
                [String($0.number), $0.purpose, signed($0.offsetSteps), String($0.counter), $0.sent.utc,
                 String($0.intoStepSeconds), $0.outcome, String($0.latencySeconds * 1000), $0.detail]
            },
            notes: notes)
    }

    var ruleCheckText: String {
        switch ruleCheck {
        case .passed: return "a wrong code was refused"
        case .failed: return "a wrong code was called accepted: the rule cannot tell accept from reject"
        case .notSent: return "not sent"
        }
    }

    var behaviourText: String {
        var parts = ["window \(behaviours.window)"]
        if let centre = behaviours.centre, centre != 0 { parts.append("centred at \(signed(centre))") }
        parts.append("replay \(behaviours.replay.rawValue)")
        parts.append("re-centring \(behaviours.recentring.rawValue)")
        parts.append("rate limiting \(behaviours.rateLimiting.rawValue)")
        parts.append("lockout \(behaviours.lockout.rawValue)")
        return parts.joined(separator: ", ")
    }

    public func html() -> String? {
        HTMLPage.page(title: "Verifier window probe",
                      body: "<h1>Verifier window probe</h1>\n" + ProbeWindowPicture.svg(self) + "\n"
                        + HTMLPage.fragment(ReportTable(title: "", summary: table.summary, columns: table.columns,
                                                        rows: table.rows, notes: table.notes)))
    }
}
