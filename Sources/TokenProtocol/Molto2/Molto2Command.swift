/// Every Molto2 command as an APDU (docs/token-protocol.md §11.1.3), built under a key K_M, with the
/// bytes a trace must mask. Plain commands (`80`) carry no secret; secure ones (`84`) end in a MAC.
public enum Molto2Command {
    /// `80 41 00 00 00`: serial and device clock. Not the single-profile form (`… 02 02 11`).
    public static let getInfo = CommandAPDU(name: "GET INFO", cla: 0x80, ins: 0x41, p1: 0, p2: 0, le: 0x00)

    /// `80 41 00 pp 01 70`, with no Le (a trailing Le is refused with `6F FB`).
    public static func readPublicData(_ profile: Molto2Profile) -> CommandAPDU {
        CommandAPDU(name: "READ PUBLIC DATA", cla: 0x80, ins: 0x41, p1: 0, p2: profile.number, data: [0x70])
    }

    public static let getChallenge = TokenCommand.getChallenge

    /// `80 CE 00 00 10` + SM4-ECB_{K_M}(challenge ‖ 0⁸).
    public static func authenticate(challenge: [UInt8], key: Molto2Key) throws(Molto2Error) -> CommandAPDU {
        let answer = try crypto { () throws(SM4.Unavailable) in try TokenCrypto.challengeAnswer(challenge, key: key.bytes) }
        return CommandAPDU(name: "AUTHENTICATE", cla: 0x80, ins: 0xCE, p1: 0, p2: 0, data: answer, sensitive: [5..<21])
    }

    /// `84 C5 01 pp Lc` + SM4-ECB(seed ‖ 80 00…) + MAC: always padded, so an aligned seed gets a
    /// whole extra block (the form a device scanning back to the `80` marker reads unambiguously).
    public static func writeSeed(_ seed: [UInt8], profile: Molto2Profile, key: Molto2Key) throws(Molto2Error) -> CommandAPDU {
        guard (1...63).contains(seed.count) else { throw Molto2Error.seedLength(seed.count) }
        guard seed.contains(where: { $0 != 0 }) else { throw Molto2Error.allZeroSeed }
        return try encryptedSecure(name: "WRITE SEED", ins: 0xC5, p1: 0x01, profile: profile, plaintext: TokenCrypto.padSeed(seed), key: key)
    }

    /// `84 D5 00 pp 14` + SM4-ECB(title ‖ 80 00…, one block) + MAC. Titles are 1–12 UTF-8 bytes.
    public static func writeTitle(_ title: String, profile: Molto2Profile, key: Molto2Key) throws(Molto2Error) -> CommandAPDU {
        let bytes = Array(title.utf8)
        guard (1...12).contains(bytes.count) else { throw Molto2Error.titleLength(bytes.count) }
        return try encryptedSecure(name: "WRITE TITLE", ins: 0xD5, p1: 0x00, profile: profile, plaintext: TokenCrypto.padSeed(bytes), key: key)
    }

    /// `84 D4 01 pp 1A` + the full TLV (plain) + MAC.
    public static func writeConfig(_ config: Molto2Config, profile: Molto2Profile, key: Molto2Key) throws(Molto2Error) -> CommandAPDU {
        try secure(name: "WRITE CONFIG", ins: 0xD4, p1: 0x01, p2: profile.number, body: config.tlv, key: key, maskBody: false)
    }

    /// `84 D4 01 pp 0C` + `81 06 0F 04 time` + MAC: the time alone.
    public static func syncTime(_ time: UInt32, profile: Molto2Profile, key: Molto2Key) throws(Molto2Error) -> CommandAPDU {
        try secure(name: "SYNC TIME", ins: 0xD4, p1: 0x01, p2: profile.number, body: Molto2Config.syncTLV(time: time), key: key, maskBody: false)
    }

    /// `80 E6 00 pp 00`: plain, and it works without authentication on the device that was tested.
    public static func deleteSeed(_ profile: Molto2Profile) -> CommandAPDU {
        CommandAPDU(name: "DELETE SEED", cla: 0x80, ins: 0xE6, p1: 0, p2: profile.number, le: 0x00)
    }

    /// `84 D7 00 00 24` + SM4-ECB_{K_M}(00 ‖ K_M' ‖ 80 00…) + MAC, under the current key; the
    /// token commits it only after its ▲ button is pressed.
    public static func changeKey(to newKey: Molto2Key, key: Molto2Key) throws(Molto2Error) -> CommandAPDU {
        let block = [0x00] + newKey.bytes + [0x80] + [UInt8](repeating: 0, count: 14)
        return try encryptedSecure(name: "CHANGE CUSTOMER KEY", ins: 0xD7, p1: 0x00, profile: nil, plaintext: block, key: key)
    }

    /// `80 56 00 00 00`: erases every profile and restores the factory key after a button press.
    public static let factoryReset = CommandAPDU(name: "FACTORY RESET", cla: 0x80, ins: 0x56, p1: 0, p2: 0, le: 0x00)

    /// `80 D8 0C 02 00` and `80 D8 0C 02 01 01`, the vendor's framing (firmware 2.1 and later).
    public static let screenLock = CommandAPDU(name: "SCREEN LOCK", cla: 0x80, ins: 0xD8, p1: 0x0C, p2: 0x02, le: 0x00)
    public static let screenUnlock = CommandAPDU(name: "SCREEN UNLOCK", cla: 0x80, ins: 0xD8, p1: 0x0C, p2: 0x02, data: [0x01])

    private static func encryptedSecure(name: String, ins: UInt8, p1: UInt8, profile: Molto2Profile?, plaintext: [UInt8],
                                        key: Molto2Key) throws(Molto2Error) -> CommandAPDU {
        let ciphertext = try crypto { () throws(SM4.Unavailable) in try SM4.encryptECB(key: key.bytes, plaintext) }
        return try secure(name: name, ins: ins, p1: p1, p2: profile?.number ?? 0, body: ciphertext, key: key, maskBody: true)
    }

    private static func secure(name: String, ins: UInt8, p1: UInt8, p2: UInt8, body: [UInt8], key: Molto2Key,
                               maskBody: Bool) throws(Molto2Error) -> CommandAPDU {
        try crypto { () throws(SM4.Unavailable) in
            try SecureAPDU.build(name: name, ins: ins, p1: p1, p2: p2, body: body, key: key.bytes, maskBody: maskBody)
        }
    }

    private static func crypto<T>(_ body: () throws(SM4.Unavailable) -> T) throws(Molto2Error) -> T {
        do { return try body() } catch { throw Molto2Error.crypto(error.description) }
    }
}
