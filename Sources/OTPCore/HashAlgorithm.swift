/// The HMAC hash functions RFC 6238 allows.
public enum HashAlgorithm: String, Codable, CaseIterable, Sendable, CustomStringConvertible {
    case sha1 = "SHA1"
    case sha256 = "SHA256"
    case sha512 = "SHA512"

    /// Accepts the spellings people and otpauth URIs use: `sha1`, `SHA-1`, `HmacSHA256`, …
    public init?(name: String) {
        let folded = name.uppercased()
            .replacingOccurrences(of: "-", with: "")
            .replacingOccurrences(of: "HMAC", with: "")
        switch folded {
        case "SHA1": self = .sha1
        case "SHA256": self = .sha256
        case "SHA512": self = .sha512
        default: return nil
        }
    }

    public var description: String { rawValue }

    /// Hash block size in bytes; HMAC keys longer than this are hashed first (RFC 2104).
    public var blockSize: Int { self == .sha512 ? 128 : 64 }

    /// Digest length in bytes.
    public var digestSize: Int {
        switch self {
        case .sha1: return 20
        case .sha256: return 32
        case .sha512: return 64
        }
    }
}
