/// An `otpauth://` key URI as authenticator apps scan it from a QR code.
///
/// Format: `otpauth://TYPE/LABEL?secret=…&issuer=…&algorithm=…&digits=…&period=…&counter=…`.
/// Read and written by the URI rules (RFC 3986, as `URLComponents` has them): `%XX` escapes are
/// decoded and `+` is a plus sign, in the label and in the parameters alike (only HTML forms read it
/// as a space). Written URIs escape every character but letters, digits, `-._~` and `@`, so the
/// one literal `:` in a label is the one between issuer and account.
public struct OTPAuthURI: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable { case totp, hotp }

    public var kind: Kind
    /// The whole label, decoded: `Issuer:account`, or the account alone.
    public var label: String
    public var issuer: String?
    public var secret: Secret
    /// Only the parameters the URI states; absent ones stay nil so command-line flags or defaults apply.
    public var algorithm: HashAlgorithm?
    public var digits: Int?
    public var period: Int?
    public var counter: UInt64?

    public static func isURI(_ text: String) -> Bool {
        text.trimmingWhitespace().lowercased().hasPrefix("otpauth://")
    }

    public init(kind: Kind, label: String, issuer: String?, secret: Secret, algorithm: HashAlgorithm? = nil,
                digits: Int? = nil, period: Int? = nil, counter: UInt64? = nil) {
        self.kind = kind
        self.label = label
        self.issuer = issuer
        self.secret = secret
        self.algorithm = algorithm
        self.digits = digits
        self.period = period
        self.counter = counter
    }

    public init(parsing raw: String, input: String = "otpauth URI") throws(InputError) {
        let text = raw.trimmingWhitespace()
        let scheme = "otpauth://"
        guard text.lowercased().hasPrefix(scheme) else {
            throw InputError(input: input, problem: "it does not start with otpauth://",
                             fix: "pass the whole URI from the QR code, or the base32 secret alone")
        }
        let rest = text.dropFirst(scheme.count)
        let pathAndQuery = rest.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let typeAndLabel = pathAndQuery[0].split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let kind = Kind(rawValue: String(typeAndLabel[0]).lowercased()) else {
            throw InputError(input: input, problem: "the type '\(typeAndLabel[0])' is neither totp nor hotp",
                             fix: "use otpauth://totp/… or otpauth://hotp/…")
        }
        self.kind = kind
        self.label = typeAndLabel.count > 1 ? try Self.percentDecode(String(typeAndLabel[1]), input: input) : ""

        var fields: [String: String] = [:]
        if pathAndQuery.count > 1 {
            for pair in pathAndQuery[1].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = try Self.percentDecode(String(parts[0]), input: input).lowercased()
                fields[key] = parts.count > 1 ? try Self.percentDecode(String(parts[1]), input: input) : ""
            }
        }
        guard let secretText = fields["secret"], !secretText.isEmpty else {
            throw InputError(input: input, problem: "it has no secret= parameter",
                             fix: "the URI must carry the key as secret=BASE32")
        }
        self.secret = try Secret(bytes: Base32.decode(secretText, input: "\(input) secret"))
        self.issuer = fields["issuer"].flatMap { $0.isEmpty ? nil : $0 }
        if let name = fields["algorithm"] {
            guard let algorithm = HashAlgorithm(name: name) else {
                throw InputError(input: "\(input) algorithm", problem: "'\(name)' is not a known algorithm",
                                 fix: "use SHA1, SHA256 or SHA512")
            }
            self.algorithm = algorithm
        }
        self.digits = try Self.integer(fields["digits"], name: "digits", input: input).map { Int($0) }
        self.period = try Self.integer(fields["period"], name: "period", input: input).map { Int($0) }
        self.counter = try Self.integer(fields["counter"], name: "counter", input: input)
        if let digits, !OTPParameters.digitRange.contains(digits) {
            throw InputError(input: "\(input) digits", problem: "\(digits) digits is not supported",
                             fix: "use 6 to 10 digits")
        }
        if let period, period < 1 {
            throw InputError(input: "\(input) period", problem: "a period of \(period) s is not possible",
                             fix: "use a period of at least 1 second")
        }
        if kind == .hotp && counter == nil {
            throw InputError(input: input, problem: "an hotp URI needs a counter= parameter",
                             fix: "add counter=N (the token's next counter value)")
        }
    }

    /// The account name: the label without its issuer prefix (the issuer parameter's when the label
    /// starts with it, otherwise whatever comes before the first colon).
    public var account: String {
        issuerSeparator.map { String(decoding: label.utf8[label.utf8.index(after: $0)...], as: UTF8.self) } ?? label
    }

    /// The colon that ends the label's issuer prefix, if the label has one.
    private var issuerSeparator: String.Index? {
        if let issuer, label.utf8.starts(with: (issuer + ":").utf8) {
            return label.utf8.index(label.utf8.startIndex, offsetBy: issuer.utf8.count)
        }
        return label.utf8.firstIndex(of: UInt8(ascii: ":"))
    }

    /// The parameters this URI implies, filling what it leaves out from `defaults`.
    public func parameters(defaults: OTPParameters = OTPParameters()) -> OTPParameters {
        OTPParameters(algorithm: algorithm ?? defaults.algorithm, digits: digits ?? defaults.digits,
                      period: period ?? defaults.period, t0: defaults.t0)
    }

    /// A complete URI with algorithm, digits and period always present (some apps assume defaults
    /// differently, so leaving them out invites mismatches).
    public func render(parameters: OTPParameters) -> String {
        var query = ["secret=\(Base32.encode(secret.bytes))"]
        if let issuer { query.append("issuer=\(Self.percentEncode(issuer.utf8))") }
        query.append("algorithm=\(parameters.algorithm.rawValue)")
        query.append("digits=\(parameters.digits)")
        if kind == .totp { query.append("period=\(parameters.period)") }
        if kind == .hotp { query.append("counter=\(counter ?? 0)") }
        let encodedLabel = issuerSeparator.map { separator in
            Self.percentEncode(label.utf8[..<separator]) + ":" + Self.percentEncode(label.utf8[label.utf8.index(after: separator)...])
        } ?? Self.percentEncode(label.utf8)
        return "otpauth://\(kind.rawValue)/\(encodedLabel)?\(query.joined(separator: "&"))"
    }

    private static func integer(_ text: String?, name: String, input: String) throws(InputError) -> UInt64? {
        guard let text else { return nil }
        guard let value = UInt64(text) else {
            throw InputError(input: "\(input) \(name)", problem: "'\(text)' is not a whole number",
                             fix: "give \(name) as digits only")
        }
        return value
    }

    static func percentDecode(_ text: String, input: String) throws(InputError) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else {
                    throw InputError(input: input, problem: "a '%' escape is not followed by two hex digits",
                                     fix: "copy the URI again; it may have been cut")
                }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func percentEncode(_ text: some Sequence<UInt8>) -> String {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~@".utf8)
        return text.map { byte in
            unreserved.contains(byte) ? String(UnicodeScalar(byte)) : "%" + String(format2hex: byte).uppercased()
        }.joined()
    }
}

extension String {
    func trimmingWhitespace() -> String {
        // Index-based: rebuilding the string from a reversed view cost an allocation per character.
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
