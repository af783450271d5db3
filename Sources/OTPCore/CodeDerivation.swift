/// How one step's code comes out of the secret (RFC 4226 §5.3), every intermediate kept: the HMAC
/// of the counter, where dynamic truncation reads its four bytes, the 31-bit number they make, and
/// the code. What a person compares byte by byte when a token and a verifier disagree.
public struct CodeDerivation: Sendable, Equatable {
    public var algorithm: HashAlgorithm
    public var counter: UInt64
    public var hmac: [UInt8]
    /// The low four bits of the HMAC's last byte.
    public var offset: Int
    /// The four bytes at `offset`, before the top bit is cleared.
    public var truncationBytes: [UInt8] { Array(hmac[offset..<offset + 4]) }
    public var truncated: UInt32
    public var code: String

    public init(secret: Secret, counter: UInt64, algorithm: HashAlgorithm, digits: Int) {
        self.algorithm = algorithm
        self.counter = counter
        hmac = HOTP.hmac(secret: secret.bytes, counter: counter, algorithm: algorithm)
        offset = Int(hmac[hmac.count - 1] & 0x0F)
        truncated = HOTP.truncate(hmac)
        let parameters = OTPParameters(algorithm: algorithm, digits: digits)
        code = parameters.format(UInt64(truncated) % parameters.modulus)
    }

    /// The counter as the eight big-endian bytes the HMAC is computed over.
    public var counterBytes: [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: counter >> UInt64(56 - 8 * $0)) } }
}
