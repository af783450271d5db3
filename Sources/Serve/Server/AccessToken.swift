import SeedFiles

/// The random token the printed address carries. Every request and socket must present it (in the
/// query once, then the cookie the server sets, or as `Authorization: Bearer`), so another user on
/// the machine, or a web page in the person's browser, cannot use the server by guessing its port.
public struct AccessToken: Sendable, Equatable {
    public let text: String

    /// 32 random bytes from the system generator (`SecureRandom`, the same one `skew seed new` uses), as hex.
    public static func random() throws -> AccessToken {
        AccessToken(text: try SecureRandom.bytes(32).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined())
    }

    public init(text: String) { self.text = text }

    /// Compares in time independent of where the first difference is, so the token cannot be found
    /// a character at a time by timing refusals.
    func matches(_ candidate: Substring?) -> Bool {
        guard let candidate else { return false }
        let given = Array(candidate.utf8), expected = Array(text.utf8)
        guard given.count == expected.count else { return false }
        var difference: UInt8 = 0
        for index in expected.indices { difference |= given[index] ^ expected[index] }
        return difference == 0
    }
}
