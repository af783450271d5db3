import OTPCore

/// A code someone saw, and when (Unix seconds).
public struct Observation: Sendable, Equatable {
    public var code: String
    public var time: Double
    /// The code as a number and its length as typed (leading zeros count).
    public let value: UInt64
    public let length: Int

    /// Accepts digits with spaces or dashes between groups; 1 to 10 digits.
    public init(code: String, time: Double, input: String = "code") throws(InputError) {
        let compact = code.filter { !$0.isWhitespace && $0 != "-" }
        guard !compact.isEmpty, compact.count <= 10, compact.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw InputError(input: input, problem: "'\(code)' is not a code of 1 to 10 digits",
                             fix: "type the digits shown on the token or app")
        }
        self.code = compact
        self.time = time
        value = UInt64(compact)!
        length = compact.count
    }
}

/// How the observations relate in time.
public enum ObservationTiming: Sendable, Equatable {
    /// Each code has its own time.
    case timed
    /// The codes were read one after another from one token: consecutive steps (or presses),
    /// the first at its time.
    case consecutive
}
