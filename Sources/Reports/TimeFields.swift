import OTPCore

/// A moment as every report writes it: UTC ISO 8601 and Unix seconds side by side.
public struct ReportTime: Encodable, Sendable, Equatable {
    public var utc: String
    public var unix: Double

    public init(_ unix: Double) {
        self.unix = unix
        self.utc = unix == unix.rounded() ? Timestamp.iso(unix) : Timestamp.isoMilliseconds(unix)
    }

    public init(_ unix: Int64) { self.init(Double(unix)) }
}

/// The parameters a report was computed with; the secret appears only as its fingerprint.
public struct ReportParameters: Encodable, Sendable {
    public var secretFingerprint: String
    public var algorithm: String
    public var digits: Int
    public var periodSeconds: Int
    public var t0: ReportTime

    public init(secret: Secret, parameters: OTPParameters) {
        secretFingerprint = secret.fingerprint
        algorithm = parameters.algorithm.rawValue
        digits = parameters.digits
        periodSeconds = parameters.period
        t0 = ReportTime(parameters.t0)
    }

    var summary: [(label: String, value: String)] {
        [("secret", "fingerprint \(secretFingerprint)"),
         ("parameters", "\(algorithm), \(digits) digits, \(periodSeconds) s step, T0 \(formatSeconds(t0.unix))")]
    }
}
