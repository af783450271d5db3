import COpenSSL
import OTPCore

/// The cryptography RFC 6030 uses, all from OpenSSL's libcrypto: AES-CBC for values (IV prepended,
/// PKCS#7 padding on write, any XML Encryption padding on read), HMAC for the value MACs and
/// PBKDF2 for password-derived keys.
enum PSKCCrypto {
    static let blockSize = 16

    /// AES-CBC with a random IV; the result is IV followed by the ciphertext, as `CipherValue` holds it.
    static func encrypt(_ plaintext: [UInt8], key: [UInt8]) throws -> [UInt8] {
        let iv = try SecureRandom.bytes(blockSize)
        let padding = blockSize - plaintext.count % blockSize
        let padded = plaintext + [UInt8](repeating: UInt8(padding), count: padding)
        return iv + (try cbc(padded, key: key, iv: iv, encrypt: true))
    }

    /// Reverses `encrypt`; `input` names the value for errors. A wrong key shows as bad padding.
    static func decrypt(_ ivAndCiphertext: [UInt8], key: [UInt8], input: String) throws(InputError) -> [UInt8] {
        guard ivAndCiphertext.count >= 2 * blockSize, ivAndCiphertext.count % blockSize == 0 else {
            throw InputError(input: input, problem: "the encrypted value is \(ivAndCiphertext.count) bytes, not an IV and whole AES blocks",
                             fix: "export the PSKC file again; this one is cut or altered")
        }
        let plain = try cbc(Array(ivAndCiphertext.dropFirst(blockSize)), key: key,
                            iv: Array(ivAndCiphertext.prefix(blockSize)), encrypt: false)
        // XML Encryption padding: the last byte counts the padding bytes (1 to a block); their values are free.
        guard let last = plain.last, (1...blockSize).contains(Int(last)) else {
            throw InputError(input: input, problem: "the value does not decrypt (its padding is wrong)",
                             fix: "check the pre-shared key or password: it is most likely not the one this file was encrypted with")
        }
        return Array(plain.dropLast(Int(last)))
    }

    private static func cbc(_ data: [UInt8], key: [UInt8], iv: [UInt8], encrypt: Bool) throws(InputError) -> [UInt8] {
        let cipher: OpaquePointer? = switch key.count {
        case 16: EVP_aes_128_cbc()
        case 24: EVP_aes_192_cbc()
        case 32: EVP_aes_256_cbc()
        default: nil
        }
        guard let cipher else {
            throw InputError(input: "PSKC key", problem: "the key is \(key.count) bytes, not an AES key of 16, 24 or 32",
                             fix: "give the pre-shared key as 32 hex digits (AES-128)")
        }
        guard let context = EVP_CIPHER_CTX_new() else { throw libcryptoFailure("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(context) }
        guard EVP_CipherInit_ex(context, cipher, nil, key, iv, encrypt ? 1 : 0) == 1 else { throw libcryptoFailure("EVP_CipherInit_ex") }
        EVP_CIPHER_CTX_set_padding(context, 0)
        var output = [UInt8](repeating: 0, count: data.count + blockSize)
        var length: Int32 = 0
        guard EVP_CipherUpdate(context, &output, &length, data, Int32(data.count)) == 1 else { throw libcryptoFailure("EVP_CipherUpdate") }
        return Array(output.prefix(Int(length)))
    }

    /// HMAC of `data` under `key` with SHA-1 (the MAC RFC 6030 names) or another SHA.
    static func hmac(_ data: [UInt8], key: [UInt8], algorithm: HashAlgorithm) -> [UInt8] {
        let digest: OpaquePointer? = switch algorithm {
        case .sha1: EVP_sha1()
        case .sha256: EVP_sha256()
        case .sha512: EVP_sha512()
        }
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = HMAC(digest, key, Int32(key.count), data, data.count, &output, &length)
        return Array(output.prefix(Int(length)))
    }

    /// PBKDF2 with HMAC-SHA1 (the default PRF of PKCS #5 v2.0, which RFC 6030 uses).
    static func pbkdf2(password: String, salt: [UInt8], iterations: Int, length: Int) throws(InputError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: length)
        let passwordBytes = Array(password.utf8)
        let status = passwordBytes.withUnsafeBufferPointer { password in
            password.withMemoryRebound(to: CChar.self) { password in
                PKCS5_PBKDF2_HMAC(password.baseAddress, Int32(password.count), salt, Int32(salt.count), Int32(iterations),
                                  EVP_sha1(), Int32(length), &output)
            }
        }
        guard status == 1 else { throw libcryptoFailure("PKCS5_PBKDF2_HMAC") }
        return output
    }

    /// Compares MACs in time independent of where they differ.
    static func equal(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        left.count == right.count && zip(left, right).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func libcryptoFailure(_ step: String) -> InputError {
        InputError(input: "PSKC cryptography", problem: "OpenSSL's libcrypto failed at \(step)",
                   fix: "check that libssl3 is installed and intact")
    }
}
