import COpenSSL

/// The Molto2's SM4 key K_M (docs/token-protocol.md §11.1.2): the first 16 bytes of SHA-1 of the
/// customer key. The customer key itself never leaves the host; only K_M is used on the wire
/// (and sent, encrypted, by CHANGE CUSTOMER KEY). Its description never shows the bytes.
public struct Molto2Key: Sendable, Equatable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// The published factory customer key: anyone can program a token that still has it.
    public static let factoryCustomerKey = "TOKEN2MOLTO1-KEY"
    public static let factory = Molto2Key(customerKey: Array(factoryCustomerKey.utf8))

    public init(customerKey: [UInt8]) {
        var digest = [UInt8](repeating: 0, count: 20)
        _ = SHA1(customerKey, customerKey.count, &digest)
        bytes = Array(digest.prefix(16))
    }

    /// A key whose 16 bytes are already derived (the emulator's state file keeps K_M only).
    public init(derived: [UInt8]) {
        precondition(derived.count == 16, "K_M is 16 bytes")
        bytes = derived
    }

    public var isFactory: Bool { self == Self.factory }

    public var description: String { isFactory ? "the factory key" : "a customer key" }
}
