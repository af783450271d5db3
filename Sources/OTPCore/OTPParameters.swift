/// Everything besides the secret that decides a TOTP code (RFC 6238 §4).
public struct OTPParameters: Codable, Sendable, Equatable, Hashable {
    public var algorithm: HashAlgorithm
    /// Code length, 6 to 10.
    public var digits: Int
    /// Time step X in seconds, at least 1.
    public var period: Int
    /// Unix time T0 at which counting starts.
    public var t0: Int64

    public static let digitRange = 6...10

    public init(algorithm: HashAlgorithm = .sha1, digits: Int = 6, period: Int = 30, t0: Int64 = 0) {
        self.algorithm = algorithm
        self.digits = digits
        self.period = period
        self.t0 = t0
    }

    public static let longestPeriod = 31_536_000
    public static let latestT0 = Int64(Timestamp.latest)

    /// Checks the ranges; the error names the offending parameter and the allowed values.
    public func validated() throws(InputError) -> OTPParameters {
        guard Self.digitRange.contains(digits) else {
            throw InputError(input: "digits", problem: "\(digits) digits is not supported",
                             fix: "use a digit count from 6 to 10")
        }
        // Upper limits keep every step and time sum far from Int64 overflow.
        guard (1...Self.longestPeriod).contains(period) else {
            throw InputError(input: "period", problem: "a period of \(period) s is not possible",
                             fix: "use a period from 1 second to a year (30 is the common default)")
        }
        guard (-Self.latestT0...Self.latestT0).contains(t0) else {
            throw InputError(input: "T0", problem: "\(t0) is beyond the year 9999",
                             fix: "give T0 as Unix seconds between -253402300799 and 253402300799 (0 is the standard)")
        }
        return self
    }

    /// 10^digits, the modulus of dynamic truncation.
    public var modulus: UInt64 {
        var m: UInt64 = 1
        for _ in 0..<digits { m *= 10 }
        return m
    }

    /// The step counter at Unix time `time` (floor division, so times before T0 give negative steps).
    public func counter(at time: Double) -> Int64 {
        Int64(((time - Double(t0)) / Double(period)).rounded(.down))
    }

    /// Unix time at which step `counter` begins.
    public func startOfStep(_ counter: Int64) -> Int64 { t0 + counter * Int64(period) }

    /// Formats a numeric code with leading zeros to the configured length.
    public func format(_ code: UInt64) -> String {
        let text = String(code)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
