import COpenSSL

/// A shared TOTP/HOTP secret: the raw key bytes.
///
/// `description` never shows the bytes, so a secret that ends up in string interpolation, a log line
/// or a report shows only its fingerprint.
public struct Secret: Sendable, Equatable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// RFC 4226 allows no empty key; 128 bytes covers every real token and app.
    public static let allowedLength = 1...128
    /// RFC 4226 §4 requires 128 bits and recommends 160; below 80 bits we warn.
    public static let weakBelow = 10

    public init(bytes: [UInt8]) throws(InputError) {
        guard Self.allowedLength.contains(bytes.count) else {
            throw InputError(
                input: "secret",
                problem: bytes.isEmpty ? "the secret is empty"
                    : "the secret is \(bytes.count) bytes, more than the \(Self.allowedLength.upperBound) supported",
                fix: "paste the whole secret (1 to 128 bytes) exactly as the service showed it")
        }
        self.bytes = bytes
    }

    /// A warning for secrets shorter than 80 bits, or nil.
    public var strengthWarning: String? {
        guard bytes.count < Self.weakBelow else { return nil }
        return "the secret is only \(bytes.count) bytes (\(bytes.count * 8) bits); RFC 4226 requires at least 16 bytes, and codes from short secrets are easier to guess"
    }

    /// A short, stable identifier for reports: 8 hex digits of SHA-256 over a domain tag and the secret.
    /// It tells two secrets apart without revealing either.
    public var fingerprint: String {
        let tagged = Array("SkewKit fingerprint v1:".utf8) + bytes
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        _ = SHA256(tagged, tagged.count, &digest)
        return digest.prefix(4).map { String(format2hex: $0) }.joined()
    }

    public var description: String { "Secret(fingerprint: \(fingerprint), \(bytes.count) bytes)" }
}

extension String {
    /// Two lower-case hex digits for a byte, without Foundation's format machinery.
    init(format2hex byte: UInt8) {
        let digits = Array("0123456789abcdef")
        self = String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
