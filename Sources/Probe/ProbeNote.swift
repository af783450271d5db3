/// A probe setting that a note of the answer refers to. A front end names it its own way (the CLI
/// as its option, a web page as its field), so the probe engine never names either.
public enum ProbeSetting: String, Sendable, Equatable, CaseIterable {
    /// The rule that tells an accepted code from a rejected one.
    case acceptanceRule = "acceptance-rule"
    /// The command that restores the verifier (used steps, learned drift, lockout).
    case resetCommand = "reset-command"
    /// The command that submits a code to the verifier.
    case verifierCommand = "verifier-command"
    /// How many steps either side are tried.
    case range
    /// The offset the verifier's window is centred on.
    case centre
    /// The longest the probe waits for a fresh step or a rate limit.
    case maxWait = "max-wait"
    /// How many codes may be judged.
    case maxAttempts = "max-attempts"
    /// How many rejected codes may be spent.
    case maxFailures = "max-failures"

    /// The setting in plain words.
    public var plainName: String {
        switch self {
        case .acceptanceRule: "the acceptance rule"
        case .resetCommand: "the reset command"
        case .verifierCommand: "the verifier command"
        case .range: "the range tried"
        case .centre: "the centre offset"
        case .maxWait: "the longest wait"
        case .maxAttempts: "the attempt budget"
        case .maxFailures: "the failure budget"
        }
    }
}

/// A sentence of a probe's answer, with the settings it names kept as values: write one as a
/// string with `\(.resetCommand)` where the setting goes. `worded` names them for a front end;
/// `text` in plain words.
public struct ProbeNote: Sendable, Equatable, CustomStringConvertible, ExpressibleByStringInterpolation {
    public enum Piece: Sendable, Equatable {
        case text(String)
        case setting(ProbeSetting)
    }

    public var pieces: [Piece]

    public init(stringLiteral value: String) {
        pieces = [.text(value)]
    }

    public init(stringInterpolation: Interpolation) {
        pieces = stringInterpolation.pieces
    }

    public struct Interpolation: StringInterpolationProtocol {
        var pieces: [Piece] = []

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) { pieces.append(.text(literal)) }
        public mutating func appendInterpolation(_ setting: ProbeSetting) { pieces.append(.setting(setting)) }
        public mutating func appendInterpolation(_ value: some Any) { pieces.append(.text(String(describing: value))) }
    }

    /// The sentence with each setting named by `name`.
    public func worded(_ name: (ProbeSetting) -> String) -> String {
        pieces.map { piece in
            switch piece {
            case .text(let text): text
            case .setting(let setting): name(setting)
            }
        }.joined()
    }

    /// The settings the sentence names.
    public var settings: [ProbeSetting] {
        pieces.compactMap { if case .setting(let setting) = $0 { setting } else { nil } }
    }

    /// The sentence in plain words.
    public var text: String { worded(\.plainName) }
    public var description: String { text }
}
