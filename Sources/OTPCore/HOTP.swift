import COpenSSL

/// HOTP (RFC 4226) computed with OpenSSL's one-shot `HMAC()`: the straightforward reference path,
/// used for windows and single codes, and as the independent check of `PrecomputedHMAC`.
public enum HOTP {
    /// The full HMAC of the 8-byte big-endian counter.
    public static func hmac(secret: [UInt8], counter: UInt64, algorithm: HashAlgorithm) -> [UInt8] {
        var message = [UInt8](repeating: 0, count: 8)
        for index in 0..<8 { message[index] = UInt8(truncatingIfNeeded: counter >> UInt64(56 - 8 * index)) }
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let digest: OpaquePointer? = switch algorithm {
        case .sha1: EVP_sha1()
        case .sha256: EVP_sha256()
        case .sha512: EVP_sha512()
        }
        _ = HMAC(digest, secret, Int32(secret.count), message, message.count, &output, &length)
        return Array(output.prefix(Int(length)))
    }

    /// RFC 4226 §5.3 dynamic truncation to a 31-bit number.
    public static func truncate(_ mac: [UInt8]) -> UInt32 {
        let offset = Int(mac[mac.count - 1] & 0x0F)
        return (UInt32(mac[offset]) & 0x7F) << 24 | UInt32(mac[offset + 1]) << 16
            | UInt32(mac[offset + 2]) << 8 | UInt32(mac[offset + 3])
    }

    /// The numeric code for `counter` (format it with `OTPParameters.format`).
    public static func code(secret: Secret, counter: UInt64, algorithm: HashAlgorithm, digits: Int) -> UInt64 {
        let parameters = OTPParameters(algorithm: algorithm, digits: digits)
        return UInt64(truncate(hmac(secret: secret.bytes, counter: counter, algorithm: algorithm))) % parameters.modulus
    }
}

/// TOTP (RFC 6238): HOTP over the time-step counter.
public struct TOTP: Sendable {
    public let secret: Secret
    public let parameters: OTPParameters

    public init(secret: Secret, parameters: OTPParameters) {
        self.secret = secret
        self.parameters = parameters
    }

    /// The code of step `counter`; steps before T0 have no code.
    public func code(counter: Int64) -> String? {
        guard counter >= 0 else { return nil }
        return parameters.format(HOTP.code(secret: secret, counter: UInt64(counter),
                                           algorithm: parameters.algorithm, digits: parameters.digits))
    }

    public func code(at time: Double) -> String? { code(counter: parameters.counter(at: time)) }
}

extension HOTP {
    /// A plain hash, used to shorten HMAC keys longer than the block size.
    static func digest(_ data: [UInt8], algorithm: HashAlgorithm) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: algorithm.digestSize)
        switch algorithm {
        case .sha1: _ = SHA1(data, data.count, &output)
        case .sha256: _ = SHA256(data, data.count, &output)
        case .sha512: _ = SHA512(data, data.count, &output)
        }
        return output
    }
}
