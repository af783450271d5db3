/// The five single-profile commands as APDUs (docs/token-protocol.md §3), with the bytes a trace must mask.
public enum TokenCommand {
    /// `80 41 00 00 02 02 11`.
    public static let getInfo = CommandAPDU(name: "GET INFO", cla: 0x80, ins: 0x41, p1: 0, p2: 0, data: [0x02, 0x11])

    /// `80 4B 08 00 00`: the case-2 form, used against real tokens by the independent tool.
    public static let getChallenge = CommandAPDU(name: "GET CHALLENGE", cla: 0x80, ins: 0x4B, p1: 0x08, p2: 0, le: 0x00)

    /// `80 CE 00 00 10` + SM4_K(challenge ‖ 0⁸).
    public static func authenticate(challenge: [UInt8]) throws(TokenError) -> CommandAPDU {
        let answer = try crypto { () throws(SM4.Unavailable) in try TokenCrypto.challengeAnswer(challenge) }
        return CommandAPDU(name: "AUTHENTICATE", cla: 0x80, ins: 0xCE, p1: 0, p2: 0, data: answer, sensitive: [5..<21])
    }

    /// `84 D4 00 00 17` + TLV(19) + MAC(4). The TLV is plain; the MAC is masked.
    public static func writeConfig(_ config: TokenConfig) throws(TokenError) -> CommandAPDU {
        try secure(name: "WRITE CONFIG", ins: 0xD4, p1: 0x00, body: config.tlv, maskBody: false)
    }

    /// `84 C5 01 00 Lc` + SM4-ECB(method-2 padded seed) + MAC(4). The seed goes as given (1–63
    /// bytes; zero-extending to 20 bytes gives the same codes and is the caller's choice).
    public static func writeSeed(_ seed: [UInt8]) throws(TokenError) -> CommandAPDU {
        guard (1...63).contains(seed.count) else { throw TokenError.seedLength(seed.count) }
        let ciphertext = try crypto { () throws(SM4.Unavailable) in
            try SM4.encryptECB(key: TokenCrypto.deviceKey, TokenCrypto.padSeed(seed))
        }
        return try secure(name: "WRITE SEED", ins: 0xC5, p1: 0x01, body: ciphertext, maskBody: true)
    }

    private static func secure(name: String, ins: UInt8, p1: UInt8, body: [UInt8], maskBody: Bool) throws(TokenError) -> CommandAPDU {
        try crypto { () throws(SM4.Unavailable) in
            try SecureAPDU.build(name: name, ins: ins, p1: p1, p2: 0, body: body, key: TokenCrypto.deviceKey, maskBody: maskBody)
        }
    }

    private static func crypto<T>(_ body: () throws(SM4.Unavailable) -> T) throws(TokenError) -> T {
        do { return try body() } catch { throw TokenError.crypto(error.description) }
    }
}
