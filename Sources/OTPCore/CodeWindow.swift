/// One step of a code window.
public struct WindowStep: Sendable, Equatable {
    /// Steps from the step containing the reference time (negative = past).
    public var offsetSteps: Int64
    /// The same in seconds: `offsetSteps` whole periods.
    public var offsetSeconds: Int64
    public var counter: Int64
    /// Unix seconds at which the step starts and ends (end exclusive).
    public var start: Int64
    public var end: Int64
    /// Nil for steps before T0, which have no code.
    public var code: String?

    public var isCurrent: Bool { offsetSteps == 0 }

    /// Which way a clock that shows this step's code at the reference time is off.
    public enum Direction: String, Sendable {
        /// A clock running behind shows a past step's code.
        case past
        case current
        /// A clock running ahead shows a future step's code.
        case future
    }

    public var direction: Direction { offsetSteps < 0 ? .past : offsetSteps > 0 ? .future : .current }
}

/// The codes around a moment: what Token2's TOTP Toolset shows, for any algorithm, digits and period.
public struct CodeWindow: Sendable {
    public let totp: TOTP
    /// Reference time (Unix seconds, may have a fraction).
    public let time: Double
    public let steps: [WindowStep]

    public init(totp: TOTP, time: Double, radius: Int) {
        self.totp = totp
        self.time = time
        let parameters = totp.parameters
        let current = parameters.counter(at: time)
        steps = (-Int64(radius)...Int64(radius)).map { offset in
            let counter = current + offset
            let start = parameters.startOfStep(counter)
            return WindowStep(offsetSteps: offset, offsetSeconds: offset * Int64(parameters.period), counter: counter, start: start,
                              end: start + Int64(parameters.period), code: totp.code(counter: counter))
        }
    }

    /// The step containing the reference time.
    public var currentCounter: Int64 { totp.parameters.counter(at: time) }

    /// Seconds until the current step ends.
    public var secondsLeftInCurrentStep: Double {
        let parameters = totp.parameters
        let end = parameters.startOfStep(parameters.counter(at: time) + 1)
        return Double(end) - time
    }
}
