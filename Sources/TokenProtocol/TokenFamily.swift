/// The token families skew talks to. They share the reader and nothing else: Token2 speaks ISO
/// 7816 APDUs, Protectimus its own frames (docs/token-protocol.md §11.2).
public enum TokenFamily: String, Sendable, CaseIterable, Codable {
    case token2
    case protectimus
}

/// A token recognised by its answer to a harmless read.
public enum DetectedToken: Sendable {
    case token2(TokenReading)
    case protectimus(ProtectimusInfo, APDUExchange)

    public var family: TokenFamily {
        switch self {
        case .token2: return .token2
        case .protectimus: return .protectimus
        }
    }
}

/// Finds out which family a token belongs to by how it answers reads; it never sends a write.
///
/// Order: Token2's GET INFO first, then Protectimus's READ INFO only if GET INFO got no Token2
/// answer. GET INFO is a documented harmless read on Token2 tokens, which their vendor warns can be
/// damaged by unknown commands, so a Token2 token only ever sees the command it knows. To a
/// Protectimus token GET INFO (`80 41 …`) is not even a frame (its frames start with `86`), so it
/// cannot be taken for SET TIME; the token's answer to it is unknown (§12.12): an error status, no
/// answer, a timeout or a dropped link all mean "not a Token2 token" and move on to READ INFO. Silence
/// can leave the link dropped or the card muted, so after it the link is set up again first.
public enum FamilyDetector {
    public struct Unrecognized: Error, Sendable, CustomStringConvertible {
        public var token2Answer: String
        public var protectimusAnswer: String

        public var description: String {
            "the token is neither a Token2 single-profile token (GET INFO: \(token2Answer)) nor a Protectimus SLIM NFC (READ INFO: \(protectimusAnswer)). Fix: check the token is switched on and supported; --trace shows the bytes"
        }
    }

    /// The commands detection may send, in order (for `--dry-run`).
    public static let probes = [TokenCommand.getInfo, ProtectimusCommand.readInfo]

    /// Transport failures other than an unanswered command (no service, Ctrl-C) are rethrown as
    /// they are.
    public static func detect(_ transport: any APDUTransport) throws -> DetectedToken {
        let token2Answer: String
        do {
            return .token2(try TokenSession(transport: transport).getInfo())
        } catch let error as UnansweredCommand where error.isUnanswered {
            token2Answer = "no answer"
            try transport.reconnect()
        } catch let error as TokenError {
            switch error {
            case .unexpectedStatus, .malformedResponse: token2Answer = error.shortText
            default: throw error
            }
        }
        do {
            let (info, exchange) = try ProtectimusSession(transport: transport).readInfo()
            return .protectimus(info, exchange)
        } catch let error as ProtectimusError {
            throw Unrecognized(token2Answer: token2Answer, protectimusAnswer: error.description)
        } catch let error as UnansweredCommand where error.isUnanswered {
            throw Unrecognized(token2Answer: token2Answer, protectimusAnswer: "no answer")
        }
    }
}

extension TokenError {
    /// The status or problem alone, for naming what a foreign token answered.
    var shortText: String {
        switch self {
        case .unexpectedStatus(_, let sw): return "status \(StatusWord.text(sw))"
        default: return description
        }
    }
}
