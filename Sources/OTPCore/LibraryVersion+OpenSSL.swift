import COpenSSL

/// The libcrypto that HMAC and SM4 run on, as the loaded library reports it (for `skew --version`).
public enum OpenSSLLibrary {
    public static var version: String { String(cString: OpenSSL_version(OPENSSL_VERSION)) }
}
