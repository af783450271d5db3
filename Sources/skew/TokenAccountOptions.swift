import Tokens

extension TokenAccount {
    /// The account of the secret options, read once per run (standard input cannot be read twice),
    /// noting whether the step was given by flag or URI (else a token's own interval applies).
    init(_ options: SecretOptions) throws {
        let (secret, parameters, uri) = try options.resolve()
        self.init(secret: secret, parameters: parameters, periodGiven: options.period != nil || uri?.period != nil)
    }
}
