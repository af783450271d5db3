/// One account an authenticator QR code carries: what an app would add to its list.
///
/// Google Authenticator exports can name algorithms and digit counts skew cannot compute (MD5), so
/// the algorithm is kept by name and `parameters` is nil for those, with `problem` saying why.
public struct OTPAccount: Sendable, Equatable {
    public var kind: OTPAuthURI.Kind
    public var issuer: String?
    public var label: String
    public var secret: Secret
    /// The algorithm as the code names it (`SHA1`, `MD5`, …).
    public var algorithmName: String
    public var digits: Int
    /// TOTP step in seconds; nil for HOTP.
    public var period: Int?
    /// HOTP counter; nil for TOTP.
    public var counter: UInt64?
    /// Why skew cannot compute this account's codes, or nil when it can.
    public var problem: String?

    public init(kind: OTPAuthURI.Kind, issuer: String?, label: String, secret: Secret, algorithmName: String,
                digits: Int, period: Int?, counter: UInt64?, problem: String? = nil) {
        self.kind = kind
        self.issuer = issuer
        self.label = label
        self.secret = secret
        self.algorithmName = algorithmName
        self.digits = digits
        self.period = period
        self.counter = counter
        self.problem = problem
    }

    /// The account an otpauth URI describes, with the RFC defaults for what it leaves out.
    public init(uri: OTPAuthURI) {
        let parameters = uri.parameters()
        self.init(kind: uri.kind, issuer: uri.issuer, label: uri.label, secret: uri.secret,
                  algorithmName: parameters.algorithm.rawValue, digits: parameters.digits,
                  period: uri.kind == .totp ? parameters.period : nil, counter: uri.kind == .hotp ? uri.counter : nil)
    }

    /// The TOTP/HOTP parameters, or nil when the algorithm is one skew does not compute.
    public var parameters: OTPParameters? {
        guard problem == nil, let algorithm = HashAlgorithm(name: algorithmName) else { return nil }
        return OTPParameters(algorithm: algorithm, digits: digits, period: period ?? 30)
    }

    /// A complete otpauth URI for this account (algorithm, digits and period always present), or nil
    /// when its algorithm has no otpauth spelling skew accepts.
    public var uri: OTPAuthURI? {
        guard let parameters else { return nil }
        return OTPAuthURI(kind: kind, label: label, issuer: issuer, secret: secret, algorithm: parameters.algorithm,
                          digits: digits, period: period, counter: counter)
    }
}
