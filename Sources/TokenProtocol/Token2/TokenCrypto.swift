/// The single-profile token's cryptography (docs/token-protocol.md §5): one public SM4 key for the
/// challenge answer, seed encryption and MACs, with no session keys.
public enum TokenCrypto {
    /// The device key K, the same on every single-profile token (public, C2).
    public static let deviceKey: [UInt8] = [0x8A, 0xD2, 0x06, 0x88, 0x3C, 0xA3, 0x69, 0x48,
                                            0x2A, 0xB2, 0x71, 0x82, 0xB6, 0xE8, 0x32, 0x24]

    /// The AUTHENTICATE cryptogram: SM4-ECB of the challenge followed by eight zero bytes (§5.2).
    public static func challengeAnswer(_ challenge: [UInt8], key: [UInt8] = deviceKey) throws(SM4.Unavailable) -> [UInt8] {
        precondition(challenge.count == 8, "the challenge is 8 bytes")
        return try SM4.encryptECB(key: key, challenge + [UInt8](repeating: 0, count: 8))
    }

    /// ISO/IEC 9797-1 MAC algorithm 1 with SM4, IV zero, first 4 bytes of the last block. The
    /// message gets `80 00…` only when it is not already whole blocks, as every host does (§5.4).
    public static func cbcMAC(_ message: [UInt8], key: [UInt8] = deviceKey) throws(SM4.Unavailable) -> [UInt8] {
        var padded = message
        if padded.count % SM4.blockSize != 0 {
            padded.append(0x80)
            while padded.count % SM4.blockSize != 0 { padded.append(0) }
        }
        let output = try SM4.encryptCBC(key: key, iv: [UInt8](repeating: 0, count: 16), padded)
        return Array(output.suffix(SM4.blockSize).prefix(4))
    }

    /// The MAC of a secure command: computed over the header as if plain (CLA 80, Lc = body length).
    public static func secureMAC(ins: UInt8, p1: UInt8, p2: UInt8, body: [UInt8],
                                 key: [UInt8] = deviceKey) throws(SM4.Unavailable) -> [UInt8] {
        try cbcMAC([0x80, ins, p1, p2, UInt8(body.count)] + body, key: key)
    }

    /// ISO/IEC 9797-1 padding method 2, always: `80` then zeros to a block boundary, so an
    /// aligned seed gets a whole extra block (§5.3; the rule tokens accept).
    public static func padSeed(_ seed: [UInt8]) -> [UInt8] {
        var padded = seed + [0x80]
        while padded.count % SM4.blockSize != 0 { padded.append(0) }
        return padded
    }

    /// The token's reading of a decrypted seed: skip trailing zeros, the next byte must be `80`,
    /// the seed is what precedes it. Nil when there is no marker.
    public static func stripSeedPadding(_ plaintext: [UInt8]) -> [UInt8]? {
        var end = plaintext.count
        while end > 0 && plaintext[end - 1] == 0 { end -= 1 }
        guard end > 0, plaintext[end - 1] == 0x80 else { return nil }
        return Array(plaintext.prefix(end - 1))
    }
}
