/// How a PSKC file's seeds are protected (RFC 6030 §6): not at all, by a pre-shared AES key, or by a
/// key derived from a password with PBKDF2. Encrypted files also carry a MAC key, encrypted the same
/// way, whose HMAC-SHA1 over every encrypted value lets a reader detect a wrong key or an altered file.
public enum PSKCProtection: Sendable {
    case none
    /// A 16-byte AES-128 key both sides hold; `name` is the `KeyName` the file shows.
    case presharedKey([UInt8], name: String)
    /// PBKDF2-HMAC-SHA1 over the password, with a random salt and this many iterations.
    case password(String, iterations: Int, name: String)

    /// The iteration count written when none is chosen (the receiving side pays it once per file).
    public static let defaultIterations = 100_000
}

/// The key material a reader may use for an encrypted PSKC file.
public enum PSKCKeySource: Sendable {
    case none
    case presharedKey([UInt8])
    case password(String)
}

/// The XML names RFC 6030 uses.
enum PSKCNames {
    static let pskc = "urn:ietf:params:xml:ns:keyprov:pskc"
    static let ds = "http://www.w3.org/2000/09/xmldsig#"
    static let xenc = "http://www.w3.org/2001/04/xmlenc#"
    static let xenc11 = "http://www.w3.org/2009/xmlenc11#"
    static let pkcs5 = "http://www.rsasecurity.com/rsalabs/pkcs/schemas/pkcs-5v2-0#"
    static let aes128CBC = xenc + "aes128-cbc"
    static let hmacSHA1 = ds + "hmac-sha1"
    static let pbkdf2 = pkcs5 + "pbkdf2"
    static let totp = "urn:ietf:params:xml:ns:keyprov:pskc:totp"
}
