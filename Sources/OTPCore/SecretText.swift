/// Reads a secret from the text a person pasted: base32, hex, or an otpauth URI.
public enum SecretText {
    public enum Encoding: Sendable { case base32, hex }

    /// The secret, and the URI it came from when it was one (its parameters then apply).
    public struct Parsed: Sendable {
        public var secret: Secret
        public var uri: OTPAuthURI?
    }

    /// `encoding` applies to bare secrets; a text starting with `otpauth://` is always read as a URI.
    public static func parse(_ text: String, encoding: Encoding, input: String = "secret") throws(InputError) -> Parsed {
        let trimmed = text.trimmingWhitespace()
        if OTPAuthURI.isURI(trimmed) {
            let uri = try OTPAuthURI(parsing: trimmed, input: input)
            return Parsed(secret: uri.secret, uri: uri)
        }
        if trimmed.isEmpty {
            throw InputError(input: input, problem: "no secret was given (the text is empty)",
                             fix: "give the base32 secret, a hex secret, or an otpauth:// URI", remedy: .chooseSecretEncoding)
        }
        let bytes: [UInt8]
        switch encoding {
        case .base32: bytes = try Base32.decode(trimmed, input: input)
        case .hex: bytes = try Hex.decode(trimmed, input: input)
        }
        return Parsed(secret: try Secret(bytes: bytes), uri: nil)
    }
}
