import OTPCore

/// The seed and TOTP settings a page sends: the seed text as pasted (base32, hex or an otpauth URI)
/// and the settings chosen beside it. An otpauth URI supplies its own parameters; a setting the
/// person chose overrides it, as the CLI's flags do.
public struct SeedInput: Decodable, Sendable {
    public var seed: String
    /// "base32" or "hex" for a bare seed; a URI is recognised by its `otpauth://` start.
    public var encoding: String?
    public var algorithm: String?
    public var digits: Int?
    public var period: Int?
    public var t0: Int64?

    public init(seed: String, encoding: String? = nil, algorithm: String? = nil, digits: Int? = nil, period: Int? = nil, t0: Int64? = nil) {
        self.seed = seed
        self.encoding = encoding
        self.algorithm = algorithm
        self.digits = digits
        self.period = period
        self.t0 = t0
    }

    /// The decoded secret, its parameters and the URI it came in, if any.
    func resolve() throws(InputError) -> (secret: Secret, parameters: OTPParameters, uri: OTPAuthURI?) {
        let parsed = try SecretText.parse(seed, encoding: textEncoding, input: "seed")
        return (parsed.secret, try parameters(uri: parsed.uri), parsed.uri)
    }

    var textEncoding: SecretText.Encoding { encoding == "hex" ? .hex : .base32 }

    /// The URI's parameters (or the defaults) with the chosen settings over them, validated.
    func parameters(uri: OTPAuthURI?) throws(InputError) -> OTPParameters {
        var parameters = uri?.parameters() ?? OTPParameters()
        if let algorithm { parameters.algorithm = try Self.algorithm(named: algorithm) }
        if let digits { parameters.digits = digits }
        if let period { parameters.period = period }
        if let t0 { parameters.t0 = t0 }
        return try parameters.validated()
    }

    /// An algorithm a page names (the choices of its menus).
    static func algorithm(named name: String) throws(InputError) -> HashAlgorithm {
        guard let algorithm = HashAlgorithm(name: name) else {
            throw InputError(input: "algorithm", problem: "'\(name)' is not a known algorithm", fix: "choose SHA1, SHA256 or SHA512")
        }
        return algorithm
    }
}
