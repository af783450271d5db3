/// A CLA `84` command as both Token2 families build it (docs/token-protocol.md §5.4): the body,
/// then the 4-byte SM4 CBC-MAC of the plain header and body under the family's key. Every byte a
/// trace must hide is marked: the MAC always, the body too when it is ciphertext.
public enum SecureAPDU {
    public static func build(name: String, ins: UInt8, p1: UInt8, p2: UInt8, body: [UInt8], key: [UInt8],
                             maskBody: Bool) throws(SM4.Unavailable) -> CommandAPDU {
        let mac = try TokenCrypto.secureMAC(ins: ins, p1: p1, p2: p2, body: body, key: key)
        let macStart = 5 + body.count
        let sensitive = maskBody ? [5..<(macStart + 4)] : [macStart..<(macStart + 4)]
        return CommandAPDU(name: name, cla: 0x84, ins: ins, p1: p1, p2: p2, data: body + mac, sensitive: sensitive)
    }
}
