import COpenSSL

/// SM4 (GB/T 32907-2016) block operations through OpenSSL's EVP interface, without padding:
/// callers pad as the token protocol says.
public enum SM4 {
    public static let blockSize = 16

    /// OpenSSL could not run SM4: a libcrypto built without it.
    public struct Unavailable: Error, CustomStringConvertible {
        public var step: String
        public var description: String {
            "OpenSSL's libcrypto failed at \(step) for SM4. Fix: install a libcrypto with SM4 (Debian's libssl3 has it)"
        }
    }

    public static func encryptECB(key: [UInt8], _ data: [UInt8]) throws(Unavailable) -> [UInt8] {
        try run(EVP_sm4_ecb(), key: key, iv: nil, data: data, encrypt: true)
    }

    public static func decryptECB(key: [UInt8], _ data: [UInt8]) throws(Unavailable) -> [UInt8] {
        try run(EVP_sm4_ecb(), key: key, iv: nil, data: data, encrypt: false)
    }

    public static func encryptCBC(key: [UInt8], iv: [UInt8], _ data: [UInt8]) throws(Unavailable) -> [UInt8] {
        try run(EVP_sm4_cbc(), key: key, iv: iv, data: data, encrypt: true)
    }

    private static func run(_ cipher: OpaquePointer?, key: [UInt8], iv: [UInt8]?, data: [UInt8],
                            encrypt: Bool) throws(Unavailable) -> [UInt8] {
        precondition(key.count == 16 && data.count % blockSize == 0, "SM4 needs a 16-byte key and whole blocks")
        guard let cipher else { throw Unavailable(step: "EVP_sm4") }
        guard let context = EVP_CIPHER_CTX_new() else { throw Unavailable(step: "EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(context) }
        guard EVP_CipherInit_ex(context, cipher, nil, key, iv, encrypt ? 1 : 0) == 1 else {
            throw Unavailable(step: "EVP_CipherInit_ex")
        }
        EVP_CIPHER_CTX_set_padding(context, 0)
        var output = [UInt8](repeating: 0, count: data.count + blockSize)
        var length: Int32 = 0
        var finalLength: Int32 = 0
        guard EVP_CipherUpdate(context, &output, &length, data, Int32(data.count)) == 1 else {
            throw Unavailable(step: "EVP_CipherUpdate")
        }
        let ok = output.withUnsafeMutableBufferPointer { buffer in
            EVP_CipherFinal_ex(context, buffer.baseAddress! + Int(length), &finalLength)
        }
        guard ok == 1 else { throw Unavailable(step: "EVP_CipherFinal_ex") }
        return Array(output.prefix(Int(length + finalLength)))
    }
}
