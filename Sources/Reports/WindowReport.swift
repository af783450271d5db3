import OTPCore

/// `skew window`: the codes of steps −N…+N around a moment.
public struct WindowReport: Report {
    public struct Step: Encodable, Sendable {
        public var offsetSteps: Int64
        public var offsetSeconds: Int64
        public var counter: Int64
        public var start: ReportTime
        public var end: ReportTime
        public var code: String?
        public var current: Bool
        /// "past", "current" or "future": which way a clock that shows this code is off.
        public var direction: String
    }

    public var command: String { "window" }
    public var schemaVersion: Int { 2 }
    public var parameters: ReportParameters
    public var referenceTime: ReportTime
    public var currentCounter: Int64
    /// Seconds until the current step ends.
    public var remainingSeconds: Double
    public var steps: [Step]

    public init(window: CodeWindow) {
        parameters = ReportParameters(secret: window.totp.secret, parameters: window.totp.parameters)
        referenceTime = ReportTime(window.time)
        currentCounter = window.currentCounter
        remainingSeconds = window.secondsLeftInCurrentStep
        steps = window.steps.map { step in
            Step(offsetSteps: step.offsetSteps, offsetSeconds: step.offsetSeconds, counter: step.counter,
                 start: ReportTime(step.start), end: ReportTime(step.end), code: step.code, current: step.isCurrent,
                 direction: step.direction.rawValue)
        }
    }

    public var table: ReportTable {
        let rows = steps.map { step in
            [signed(step.offsetSteps), signed(step.offsetSeconds) + " s", String(step.counter), step.start.utc,
             step.end.utc, step.code ?? "(before T0)", step.direction]
        }
        let currentIndex = steps.firstIndex { $0.current }
        return ReportTable(
            title: "TOTP window",
            summary: parameters.summary + [
                ("at", "\(referenceTime.utc) (Unix \(formatSeconds(referenceTime.unix)))"),
                ("current step", "\(currentCounter), \(formatSeconds(remainingSeconds)) s left"),
            ],
            columns: ["offset", "seconds", "counter", "start (UTC)", "end (UTC)", "code", "direction"],
            rows: rows, marked: currentIndex.map { [$0] } ?? [],
            notes: ["A code in a 'past' row is what a clock running behind shows; 'future' is a clock running ahead."])
    }
}

func signed(_ value: Int64) -> String { value > 0 ? "+\(value)" : String(value) }

func formatSeconds(_ value: Double) -> String {
    value == value.rounded() ? String(Int64(value)) : String(format3: value)
}
