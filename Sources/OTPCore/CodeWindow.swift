/// One step of a code window.
public struct WindowStep: Sendable, Equatable {
    /// Steps from the step containing the reference time (negative = past).
    public var offsetSteps: Int64
    public var counter: Int64
    /// Unix seconds at which the step starts and ends (end exclusive).
    public var start: Int64
    public var end: Int64
    /// Nil for steps before T0, which have no code.
    public var code: String?

    public var isCurrent: Bool { offsetSteps == 0 }
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
            return WindowStep(offsetSteps: offset, counter: counter, start: start,
                              end: start + Int64(parameters.period), code: totp.code(counter: counter))
        }
    }

    /// Seconds until the current step ends.
    public var secondsLeftInCurrentStep: Double {
        let parameters = totp.parameters
        let end = parameters.startOfStep(parameters.counter(at: time) + 1)
        return Double(end) - time
    }
}
