/// A Molto2 profile number, 0–99, carried in P2 of every per-profile command
/// (docs/token-protocol.md §11.1.3). The original Molto2 had 50 profiles; the v2 has 100.
public struct Molto2Profile: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public static let count = 100
    public static let all = (0..<count).map { Molto2Profile(unchecked: UInt8($0)) }

    public let number: UInt8

    public init?(_ number: Int) {
        guard (0..<Self.count).contains(number) else { return nil }
        self.number = UInt8(number)
    }

    private init(unchecked number: UInt8) { self.number = number }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.number < rhs.number }
    public var description: String { "profile \(number)" }

    public init(from decoder: any Decoder) throws {
        let number = try decoder.singleValueContainer().decode(Int.self)
        guard let profile = Molto2Profile(number) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "profile \(number) is outside 0–99"))
        }
        self = profile
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Int(number))
    }
}
