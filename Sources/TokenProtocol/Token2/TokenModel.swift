/// A programmable single-profile model, known by its 7-digit serial prefix (docs/token-protocol.md §10).
public struct TokenModel: Sendable, Equatable {
    public var prefix: String
    public var name: String
    /// Whether a time write keeps the seed ("unrestricted sync"); the other models wipe it.
    public var keepsSeedOnTimeWrite: Bool

    /// The vendor's table (V). Serials with other prefixes are unknown and not programmable.
    public static let all: [TokenModel] = [
        TokenModel(prefix: "8659600", name: "miniOTP-2-i", keepsSeedOnTimeWrite: true),
        TokenModel(prefix: "8659601", name: "miniOTP-3-i", keepsSeedOnTimeWrite: false),
        TokenModel(prefix: "8659609", name: "miniOTP-3-i-NB", keepsSeedOnTimeWrite: false),
        TokenModel(prefix: "8659610", name: "C301-i", keepsSeedOnTimeWrite: false),
        TokenModel(prefix: "8659612", name: "OTPC-P1-i", keepsSeedOnTimeWrite: true),
        TokenModel(prefix: "8659621", name: "OTPC-P2-i-NB", keepsSeedOnTimeWrite: false),
        TokenModel(prefix: "8659622", name: "OTPC-P2-i", keepsSeedOnTimeWrite: false),
        TokenModel(prefix: "8659632", name: "C302-i", keepsSeedOnTimeWrite: true),
    ]

    /// The model whose prefix starts the serial, longest prefix first.
    public static func identify(serial: String) -> TokenModel? {
        all.filter { serial.hasPrefix($0.prefix) }.max { $0.prefix.count < $1.prefix.count }
    }

    /// The model with this name, ignoring case and dashes (`c302i` finds C302-i).
    public static func named(_ name: String) -> TokenModel? {
        func fold(_ text: String) -> String { text.lowercased().filter { $0 != "-" } }
        return all.first { fold($0.name) == fold(name) }
    }
}
