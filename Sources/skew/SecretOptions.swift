import ArgumentParser
import Foundation
import OTPCore

/// Where the secret comes from and which TOTP parameters apply, shared by every command that
/// computes codes. An otpauth URI supplies its own parameters; explicit flags override them.
struct SecretOptions: ParsableArguments {
    @Option(name: .customLong("secret"),
            help: "The secret: base32, hex (with --hex) or an otpauth:// URI. '-' reads standard input. Visible in the process list: prefer --secret-file or --secret-env.")
    var secretArgument: String?

    @Option(name: [.customShort("s"), .long], help: "Read the secret (or an otpauth:// URI) from this file.")
    var secretFile: String?

    @Option(help: "Read the secret (or an otpauth:// URI) from this environment variable.")
    var secretEnv: String?

    @Flag(help: "The secret is hexadecimal, not base32.")
    var hex = false

    @Option(help: "HMAC algorithm: sha1, sha256 or sha512 (default sha1, or the URI's).")
    var algorithm: String?

    @Option(help: "Code length, 6 to 10 (default 6, or the URI's).")
    var digits: Int?

    @Option(help: "Time step in seconds (default 30, or the URI's).")
    var period: Int?

    @Option(parsing: .unconditional, help: "Unix time at which step 0 starts (T0, default 0).")
    var t0: Int64 = 0

    /// The secret and its parameters, with a warning for command-line secrets and weak keys.
    func resolve() throws -> (secret: Secret, parameters: OTPParameters, uri: OTPAuthURI?) {
        let (text, source) = try readSecretText()
        let parsed = try SecretText.parse(text, encoding: hex ? .hex : .base32, input: source)
        let parameters = try parameters(uri: parsed.uri)
        if let warning = parsed.secret.strengthWarning { Console.warning(warning) }
        return (parsed.secret, parameters, parsed.uri)
    }

    /// The secret's text without requiring it to decode (`diagnose` looks for the typo that stops it):
    /// a bare secret as given, or an otpauth URI's secret re-encoded as base32, and the parameters.
    func resolveText() throws -> (text: String, encoding: SecretText.Encoding, source: String, parameters: OTPParameters) {
        let (text, source) = try readSecretText()
        if OTPAuthURI.isURI(text) {
            let uri = try OTPAuthURI(parsing: text, input: source)
            return (Base32.encode(uri.secret.bytes), .base32, source, try parameters(uri: uri))
        }
        return (text, hex ? .hex : .base32, source, try parameters(uri: nil))
    }

    /// The URI's parameters (or the defaults) with the command-line flags applied over them.
    private func parameters(uri: OTPAuthURI?) throws -> OTPParameters {
        var parameters = uri?.parameters() ?? OTPParameters()
        if let algorithm {
            let chosen = try hashAlgorithm(named: algorithm)
            warnIfOverriding(uri?.algorithm?.rawValue, with: chosen.rawValue, name: "algorithm")
            parameters.algorithm = chosen
        }
        if let digits {
            warnIfOverriding(uri?.digits.map(String.init), with: String(digits), name: "digits")
            parameters.digits = digits
        }
        if let period {
            warnIfOverriding(uri?.period.map(String.init), with: String(period), name: "period")
            parameters.period = period
        }
        parameters.t0 = t0
        return try parameters.validated()
    }

    private func warnIfOverriding(_ fromURI: String?, with flag: String, name: String) {
        if let fromURI, fromURI != flag {
            Console.warning("--\(name) \(flag) overrides the URI's \(name)=\(fromURI)")
        }
    }

    /// The secret exactly as given, before decoding, and where it came from (for messages):
    /// `diagnose` builds typo variants from this text, so it must see it even when it does not decode.
    func readSecretText() throws -> (text: String, source: String) {
        try SecretSource(noun: "secret", argumentOption: "--secret", argument: secretArgument, fileOption: "--secret-file", file: secretFile,
                         environmentOption: "--secret-env", variable: secretEnv).read()
    }
}
